package dev.platformauth.common.terms;

import dev.platformauth.common.PlatformAuth;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.List;

/**
 * Records that a user accepted a terms version: the user attribute
 * {@value PlatformAuth#TERMS_VERSION_ATTRIBUTE} (the fast check and the {@code terms_version} claim)
 * and a row of the acceptance log (the audit), both in the request's transaction. Also the event
 * details every accept and decline carries.
 */
public final class TermsAcceptances {

    private static final Logger LOG = Logger.getLogger(TermsAcceptances.class);

    /** Event detail: the terms version accepted or declined. */
    public static final String DETAIL_VERSION = "terms_version";
    /** Event detail: {@value #ACCEPTED} or {@value #DECLINED}. */
    static final String DETAIL_DECISION = "terms_decision";
    /** Event detail: where the decision was made, {@value #SOURCE_LOGIN} or {@value #SOURCE_API}. */
    public static final String DETAIL_SOURCE = "terms_source";
    /** Event detail: the organization id the terms were resolved for. */
    public static final String DETAIL_ORGANIZATION = "organization_id";
    /** Event detail: the id of the log row an acceptance wrote. */
    public static final String DETAIL_LOG_ID = "terms_log_id";

    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";
    public static final String SOURCE_LOGIN = "login";
    public static final String SOURCE_API = "api";

    private TermsAcceptances() {
    }

    /** Stores the acceptance of {@code terms} by {@code user} through {@code client} and returns the log row. */
    public static TermsLogEntry accept(KeycloakSession session, RealmModel realm, UserModel user, Terms terms,
                                       ClientModel client, String source) {
        user.setSingleAttribute(PlatformAuth.TERMS_VERSION_ATTRIBUTE, terms.version());
        TermsLogEntry entry = TermsLog.of(session).append(new TermsLog.NewEntry(realm.getId(), user.getId(),
                terms.version(), Time.currentTimeMillis(), client == null ? null : client.getClientId(),
                remoteAddress(session), userAgent(session), terms.organizationId(), terms.organizationAlias(), source));
        LOG.debugf("terms: user %s accepted version %s in realm %s (%s)", user.getId(), terms.version(), realm.getId(), source);
        return entry;
    }

    /** Whether {@code user} has accepted exactly the version {@code terms} asks for. */
    public static boolean accepted(UserModel user, Terms terms) {
        return terms.version().equals(user.getFirstAttribute(PlatformAuth.TERMS_VERSION_ATTRIBUTE));
    }

    /** Adds the terms details of one decision to {@code event}. */
    public static EventBuilder details(EventBuilder event, Terms terms, String decision, String source) {
        event.detail(Details.CUSTOM_REQUIRED_ACTION, TermsConfig.PROVIDER_ID)
                .detail(DETAIL_VERSION, terms.version())
                .detail(DETAIL_DECISION, decision)
                .detail(DETAIL_SOURCE, source);
        if (terms.organizationId() != null) {
            event.detail(DETAIL_ORGANIZATION, terms.organizationId());
        }
        return event;
    }

    private static String remoteAddress(KeycloakSession session) {
        return session.getContext().getConnection() == null ? null : session.getContext().getConnection().getRemoteAddr();
    }

    private static String userAgent(KeycloakSession session) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        List<String> values = headers == null ? null : headers.getRequestHeader(HttpHeaders.USER_AGENT);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
