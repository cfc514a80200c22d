package dev.platformauth.rest.loginas;

import dev.platformauth.common.security.ShortSessionTokens;
import dev.platformauth.rest.grant.PlatformAuthGrantType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.CorsErrorResponseException;

/**
 * The grant type the tokens of a login-as session are issued under ({@value LoginAsGrantTypeFactory#GRANT_TYPE},
 * in their token id): Keycloak (26.7 on) asks it, when its bearer-token authenticator checks such a token, whether
 * the token may serve the request, and it refuses Keycloak's admin and protection APIs and the endpoints that hand
 * out lasting credentials ({@link ShortSessionTokens#allowedAt}).
 * Only the login-as API issues these tokens: at the token endpoint the grant type is refused like an unknown
 * one (400 {@code unsupported_grant_type}), with a LOGIN_ERROR event.
 */
final class LoginAsGrantType extends PlatformAuthGrantType {

    @Override
    public Response process(Context context) {
        setContext(context);
        event.detail(Details.REASON, "login-as sessions are opened by the login-as API only").error(Errors.NOT_ALLOWED);
        throw new CorsErrorResponseException(cors, OAuthErrorException.UNSUPPORTED_GRANT_TYPE, "Unsupported grant_type",
                Response.Status.BAD_REQUEST);
    }

    @Override
    public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
        return ShortSessionTokens.allowedAt(session.getContext().getUri().getPath());
    }
}
