package dev.platformauth.rest.http;

import dev.platformauth.common.security.RefreshWindow;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.compat.KeycloakLine;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.representations.JsonWebToken;

/**
 * Access tokens revoked at Keycloak's revocation endpoint, for as long as our refresh routes could
 * still accept them. Keycloak records a revoked access token's id in its revoked-token store only until
 * the token expires (its own checks refuse expired tokens anyway); the refresh routes accept a token for
 * a grace period after that ({@link RefreshWindow}), so {@link RevokedTokenListener} records each revoked
 * id a second time, under {@value #KEY_PREFIX}{@code <id>}, long enough to cover the grace period. Both
 * records live in Keycloak's store (database-backed, shared by the cluster) and are read the way
 * Keycloak's {@code TokenManager.TokenRevocationCheck} reads them: on Keycloak 26.7 its revoked-token
 * store ({@code KeycloakSession.revokedTokens()}), on 26.4 and 26.5, which lack it, the single-use
 * object store under {@code <id>.revoked} (docs/compatibility.md).
 */
final class RevokedAccessTokens {

    static final String KEY_PREFIX = PlatformAuth.PREFIX + ".revoked:";
    /** {@code KeycloakSession.revokedTokens()} of Keycloak 26.7, absent on 26.4 and 26.5. */
    private static final Optional<Method> REVOKED_TOKENS = KeycloakLine.method(KeycloakSession.class, "revokedTokens");
    private static final Optional<Method> PUT = REVOKED_TOKENS
            .flatMap(store -> KeycloakLine.method(store.getReturnType(), "put", String.class, long.class));
    private static final Optional<Method> CONTAINS = REVOKED_TOKENS
            .flatMap(store -> KeycloakLine.method(store.getReturnType(), "contains", String.class));

    private RevokedAccessTokens() {
    }

    /** Records that the access token {@code tokenId} stays revoked for {@code seconds}. */
    static void remember(KeycloakSession session, String tokenId, long seconds) {
        String key = KEY_PREFIX + tokenId;
        if (PUT.isPresent()) {
            KeycloakLine.invoke(PUT.get(), store(session), key, seconds);
        } else {
            session.singleUseObjects().put(key, seconds, Map.of());
        }
    }

    /** Whether {@code token} was revoked: Keycloak's own record, or ours for its grace period. */
    static boolean isRevoked(KeycloakSession session, JsonWebToken token) {
        String id = token.getId();
        if (id == null) {
            return false;
        }
        if (CONTAINS.isPresent()) {
            Object store = store(session);
            return contains(store, id) || contains(store, KEY_PREFIX + id);
        }
        SingleUseObjectProvider store = session.singleUseObjects();
        return store.contains(id + SingleUseObjectProvider.REVOKED_KEY) || store.contains(KEY_PREFIX + id);
    }

    private static Object store(KeycloakSession session) {
        return KeycloakLine.invoke(REVOKED_TOKENS.get(), session);
    }

    private static boolean contains(Object store, String key) {
        return (Boolean) KeycloakLine.invoke(CONTAINS.get(), store, key);
    }
}
