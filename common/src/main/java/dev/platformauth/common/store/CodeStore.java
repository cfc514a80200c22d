package dev.platformauth.common.store;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.secret.SecretCodes;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

import java.util.Map;
import java.util.Optional;

/**
 * Sign-in secrets in Keycloak's {@link SingleUseObjectProvider} (Infinispan, replicated across a
 * cluster). Keys are {@code platform-auth:<kind>:<realmId>:<sha256(secret)>}: the raw secret is never
 * stored. Redemption is one atomic {@code remove()}, so a secret is spent exactly once, also under
 * concurrent redemption on several nodes.
 *
 * <p>Pinned Keycloak 26.7.0 behaviour: {@code put} is enlisted in the request transaction (visible
 * after commit) while {@code remove} and {@code putIfAbsent} act at once.
 */
public final class CodeStore {

    private final KeycloakSession session;

    public CodeStore(KeycloakSession session) {
        this.session = session;
    }

    /** Stores the hash of {@code secret} with its notes for {@code lifespanSeconds}. */
    public void put(String kind, String realmId, String secret, long lifespanSeconds, Map<String, String> notes) {
        provider().put(key(kind, realmId, secret), lifespanSeconds, notes);
    }

    /** Atomically spends the secret: its notes the first time, empty afterwards or when unknown. */
    public Optional<Map<String, String>> consume(String kind, String realmId, String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(provider().remove(key(kind, realmId, secret)));
    }

    /** The notes of a live secret without spending it. */
    public Optional<Map<String, String>> peek(String kind, String realmId, String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(provider().get(key(kind, realmId, secret)));
    }

    /**
     * A cluster-wide "at most once per interval" gate: true the first time for {@code subject} within
     * {@code intervalSeconds}, false until the interval is over. The subject is hashed too.
     */
    public boolean tryAcquire(String kind, String realmId, String subject, long intervalSeconds) {
        if (intervalSeconds <= 0) {
            return true;
        }
        return provider().putIfAbsent(key(kind + "-throttle", realmId, subject), intervalSeconds);
    }

    /** The namespaced key of a secret; public so tests can pin the format. */
    public static String key(String kind, String realmId, String secret) {
        return PlatformAuth.PREFIX + ":" + kind + ":" + realmId + ":" + SecretCodes.sha256Hex(secret);
    }

    private SingleUseObjectProvider provider() {
        return session.singleUseObjects();
    }
}
