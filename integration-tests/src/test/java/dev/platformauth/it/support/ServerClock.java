package dev.platformauth.it.support;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Keycloak's clock as its HTTP {@code Date} header tells it (to the second): the positive signal that a
 * single-use secret (exchange code, magic link, email OTP) has expired, for tests that must not spend
 * it by probing. Secrets whose expiry can be probed without spending them are polled instead.
 */
public final class ServerClock {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ServerClock() {
    }

    /** The server's time now, truncated to the second. */
    public static Instant now(TestRealm realm) {
        HttpResult answer = Http.get(realm.url(), Map.of());
        String date = answer.header("Date");
        if (date == null) {
            throw new AssertionError("no Date header from " + realm.url() + ": " + answer);
        }
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    /**
     * Waits until the server's clock says that whatever it issued before this call with {@code lifetime}
     * has expired: its time is at least one second (the header's resolution) past now plus the lifetime.
     */
    public static void awaitExpiryOfSecretsIssuedBefore(TestRealm realm, Duration lifetime) {
        Instant deadline = now(realm).plus(lifetime).plusSeconds(1);
        Polling.await(() -> now(realm), time -> !time.isBefore(deadline), lifetime.plus(TIMEOUT),
                "the server's clock to pass " + deadline);
    }
}
