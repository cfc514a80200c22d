package dev.platformauth.common.mail;

import org.keycloak.provider.Provider;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound of this node's background mail jobs: every job takes a place before it is submitted and
 * gives it back when it ends, so no more than {@code maxPending} jobs wait or run at once on the node
 * (Keycloak's executor queues without bound), and no realm holds more than its share. A request that
 * finds no place mails nothing and is told to try again later.
 *
 * <p>One instance per node, held by {@link MailQueueFactory}; the counts are of this node only (each
 * node protects its own memory and mail server connection).
 */
final class MailQueue implements Provider {

    /** Realm attribute: at most this many of the realm's jobs pending on a node (lower than the node's bound to matter). */
    static final String REALM_MAX_PENDING = "platform-auth.mail-queue.max-pending";

    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private final Map<String, AtomicInteger> pendingByRealm = new ConcurrentHashMap<>();

    MailQueue(int maxPending) {
        this.maxPending = maxPending;
    }

    /** The node's bound. */
    int maxPending() {
        return maxPending;
    }

    /**
     * A place for one job of {@code realmId}, or empty when the node's queue is full or the realm already
     * holds {@code realmMaxPending} places ({@code 0} or more than the node's bound: the node's bound).
     */
    Optional<Reservation> reserve(String realmId, int realmMaxPending) {
        int realmBound = realmMaxPending <= 0 ? maxPending : Math.min(realmMaxPending, maxPending);
        if (!increment(pending, maxPending)) {
            return Optional.empty();
        }
        AtomicInteger ofRealm = pendingByRealm.computeIfAbsent(realmId, id -> new AtomicInteger());
        if (!increment(ofRealm, realmBound)) {
            pending.decrementAndGet();
            return Optional.empty();
        }
        return Optional.of(new Reservation(ofRealm));
    }

    /** Jobs pending on this node. */
    int pending() {
        return pending.get();
    }

    private static boolean increment(AtomicInteger counter, int bound) {
        while (true) {
            int current = counter.get();
            if (current >= bound) {
                return false;
            }
            if (counter.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    @Override
    public void close() {
        // shared by every session of the node: nothing to release per session
    }

    /** One job's place in the queue; {@link #release()} gives it back (once, however often called). */
    final class Reservation {

        private final AtomicInteger ofRealm;
        private final AtomicBoolean released = new AtomicBoolean();

        private Reservation(AtomicInteger ofRealm) {
            this.ofRealm = ofRealm;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                ofRealm.decrementAndGet();
                pending.decrementAndGet();
            }
        }

        /** Jobs pending on this node now. */
        int nodePending() {
            return pending.get();
        }
    }
}
