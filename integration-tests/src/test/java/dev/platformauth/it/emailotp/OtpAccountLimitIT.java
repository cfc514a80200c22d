package dev.platformauth.it.emailotp;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.ApiRealmTest;
import dev.platformauth.it.support.Concurrently;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email-OTP attempt limit per account, against the real Keycloak with the realm's brute-force
 * detection off (Keycloak's default): 5 entries per code, 7 entries per account and day, whatever the
 * code; new codes do not reset the count.
 */
class OtpAccountLimitIT extends ApiRealmTest {

    /** A day: the longest window, so that no test here crosses into the next window. */
    private static final int ACCOUNT_WINDOW = 86400;

    @Override
    protected String realmPrefix() {
        return "otp-account";
    }

    @Override
    protected Map<String, String> clientAttributes() {
        return Map.of("platform-auth.email-otp.max-attempts", "5",
                "platform-auth.email-otp.max-account-attempts", "7",
                "platform-auth.email-otp.account-attempt-window", String.valueOf(ACCOUNT_WINDOW));
    }

    private static void assertTooMany(HttpResult refused) {
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.json().get("error").asText()).isEqualTo("too_many_requests");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, (long) ACCOUNT_WINDOW);
    }

    private static void assertWrong(HttpResult refused) {
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    @DisplayName("given 5 wrong entries of one code and 2 of a new one then the new code's right entry is refused "
            + "(429, Retry-After, too_many_attempts) without brute-force detection; another account still signs in")
    void newCodesDoNotResetTheAccount() {
        assertThat(realm.resource().toRepresentation().isBruteForceProtected()).isFalse();
        Account user = Account.create(realm);
        String first = otpFor(realm, user.email(), 0);
        for (int i = 0; i < 5; i++) {
            assertWrong(verifyOtp(realm, OTP_VERIFY, user.email(), MailedLogins.wrongOtp(first, i)));
        }
        String second = otpFor(realm, user.email(), 1);
        for (int i = 0; i < 2; i++) {
            assertWrong(verifyOtp(realm, OTP_VERIFY, user.email(), MailedLogins.wrongOtp(second, i)));
        }
        realm.clearEvents();

        HttpResult refused = verifyOtp(realm, OTP_VERIFY, user.email(), second);
        assertTooMany(refused);
        assertThat(refused.json().get("error_description").asText()).as("a new code would not help")
                .isEqualTo("Too many wrong codes for this account: try again later");
        EventRepresentation error = realm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0);
        assertThat(error.getError()).isEqualTo("too_many_attempts");
        assertThat(error.getUserId()).isEqualTo(user.id());
        assertThat(error.getDetails()).containsEntry("login_method", "email-otp");
        assertThat(realm.events("LOGIN")).as("no sign-in").isEmpty();

        String third = otpFor(realm, user.email(), 2);
        assertTooMany(verifyOtp(realm, OTP_VERIFY, user.email(), third));

        Account other = Account.create(realm);
        String otherCode = otpFor(realm, other.email(), 0);
        assertWrong(verifyOtp(realm, OTP_VERIFY, other.email(), MailedLogins.wrongOtp(otherCode, 0)));
        assertSignedIn(verifyOtp(realm, OTP_VERIFY, other.email(), otherCode));
    }

    @Test
    @DisplayName("given an address without an account then its entries answer step by step exactly as an account's, "
            + "the account limit included")
    void decoyAnswersAlike() {
        Account user = Account.create(realm);
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        List<String> knownCodes = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            knownCodes.add(otpFor(realm, user.email(), round));
            HttpResult requested = requestOtp(unknown);
            assertThat(requested.status()).isEqualTo(202);
            int wrongEntries = round == 0 ? 5 : 2;
            for (int i = 0; i < wrongEntries; i++) {
                String guess = MailedLogins.wrongOtp(knownCodes.get(round), i);
                assertAlike(verifyOtp(realm, OTP_VERIFY, user.email(), guess), verifyOtp(realm, OTP_VERIFY, unknown, guess));
            }
        }
        HttpResult known = verifyOtp(realm, OTP_VERIFY, user.email(), knownCodes.get(1));
        HttpResult decoy = verifyOtp(realm, OTP_VERIFY, unknown, knownCodes.get(1));
        assertTooMany(known);
        assertTooMany(decoy);
        assertAlike(known, decoy);
    }

    @Test
    @DisplayName("given 20 attempts per code and 20 parallel wrong entries then exactly 7 are compared (400) and "
            + "13 get 429; the right code is refused afterwards")
    void parallelWrongEntries(KeycloakServer server, MailServer mailServer) throws Exception {
        try (TestRealm wide = wideRealm(server, mailServer, "otp-account-race")) {
            Account user = Account.create(wide);
            String otp = otpFor(wide, user.email(), 0);
            AtomicInteger guess = new AtomicInteger();

            List<HttpResult> results = Concurrently.run(20,
                    () -> verifyOtp(wide, OTP_VERIFY, user.email(), MailedLogins.wrongOtp(otp, guess.getAndIncrement())));

            assertThat(byStatus(results)).as(results.toString()).containsOnlyKeys(400, 429).containsEntry(400, 7L).containsEntry(429, 13L);
            assertTooMany(verifyOtp(wide, OTP_VERIFY, user.email(), otp));
        }
    }

    @Test
    @DisplayName("given the right code among 20 parallel entries then at most 7 of them are compared (a sign-in is "
            + "one of them): a burst never gets past the account's limit, whichever entry comes last")
    void rightCodeInABurstCountsToo(KeycloakServer server, MailServer mailServer) throws Exception {
        try (TestRealm wide = wideRealm(server, mailServer, "otp-account-burst")) {
            for (int round = 0; round < 3; round++) {
                Account user = Account.create(wide);
                String otp = otpFor(wide, user.email(), 0);
                AtomicInteger entry = new AtomicInteger();

                List<HttpResult> results = Concurrently.run(20, () -> {
                    int n = entry.getAndIncrement();
                    return verifyOtp(wide, OTP_VERIFY, user.email(), n == 19 ? otp : MailedLogins.wrongOtp(otp, n));
                });

                Map<Integer, Long> statuses = byStatus(results);
                assertThat(statuses.keySet()).as(results.toString()).isSubsetOf(200, 400, 429);
                long signIns = statuses.getOrDefault(200, 0L);
                assertThat(signIns).isLessThanOrEqualTo(1L);
                if (signIns == 0) {
                    // the code stayed live for every entry: exactly the limit was compared
                    assertThat(statuses).as(results.toString()).containsEntry(400, 7L).containsEntry(429, 13L);
                } else {
                    // entries that came after the sign-in found no code (400, no comparison, no user in the
                    // event); the compared ones name the user in their invalid_code event
                    List<EventRepresentation> errors = Polling.await(() -> loginErrorsFor(wide, user.email()),
                            found -> found.size() >= 20 - signIns, Duration.ofSeconds(10), "the burst's LOGIN_ERROR events");
                    long comparedWrong = errors.stream()
                            .filter(e -> user.id().equals(e.getUserId()) && "invalid_code".equals(e.getError())).count();
                    assertThat(comparedWrong + signIns).as(results.toString()).isLessThanOrEqualTo(7L);
                }
            }
        }
    }

    private static List<EventRepresentation> loginErrorsFor(TestRealm in, String email) {
        return in.resource().getEvents(List.of("LOGIN_ERROR"), null, null, null, null, null, 0, 1000).stream()
                .filter(e -> e.getDetails() != null && email.equals(e.getDetails().get("email"))).toList();
    }

    /** A realm with 20 attempts per code and 7 per account and day. */
    private static TestRealm wideRealm(KeycloakServer server, MailServer mailServer, String prefix) {
        return TestRealm.builder(server, mailServer, prefix)
                .customize(MailedLogins.apiEnabled(Map.of("platform-auth.email-otp.max-attempts", "20",
                        "platform-auth.email-otp.max-account-attempts", "7",
                        "platform-auth.email-otp.account-attempt-window", String.valueOf(ACCOUNT_WINDOW))))
                .create();
    }

    private HttpResult requestOtp(String email) {
        return Http.postJson(realm.url() + OTP_REQUEST, "{\"email\":\"" + email + "\"}", Map.of());
    }

    private static void assertAlike(HttpResult known, HttpResult decoy) {
        assertThat(decoy.status()).as("%s vs %s", known, decoy).isEqualTo(known.status());
        assertThat(decoy.json().get("error")).isEqualTo(known.json().get("error"));
        assertThat(decoy.json().get("error_description")).isEqualTo(known.json().get("error_description"));
    }
}
