package dev.platformauth.it.emailotp;

import dev.platformauth.it.support.ApiRealmTest;
import dev.platformauth.it.support.Concurrently;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email-OTP attempt limit under parallel guessing, against the real Keycloak: every entry claims
 * one of the code's attempt slots with the single-use store's atomic {@code putIfAbsent}, the right
 * code is spent with one atomic {@code remove}, and the code entry is never written back.
 */
class OtpAttemptRaceIT extends ApiRealmTest {

    /** The failure limit per account is out of the way here: these tests count one code's attempts. */
    private static final String ACCOUNT_ATTEMPTS = "platform-auth.email-otp.max-account-attempts";

    @Override
    protected String realmPrefix() {
        return "otp-race";
    }

    @Override
    protected Map<String, String> clientAttributes() {
        return Map.of(ACCOUNT_ATTEMPTS, "1000");
    }

    @Test
    @DisplayName("given 40 parallel wrong guesses of one code then exactly 5 are compared (400) and 35 get 429 with "
            + "Retry-After; afterwards even the right code is refused, and a new code works")
    void parallelWrongGuesses() throws Exception {
        Account user = Account.create(realm);
        String otp = otpFor(realm, user.email(), 0);
        realm.clearEvents();
        AtomicInteger guess = new AtomicInteger();

        List<HttpResult> results = Concurrently.run(40,
                () -> verifyOtp(realm, OTP_VERIFY, user.email(), MailedLogins.wrongOtp(otp, guess.getAndIncrement())));

        // exactly: putIfAbsent is atomic and acts at once, outside the request transaction, so requests
        // still in flight see each other's slots (none is lost either)
        assertThat(byStatus(results)).as(results.toString()).containsOnlyKeys(400, 429)
                .containsEntry(400, 5L).containsEntry(429, 35L);
        for (HttpResult limited : results.stream().filter(r -> r.status() == 429).toList()) {
            assertThat(limited.json().get("error").asText()).isEqualTo("too_many_requests");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        }
        assertThat(results.stream().filter(r -> r.status() == 400))
                .allSatisfy(refused -> assertThat(refused.json().get("error").asText()).isEqualTo("invalid_grant"));

        HttpResult right = verifyOtp(realm, OTP_VERIFY, user.email(), otp);
        assertThat(right.status()).as(right.toString()).isEqualTo(429);

        List<EventRepresentation> errors = Polling.await(() -> realm.events("LOGIN_ERROR"), found -> found.size() >= 41,
                Duration.ofSeconds(10), "41 LOGIN_ERROR events");
        assertThat(errors.stream().collect(Collectors.groupingBy(EventRepresentation::getError, Collectors.counting())))
                .containsEntry("invalid_code", 5L).containsEntry("too_many_attempts", 36L);

        String fresh = otpFor(realm, user.email(), 1);
        assertSignedIn(verifyOtp(realm, OTP_VERIFY, user.email(), fresh));
    }

    @Test
    @DisplayName("given the right code entered in parallel with 15 wrong ones, five times, then it signs in once "
            + "and stays spent: no wrong entry writes the code back")
    void rightAndWrongInParallel(KeycloakServer server, MailServer mailServer) throws Exception {
        try (TestRealm wide = TestRealm.builder(server, mailServer, "otp-race-wide")
                .customize(MailedLogins.apiEnabled(Map.of("platform-auth.email-otp.max-attempts", "20",
                        ACCOUNT_ATTEMPTS, "1000")))
                .create()) {
            Account user = Account.create(wide);
            for (int round = 0; round < 5; round++) {
                String otp = otpFor(wide, user.email(), round);
                AtomicInteger entry = new AtomicInteger();
                List<HttpResult> results = Concurrently.run(16, () -> {
                    int i = entry.getAndIncrement();
                    return verifyOtp(wide, OTP_VERIFY, user.email(), i == 0 ? otp : MailedLogins.wrongOtp(otp, i));
                });
                assertThat(byStatus(results)).as("round %d: %s", round, results).containsOnlyKeys(200, 400)
                        .containsEntry(200, 1L).containsEntry(400, 15L);

                HttpResult replay = verifyOtp(wide, OTP_VERIFY, user.email(), otp);
                assertThat(replay.status()).as("round %d: the spent code again: %s", round, replay).isEqualTo(400);
                assertThat(replay.json().get("error").asText()).isEqualTo("invalid_grant");
            }
        }
    }
}
