package dev.platformauth.rest.grant;

import dev.platformauth.rest.http.TokenResponses;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.CorsErrorResponseException;

import java.util.Set;
import java.util.function.Consumer;

/**
 * What this bundle's token-endpoint grants share: a LOGIN event, no parameters of their own for
 * Keycloak's duplicate check, and a per-client switch (a client attribute that must be {@code "true"},
 * else {@code unauthorized_client}).
 */
public abstract class PlatformAuthGrantType extends OAuth2GrantTypeBase {

    @Override
    public EventType getEventType() {
        return EventType.LOGIN;
    }

    // no @Override: the method is new in Keycloak 26.7; older lines never call it
    public Set<String> getTokenParameterNames() {
        return Set.of();
    }

    /**
     * The token response of this grant for the signed-in session of {@code clientSessionCtx}: the tokens
     * of {@link TokenResponses} (the path of every sign-in of this bundle, the same on every supported
     * Keycloak line), a refresh token when {@code refreshToken} and the client uses them, bound to the
     * client certificate when the client asks for certificate-bound tokens; {@code adjust} changes the
     * tokens before they are signed. The event succeeds.
     */
    protected Response tokenResponse(ClientSessionContext clientSessionCtx, boolean refreshToken,
                                     Consumer<TokenManager.AccessTokenResponseBuilder> adjust) {
        UserSessionModel userSession = clientSessionCtx.getClientSession().getUserSession();
        updateUserSessionFromClientAuth(userSession);
        clientSessionCtx.setAttribute(Constants.GRANT_TYPE, context.getGrantType());
        TokenManager.AccessTokenResponseBuilder tokens = TokenResponses.tokens(session, client, userSession, clientSessionCtx,
                event, refreshToken && clientConfig.isUseRefreshToken());
        checkAndBindMtlsHoKToken(tokens, tokens.getRefreshToken() != null);
        adjust.accept(tokens);
        AccessTokenResponse response = TokenResponses.finish(tokens, userSession);
        event.success();
        return cors.add(Response.ok(response).type(MediaType.APPLICATION_JSON_TYPE));
    }

    /** 400 {@code unauthorized_client} (event NOT_ALLOWED) unless the client's {@code attribute} is {@code "true"}. */
    protected void requireSwitchedOn(String attribute, String grantName) {
        if (!Boolean.parseBoolean(client.getAttribute(attribute))) {
            event.error(Errors.NOT_ALLOWED);
            throw new CorsErrorResponseException(cors, OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "The " + grantName + " grant is not enabled for this client", Response.Status.BAD_REQUEST);
        }
    }
}
