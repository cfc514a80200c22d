package dev.platformauth.common.store;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.secret.SecretCodes;
import org.keycloak.common.util.Time;
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
 * <p>Keycloak 26.7.0's Infinispan implementation, which everything here relies on: {@code put} is
 * enlisted in the request transaction (visible after commit); {@code remove} (a get and a conditional
 * remove), {@code putIfAbsent} and {@code contains} act on the replicated cache at once, atomically,
 * outside the transaction; {@code replace} acts at once too but stores the entry without a lifespan.
 * So limits and throttles are claimed with {@code putIfAbsent} and secrets spent with {@code remove};
 * an entry that was read is never written back ({@code put} or {@code replace}), because parallel
 * requests read the same value and a late write resurrects a spent secret.
 */
public final class CodeStore {

    private static final String PASSED = ":passed";
    private static final String NOTE_PASSED_AT = "at";

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
        return throttle(kind, realmId, subject, intervalSeconds) == 0;
    }

    /**
     * The same gate, telling a refused caller how long to wait: 0 when {@code subject} may go ahead now
     * (the gate is taken for {@code intervalSeconds}), otherwise the seconds until the gate opens again
     * (1 to {@code intervalSeconds}). The gate is one {@code putIfAbsent}; the winner also notes when it
     * passed (a {@code put}, visible once its transaction commits) so that later callers can be told
     * the time left; a caller that comes before that commit is told the whole interval.
     */
    public long throttle(String kind, String realmId, String subject, long intervalSeconds) {
        if (intervalSeconds <= 0) {
            return 0;
        }
        String gate = key(kind + "-throttle", realmId, subject);
        int now = Time.currentTime();
        if (provider().putIfAbsent(gate, intervalSeconds)) {
            provider().put(gate + PASSED, intervalSeconds, Map.of(NOTE_PASSED_AT, Integer.toString(now)));
            return 0;
        }
        Map<String, String> passed = provider().get(gate + PASSED);
        int passedAt = passed == null ? now : ConfigValues.intOr(passed.get(NOTE_PASSED_AT), now);
        return Math.min(intervalSeconds, Math.max(1, passedAt + intervalSeconds - now));
    }

    /**
     * Claims one of the {@code limit} slots of {@code subject} (see {@link Slots}): the slot number, 1 to
     * {@code limit}, or 0 when all are taken. Every slot lives {@code lifespanSeconds} (at least 1); give
     * each claim the time left until the counted period ends, so that all slots end together.
     */
    public int claimSlot(String kind, String realmId, String subject, int limit, long lifespanSeconds) {
        return Slots.claim(provider(), slotBase(kind, realmId, subject), limit, lifespanSeconds);
    }

    /**
     * Claims one of the {@code limit} slots of {@code subject} in the current {@link FixedWindow} of
     * {@code windowSeconds}: 0 when a slot is claimed, otherwise the seconds until the window ends (at
     * least 1). A new window has fresh slots; the slots of a window end just after it.
     */
    public long claimInWindow(String kind, String realmId, String subject, int limit, int windowSeconds) {
        FixedWindow window = FixedWindow.at(Time.currentTime(), windowSeconds);
        int slot = claimSlot(kind, realmId, window.subject(subject), limit, window.slotLifespan());
        return slot > 0 ? 0 : window.secondsLeft();
    }

    /** The key prefix of the slots of {@code subject}; the slot number follows it. */
    static String slotBase(String kind, String realmId, String subject) {
        return key(kind, realmId, subject) + ":";
    }

    /** The namespaced key of a secret; public so tests can pin the format. */
    static String key(String kind, String realmId, String secret) {
        return PlatformAuth.PREFIX + ":" + kind + ":" + realmId + ":" + SecretCodes.sha256Hex(secret);
    }

    private SingleUseObjectProvider provider() {
        return session.singleUseObjects();
    }
}
