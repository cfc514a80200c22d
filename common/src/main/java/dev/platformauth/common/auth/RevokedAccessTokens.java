package dev.platformauth.common.auth;

import dev.platformauth.common.PlatformAuth;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.JsonWebToken;

/**
 * Access tokens revoked at Keycloak's revocation endpoint, for as long as our refresh routes could
 * still accept them. Keycloak records a revoked access token's id in its revoked-token store only until
 * the token expires (its own checks refuse expired tokens anyway); the refresh routes accept a token for
 * a grace period after that ({@link RefreshWindow}), so {@link RevokedTokenListener} records each revoked
 * id a second time, under {@value #KEY_PREFIX}{@code <id>}, long enough to cover the grace period. Both
 * records live in Keycloak's store (database-backed, shared by the cluster) and are read the way
 * Keycloak's {@code TokenManager.TokenRevocationCheck} reads them.
 */
public final class RevokedAccessTokens {

    static final String KEY_PREFIX = PlatformAuth.PREFIX + ".revoked:";

    private RevokedAccessTokens() {
    }

    /** Records that the access token {@code tokenId} stays revoked for {@code seconds}. */
    public static void remember(KeycloakSession session, String tokenId, long seconds) {
        session.revokedTokens().put(KEY_PREFIX + tokenId, seconds);
    }

    /** Whether {@code token} was revoked: Keycloak's own record, or ours for its grace period. */
    public static boolean isRevoked(KeycloakSession session, JsonWebToken token) {
        String id = token.getId();
        return id != null && (session.revokedTokens().contains(id) || session.revokedTokens().contains(KEY_PREFIX + id));
    }
}
