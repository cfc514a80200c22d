package dev.platformauth.rest.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientProvider;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

@DisplayName("The metrics listener counts a flow's outcome from its event")
class FlowMetricsListenerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FlowMetricsListener listener;

    @BeforeEach
    void setUp() {
        Metrics.addRegistry(registry);
        KeycloakSession session = mock(KeycloakSession.class);
        KeycloakContext context = mock(KeycloakContext.class);
        RealmModel realm = mock(RealmModel.class);
        when(session.getContext()).thenReturn(context);
        when(context.getRealm()).thenReturn(realm);
        when(realm.getId()).thenReturn("realm-id");
        when(realm.getName()).thenReturn("acme");
        ClientProvider clients = mock(ClientProvider.class);
        when(session.clients()).thenReturn(clients);
        when(clients.getClientByClientId(realm, "auth-service")).thenReturn(mock(ClientModel.class));
        listener = new FlowMetricsListener(session);
    }

    @AfterEach
    void tearDown() {
        Metrics.removeRegistry(registry);
    }

    private static Event event(EventType type, String error, String... details) {
        Event event = new Event();
        event.setType(type);
        event.setRealmId("realm-id");
        event.setClientId("auth-service");
        event.setError(error);
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < details.length; i += 2) {
            map.put(details[i], details[i + 1]);
        }
        event.setDetails(map);
        return event;
    }

    private double count(String meter, String flow, String... moreTags) {
        var search = registry.find(meter).tags("flow", flow, "realm", "acme", "client", "auth-service");
        if (moreTags.length > 0) {
            search = search.tags(moreTags);
        }
        var counter = search.counter();
        return counter == null ? 0 : counter.count();
    }

    /** Everything counted in this test (meters of earlier tests may exist, at zero). */
    private double counted() {
        return registry.getMeters().stream()
                .filter(meter -> meter instanceof io.micrometer.core.instrument.Counter)
                .mapToDouble(meter -> ((io.micrometer.core.instrument.Counter) meter).count()).sum();
    }

    @Nested
    @DisplayName("given a sign-in event")
    class SignIns {

        @Test
        @DisplayName("a LOGIN with an email login method is a redemption of that flow")
        void login() {
            listener.onEvent(event(EventType.LOGIN, null, "login_method", "magic-link"));
            assertThat(count("platform.auth.redeemed", "magic_link")).isEqualTo(1);
        }

        @Test
        @DisplayName("a LOGIN_ERROR is a failure with the event's error as reason")
        void loginError() {
            listener.onEvent(event(EventType.LOGIN_ERROR, "invalid_code", "login_method", "exchange-code"));
            assertThat(count("platform.auth.failed", "exchange_code", "reason", "invalid_code")).isEqualTo(1);
        }

        @Test
        @DisplayName("the entity-token grant counts as its own flow")
        void entityGrant() {
            listener.onEvent(event(EventType.LOGIN, null, "login_method", "entity-token"));
            assertThat(count("platform.auth.redeemed", "entity_token_grant")).isEqualTo(1);
        }

        @Test
        @DisplayName("a password LOGIN is none of ours")
        void passwordLogin() {
            listener.onEvent(event(EventType.LOGIN, null));
            assertThat(counted()).isZero();
        }
    }

    @Nested
    @DisplayName("given the other flows")
    class OtherFlows {

        @Test
        @DisplayName("login-as counts only the route's IMPERSONATE (it records the impersonator id)")
        void loginAs() {
            listener.onEvent(event(EventType.IMPERSONATE, null, "impersonator", "admin"));
            assertThat(counted()).isZero();
            listener.onEvent(event(EventType.IMPERSONATE, null, "impersonator_id", "u1"));
            listener.onEvent(event(EventType.IMPERSONATE_ERROR, "not_allowed", "impersonator_id", "u1"));
            assertThat(count("platform.auth.issued", "login_as")).isEqualTo(1);
            assertThat(count("platform.auth.failed", "login_as", "reason", "not_allowed")).isEqualTo(1);
        }

        @Test
        @DisplayName("an entity-token introspection is redeemed when active, failed 'inactive' otherwise")
        void introspection() {
            listener.onEvent(event(EventType.INTROSPECT_TOKEN, null, "token_type", "entity_token"));
            listener.onEvent(event(EventType.INTROSPECT_TOKEN, null, "token_type", "entity_token", "reason", "inactive entity token"));
            listener.onEvent(event(EventType.INTROSPECT_TOKEN, null, "token_type", "Bearer"));
            assertThat(count("platform.auth.redeemed", "entity_token_introspection")).isEqualTo(1);
            assertThat(count("platform.auth.failed", "entity_token_introspection", "reason", "inactive")).isEqualTo(1);
        }

        @Test
        @DisplayName("a password reset: throttled by its resend interval, spent, refused; its mail is not counted here but where it is handed over")
        void passwordReset() {
            listener.onEvent(event(EventType.SEND_RESET_PASSWORD, null, "platform_auth_flow", "password-reset"));
            listener.onEvent(event(EventType.SEND_RESET_PASSWORD_ERROR, "slow_down", "platform_auth_flow", "password-reset"));
            listener.onEvent(event(EventType.UPDATE_PASSWORD, null, "platform_auth_flow", "password-reset"));
            listener.onEvent(event(EventType.RESET_PASSWORD_ERROR, "invalid_token", "platform_auth_flow", "password-reset"));
            listener.onEvent(event(EventType.UPDATE_PASSWORD, null));
            assertThat(count("platform.auth.issued", "password_reset")).isZero();
            assertThat(count("platform.auth.throttled", "password_reset")).isEqualTo(1);
            assertThat(count("platform.auth.redeemed", "password_reset")).isEqualTo(1);
            assertThat(count("platform.auth.failed", "password_reset", "reason", "invalid_token")).isEqualTo(1);
        }

        @Test
        @DisplayName("a client id the realm does not know (as a refused request sent it) is tagged 'unknown'")
        void unknownClient() {
            Event event = event(EventType.LOGIN_ERROR, "client_not_found", "login_method", "exchange-code");
            event.setClientId("a\r\nb");
            listener.onEvent(event);
            assertThat(registry.find("platform.auth.failed").tags("flow", "exchange_code", "client", "unknown").counter())
                    .isNotNull().extracting(io.micrometer.core.instrument.Counter::count).isEqualTo(1.0);
            assertThat(registry.find("platform.auth.failed").tags("client", "a\r\nb").counter()).isNull();
        }

        @Test
        @DisplayName("an unexpected error text becomes the reason 'other', keeping the tag values bounded")
        void unboundedReason() {
            listener.onEvent(event(EventType.LOGIN_ERROR, "Some Free Text: with spaces", "login_method", "email-otp"));
            assertThat(count("platform.auth.failed", "email_otp", "reason", "other")).isEqualTo(1);
        }
    }
}
