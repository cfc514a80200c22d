package dev.platformauth.common.store;

/**
 * One window of a counter that starts afresh at fixed times: time (seconds since the epoch) is cut
 * into windows of {@code lengthSeconds}, numbered from the epoch, so every node agrees on the window
 * of a moment without sharing anything.
 *
 * @param lengthSeconds the window length (at least 1)
 * @param number        the window's number: {@code now / lengthSeconds}
 * @param secondsLeft   seconds from now until the window ends, 1 to {@code lengthSeconds}
 */
record FixedWindow(int lengthSeconds, long number, long secondsLeft) {

    /** The window that holds {@code now}. */
    static FixedWindow at(long now, int lengthSeconds) {
        int length = Math.max(1, lengthSeconds);
        long number = now / length;
        return new FixedWindow(length, number, (number + 1) * length - now);
    }

    /**
     * The counted subject in this window. The length is part of it, so counters of one subject with
     * different window lengths never share slots.
     */
    String subject(String counted) {
        return counted + "@" + lengthSeconds + ":" + number;
    }

    /** The lifespan of each slot: until just after the window ends, so all slots of a window end together. */
    long slotLifespan() {
        return secondsLeft + 1;
    }
}
