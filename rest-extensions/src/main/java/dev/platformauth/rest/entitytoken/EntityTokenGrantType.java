package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.entitytoken.EntityGrantNotes;
import dev.platformauth.common.security.ShortSessionTokens;
import dev.platformauth.rest.http.TokenResponses;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import dev.platformauth.rest.grant.PlatformAuthGrantType;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.CorsErrorResponseException;

import java.util.List;
import java.util.Optional;

/**
 * {@code grant_type=urn:platform-auth:grant-type:entity-token} with {@code entity_token}: a short-lived
 * access token (no refresh token) for the token's user with the claims {@code entity} (organization
 * id) and {@code flags}. Off until the client's attribute {@value PlatformAuth#ENTITY_TOKEN_GRANT_ENABLED}
 * is {@code "true"}; the lifetime is the client's {@value #LIFETIME_ATTRIBUTE} (seconds, default
 * {@value #DEFAULT_LIFETIME}), never longer than the realm's access-token lifespan nor past the entity
 * token's own expiry. The session it opens carries {@link EntityGrantNotes}: revoking, rotating or
 * the user leaving the entity logs it out ({@link EntityTokenSessions}), and it is never refreshed.
 */
final class EntityTokenGrantType extends PlatformAuthGrantType {

    static final String PARAM = "entity_token";
    static final String LIFETIME_ATTRIBUTE = EntityTokenSettings.LIFETIME_ATTRIBUTE;
    static final int DEFAULT_LIFETIME = EntityTokenSettings.DEFAULT_LIFETIME;
    static final String METHOD = "entity-token";
    /** User-session note naming the entity token a session was opened with. */
    static final String SESSION_NOTE = PlatformAuth.ENTITY_TOKEN_SESSION_NOTE;

    @Override
    public Response process(Context context) {
        setContext(context);
        event.detail(PlatformAuth.DETAIL_LOGIN_METHOD, METHOD);

        requireSwitchedOn(PlatformAuth.ENTITY_TOKEN_GRANT_ENABLED, "entity-token");
        String secret = formParams.getFirst(PARAM);
        if (secret == null || secret.isBlank() || secret.length() > 512) {
            event.error(Errors.INVALID_REQUEST);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_REQUEST,
                    "Missing or malformed parameter: " + PARAM, Response.Status.BAD_REQUEST);
        }
        Optional<EntityTokenUse.Active> checked = EntityTokenUse.check(session, realm, secret.trim());
        if (checked.isEmpty()) {
            event.error(Errors.INVALID_TOKEN);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT,
                    "The entity token is invalid, expired or revoked", Response.Status.BAD_REQUEST);
        }
        EntityTokenUse.Active active = checked.get();
        UserModel user = active.user();
        event.detail("entity", active.token().getEntityId()).detail("entity_token_id", active.token().getId());
        String scope = getRequestedScopes();
        ClientSessionContext clientSessionCtx = TokenResponses.attach(session, client, user, METHOD, scope, event);
        UserSessionModel userSession = clientSessionCtx.getClientSession().getUserSession();
        // marks the session: its tokens may use the platform but not manage entity tokens (EntityTokenCaller),
        // are never refreshed (TokenResponses.refresh), end with the token (EntityTokenSessions), and the
        // platform token mapper reads the entity and flags from it
        List<String> flags = EntityTokenStore.readFlags(active.token());
        EntityGrantNotes.write(userSession, new EntityGrantNotes.Grant(active.token().getId(), active.token().getEntityId(), flags));
        // a revocation racing this grant may have missed the session: look at the token again once it is stored
        EntityTokenSessions.confirmAfterCommit(session, realm, userSession, secret.trim(), active.token(), flags);
        // no refresh token: the grant's tokens live no longer than the entity token allows
        return tokenResponse(clientSessionCtx, false, tokens -> {
            TokenResponses.capExpiry(tokens, expiryCap(Time.currentTime() + lifetime(), active.token().getExpiresAt()));
            AccessToken token = tokens.getAccessToken();
            token.setOtherClaims("entity", active.token().getEntityId());
            token.setOtherClaims("flags", flags);
            // an API key changes no account and administers nothing at Keycloak's APIs
            ShortSessionTokens.limit(session, userSession, token);
        });
    }

    /** Keycloak (26.7 on) asks when its bearer-token authenticator checks a token: {@link ShortSessionTokens#allowedAt}. */
    @Override
    public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
        return ShortSessionTokens.allowedAt(session.getContext().getUri().getPath());
    }

    /** The access token's latest {@code exp}: {@code lifetimeEnd}, or the entity token's own expiry when that comes first. */
    static long expiryCap(long lifetimeEnd, Long tokenExpiresAtMillis) {
        return tokenExpiresAtMillis == null ? lifetimeEnd : Math.min(lifetimeEnd, tokenExpiresAtMillis / 1000);
    }

    private int lifetime() {
        return ConfigValues.intIn(client.getAttribute(LIFETIME_ATTRIBUTE), 1, Integer.MAX_VALUE, DEFAULT_LIFETIME);
    }
}
