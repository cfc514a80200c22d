package dev.platformauth.rest.shortsession;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.managers.AppAuthManager;

import java.util.Locale;
import java.util.Set;

/**
 * Keycloak's UMA grant ({@code urn:ietf:params:oauth:grant-type:uma-ticket}, Authorization Services)
 * with a guard in front: Keycloak would answer a login-as or entity-token token (as the bearer, the
 * {@code subject_token} or the {@code claim_token}) with a requesting party token of its own lifetime
 * in the same session, and with a refresh token for the token's client, which Keycloak's
 * {@code refresh_token} grant then renews for as long as the session lives. Such a request is refused
 * (400 {@code invalid_request}, a PERMISSION_TOKEN_ERROR event {@code not_allowed} with the reason,
 * {@link ShortSessions}); every other request is Keycloak's grant, unchanged.
 */
final class ShortSessionPermissionGrant implements OAuth2GrantType {

    static final String ACTION = "obtain permission tokens";
    private static final String BEARER = "bearer";

    private final OAuth2GrantType keycloaks;

    ShortSessionPermissionGrant(OAuth2GrantType keycloaks) {
        this.keycloaks = keycloaks;
    }

    @Override
    public Response process(Context context) {
        MultivaluedMap<String, String> form = context.getFormParams();
        ShortSessions.behind(context.getSession(), context.getRealm(), ACTION, bearer(context.getHeaders()),
                form.getFirst("subject_token"), form.getFirst("claim_token")).ifPresent(found -> {
                    throw ShortSessions.refuse(found, context.getEvent(), context.getCors());
                });
        return keycloaks.process(context);
    }

    /**
     * The bearer token exactly as Keycloak's grant takes it, with Keycloak's own parser: from the first
     * {@code Authorization} header only (a second header must not hide the first from this guard). A header
     * Keycloak cannot parse gives none here; Keycloak's grant then refuses the request itself.
     */
    private static String bearer(HttpHeaders headers) {
        String authorization = headers == null ? null : headers.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return null;
        }
        try {
            return AppAuthManager.extractAuthorizationHeaderToken(headers);
        } catch (NotAuthorizedException e) {
            return null;
        }
    }

    @Override
    public EventType getEventType() {
        return keycloaks.getEventType();
    }

    @Override
    public Set<String> getSupportedMultivaluedRequestParameters() {
        return keycloaks.getSupportedMultivaluedRequestParameters();
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return keycloaks.getTokenParameterNames();
    }

    @Override
    public void preProcess(KeycloakSession session, MultivaluedMap<String, String> formParams) throws ClientPolicyException {
        keycloaks.preProcess(session, formParams);
    }

    @Override
    public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
        return keycloaks.isTokenAllowed(session, token);
    }

    @Override
    public void close() {
        keycloaks.close();
    }
}
