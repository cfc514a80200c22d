package dev.platformauth.rest.terms;

import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.Caller;
import dev.platformauth.common.security.PrivilegeBoundary;
import dev.platformauth.common.terms.Terms;
import dev.platformauth.common.terms.TermsAcceptances;
import dev.platformauth.common.terms.TermsConfig;
import dev.platformauth.common.terms.TermsLogEntry;
import dev.platformauth.common.terms.TermsPolicy;
import dev.platformauth.rest.http.JsonRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.util.Optional;

/**
 * The sentinel API's {@code acceptTermsAndConditions} and {@code termsAndConditions}: the caller (Bearer)
 * accepts terms for themself. The version must be the one that applies to them (realm config or the
 * organization's override), so clients cannot accept terms they never showed. Each success appends a
 * log row, sets the user attribute and leaves a CUSTOM_REQUIRED_ACTION event; refusals leave a
 * CUSTOM_REQUIRED_ACTION_ERROR event. Login-as and entity-token sessions cannot accept on the user's
 * behalf ({@link PrivilegeBoundary}).
 */
public final class TermsAcceptanceApi {

    /** 400 error code of a version that is not the current one. */
    static final String VERSION_NOT_CURRENT = "terms_version_not_current";
    private static final int MAX_CORP_ID_LENGTH = 255;

    private final KeycloakSession session;
    private final RealmModel realm;

    public TermsAcceptanceApi(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** {@code {corpId?, version}}: accepts {@code version}, which must be current for the caller (in {@code corpId}). */
    public Response acceptVersion(Caller caller, JsonRequest request) {
        EventBuilder event = event(caller);
        String version = request.optionalString("version", TermsConfig.MAX_VERSION_LENGTH)
                .orElseThrow(() -> refuse(event, Errors.INVALID_REQUEST,
                        JsonErrors.badRequest("Missing required field 'version'")));
        Optional<String> corpId = request.optionalString("corpId", MAX_CORP_ID_LENGTH);
        OrganizationModel organization = corpId.map(id -> organization(event, caller, id)).orElse(null);
        Terms terms = current(event, caller, organization);
        if (!terms.version().equals(version)) {
            event.detail(TermsAcceptances.DETAIL_VERSION, version);
            throw refuse(event, Errors.INVALID_REQUEST, JsonErrors.exception(Response.Status.BAD_REQUEST, VERSION_NOT_CURRENT,
                    "The version is not the current terms version" + (organization == null ? "" : " of this organization")));
        }
        return record(event, caller, terms);
    }

    /** No body: accepts the version that applies to the caller now. */
    public Response acceptCurrent(Caller caller) {
        EventBuilder event = event(caller);
        return record(event, caller, current(event, caller, null));
    }

    private Response record(EventBuilder event, Caller caller, Terms terms) {
        PrivilegeBoundary.sessionRefusal(caller.userSession(), "accept terms").ifPresent(refusal -> {
            event.detail(TermsAcceptances.DETAIL_VERSION, terms.version());
            throw refusal.refuse(event);
        });
        TermsLogEntry entry = TermsAcceptances.accept(session, realm, caller.user(), terms, caller.client(),
                TermsAcceptances.SOURCE_API);
        TermsAcceptances.details(event, terms, TermsAcceptances.ACCEPTED, TermsAcceptances.SOURCE_API)
                .detail(TermsAcceptances.DETAIL_LOG_ID, entry.id())
                .success();
        return Response.ok(entry.toJson(), MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    private Terms current(EventBuilder event, Caller caller, OrganizationModel organization) {
        return TermsPolicy.forUser(session, realm, caller.user(), organization,
                        session.getContext().resolveLocale(caller.user()))
                .orElseThrow(() -> refuse(event, Errors.INVALID_CONFIG, JsonErrors.exception(Response.Status.SERVICE_UNAVAILABLE,
                        JsonErrors.NOT_CONFIGURED, "This realm has no current terms version")));
    }

    private OrganizationModel organization(EventBuilder event, Caller caller, String corpId) {
        OrganizationModel organization = TermsPolicy.organization(session, realm, corpId);
        if (organization == null) {
            throw refuse(event, Errors.INVALID_REQUEST, JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND,
                    "No such organization"));
        }
        event.detail(TermsAcceptances.DETAIL_ORGANIZATION, organization.getId());
        if (!TermsPolicy.isMember(session, realm, organization, caller.user())) {
            throw refuse(event, Errors.NOT_ALLOWED, JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN,
                    "The caller is not a member of the organization"));
        }
        return organization;
    }

    private EventBuilder event(Caller caller) {
        return new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(org.keycloak.events.Details.CUSTOM_REQUIRED_ACTION, TermsConfig.PROVIDER_ID)
                .detail(TermsAcceptances.DETAIL_SOURCE, TermsAcceptances.SOURCE_API)
                .client(caller.client()).user(caller.user()).session(caller.userSession());
    }

    private static RuntimeException refuse(EventBuilder event, String error, RuntimeException response) {
        event.error(error);
        return response;
    }
}
