package dev.platformauth.rest.shortsession;

import dev.platformauth.common.security.ShortSessionTokens;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;

/**
 * Keycloak's access-token introspection, with one change: for the tokens of login-as and entity-token
 * grant sessions, the claims Keycloak rebuilds from the session's mappers are limited as the tokens
 * themselves are ({@link ShortSessionTokens#limit}). Otherwise introspection would report, and in its
 * JWT form (a client setting) sign, the roles the token was issued without: the account client's
 * management roles, {@code realm-management}, the broker's {@code read-token}.
 */
final class ShortSessionIntrospection extends AccessTokenIntrospectionProvider<AccessToken> {

    ShortSessionIntrospection(KeycloakSession session) {
        super(session);
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
        AccessToken transformed = super.transformAccessToken(token, userSession);
        if (ShortSessionTokens.isLimited(userSession)) {
            ShortSessionTokens.limit(session, userSession, transformed);
        }
        return transformed;
    }
}
