package dev.platformauth.it.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

public final class Polling {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Polling() {
    }

    /** Polls {@code probe} until {@code done} accepts its value; fails with {@code what} and the last value. */
    public static <T> T await(Supplier<T> probe, Predicate<? super T> done, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; last value: " + value);
            }
            sleep(INTERVAL);
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
