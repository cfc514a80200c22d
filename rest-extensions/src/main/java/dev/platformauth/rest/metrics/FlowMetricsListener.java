package dev.platformauth.rest.metrics;

import java.util.Map;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.metrics.FlowMetrics.Flow;
import dev.platformauth.common.metrics.FlowMetrics;
import dev.platformauth.rest.http.AdminEvents;
import dev.platformauth.rest.recovery.PasswordResets;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Counts the outcomes of the bundle's flows from the events they already emit, so every route and
 * login step that records an event is measured the same way: sign-ins by {@code login_method},
 * login-as by the impersonator id only our route records, entity-token introspection by its token
 * type, password resets by their flow detail (all but their mails, counted where they are handed over).
 * See docs/metrics.md.
 */
final class FlowMetricsListener implements EventListenerProvider {

    static final String ENTITY_TOKEN_TYPE = "entity_token";
    static final String INACTIVE = "inactive";

    private final KeycloakSession session;

    FlowMetricsListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        String error = event.getError();
        switch (event.getType()) {
            case LOGIN, LOGIN_ERROR -> {
                Flow flow = Flow.ofKind(details.get(PlatformAuth.DETAIL_LOGIN_METHOD));
                if (flow != null) {
                    outcome(event, flow, error);
                }
            }
            case IMPERSONATE, IMPERSONATE_ERROR -> {
                if (details.containsKey(AdminEvents.DETAIL_IMPERSONATOR_ID)) {
                    if (error == null) {
                        FlowMetrics.issued(Flow.LOGIN_AS, realm(event), client(event));
                    } else {
                        FlowMetrics.failed(Flow.LOGIN_AS, realm(event), client(event), error);
                    }
                }
            }
            case INTROSPECT_TOKEN, INTROSPECT_TOKEN_ERROR -> {
                if (ENTITY_TOKEN_TYPE.equals(details.get(Details.TOKEN_TYPE))) {
                    outcome(event, Flow.ENTITY_TOKEN_INTROSPECTION,
                            error == null && details.containsKey(Details.REASON) ? INACTIVE : error);
                }
            }
            case SEND_RESET_PASSWORD_ERROR -> {
                // issued resets are counted where the mail is handed over (MailedSecrets), not here
                if (isReset(details) && Errors.SLOW_DOWN.equals(error)) {
                    FlowMetrics.throttled(Flow.PASSWORD_RESET, realm(event), client(event));
                }
            }
            case UPDATE_PASSWORD, UPDATE_PASSWORD_ERROR, RESET_PASSWORD_ERROR -> {
                if (isReset(details)) {
                    outcome(event, Flow.PASSWORD_RESET, error);
                }
            }
            default -> {
                // not a flow of the bundle
            }
        }
    }

    private void outcome(Event event, Flow flow, String error) {
        if (error == null) {
            FlowMetrics.redeemed(flow, realm(event), client(event));
        } else {
            FlowMetrics.failed(flow, realm(event), client(event), error);
        }
    }

    private static boolean isReset(Map<String, String> details) {
        return PasswordResets.FLOW.equals(details.get(PasswordResets.DETAIL_FLOW));
    }

    /** The realm's name (the tag operators read), from the request's realm when it is the event's. */
    private String realm(Event event) {
        RealmModel realm = realmOf(event);
        return realm == null ? null : realm.getName();
    }

    /**
     * The event's client id when it names a client of the realm, else null ({@code unknown}): a refused
     * request records the client id it was sent, and a tag must not take whatever a caller sends.
     */
    private String client(Event event) {
        String clientId = event.getClientId();
        RealmModel realm = clientId == null ? null : realmOf(event);
        return realm != null && session.clients().getClientByClientId(realm, clientId) != null ? clientId : null;
    }

    private RealmModel realmOf(Event event) {
        RealmModel current = session.getContext().getRealm();
        if (current != null && current.getId().equals(event.getRealmId())) {
            return current;
        }
        return event.getRealmId() == null ? null : session.realms().getRealm(event.getRealmId());
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // admin events are not flows
    }

    @Override
    public void close() {
        // nothing held
    }
}
