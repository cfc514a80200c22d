package dev.platformauth.it.support;

import java.time.Duration;
import java.time.Instant;

/**
 * Keycloak's clock, read from the {@code iat} (seconds) of a token it issues now: the positive signal that
 * a single-use secret (exchange code, magic link, email OTP) has expired, for tests that must not spend
 * it by probing. Secrets whose expiry can be probed without spending them are polled instead.
 */
public final class ServerClock {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ServerClock() {
    }

    /** The server's time now, to the second: the issue time of a fresh master-realm admin token. */
    public static Instant now(KeycloakServer keycloak) {
        String token = keycloak.admin().tokenManager().grantToken().getToken();
        return Instant.ofEpochSecond(Jwt.payload(token).get("iat").asLong());
    }

    /**
     * Waits until the server's clock says that whatever it issued before this call with {@code lifetime}
     * has expired: its time is at least one second (the clock's resolution) past now plus the lifetime.
     */
    public static void awaitExpiryOfSecretsIssuedBefore(KeycloakServer keycloak, Duration lifetime) {
        Instant deadline = now(keycloak).plus(lifetime).plusSeconds(1);
        Polling.await(() -> now(keycloak), time -> !time.isBefore(deadline), lifetime.plus(TIMEOUT),
                "the server's clock to pass " + deadline);
    }
}
