package dev.platformauth.common.store;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * A counter that cannot be overrun: {@code limit} numbered slots {@code <base>1 … <base><limit>} in the
 * single-use store, each claimed with one atomic {@code putIfAbsent}. Of any number of parallel
 * claimers, on any number of cluster nodes, at most {@code limit} succeed; nothing is ever read,
 * changed and written back.
 *
 * <p>Slots are claimed lowest first and all slots of one counter expire together (the caller gives
 * each the time left until the counter's end), so the taken slots always form a prefix
 * {@code 1 … m}. A claim therefore looks for {@code m + 1} with a binary search over
 * {@code contains} (reads only) and then tries {@code putIfAbsent} upwards from there: a slot taken in
 * the meantime by a parallel claimer only moves it one slot on. The search is an optimisation; the
 * limit rests on {@code putIfAbsent} alone.
 */
final class Slots {

    private Slots() {
    }

    /**
     * Claims the lowest free slot of {@code base} for {@code lifespanSeconds} (at least 1).
     *
     * @return the claimed slot, 1 to {@code limit}; 0 when all are taken
     */
    static int claim(SingleUseObjectProvider store, String base, int limit, long lifespanSeconds) {
        long lifespan = Math.max(1, lifespanSeconds);
        int low = 1;
        int high = limit + 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (store.contains(base + middle)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        for (int slot = low; slot <= limit; slot++) {
            if (store.putIfAbsent(base + slot, lifespan)) {
                return slot;
            }
        }
        return 0;
    }
}
