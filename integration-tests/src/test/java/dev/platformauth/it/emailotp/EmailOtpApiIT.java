package dev.platformauth.it.emailotp;

import dev.platformauth.it.support.BackgroundWork;

import dev.platformauth.it.support.ServerClock;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.platformauth.it.support.ApiRealmTest;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The email OTP over the auth-service API, against the real Keycloak. */
class EmailOtpApiIT extends ApiRealmTest {

    @Override
    protected String realmPrefix() {
        return "otp-api";
    }

    private static Account newUser(TestRealm in) {
        return Account.create(in);
    }

    private static HttpResult request(TestRealm in, String path, String email) {
        return Http.postJson(in.url() + path, "{\"email\":\"" + email + "\"}", Map.of());
    }

    @HappyPath
    @Test
    @DisplayName("given a user when a code is requested, read from the mail and verified then both tokens come back")
    void happyPath() throws Exception {
        Account user = newUser(realm);
        HttpResult requested = request(realm, OTP_REQUEST, user.email());
        assertThat(requested.status()).isEqualTo(202);
        assertThat(requested.json().get("expires_in").asInt()).isEqualTo(600);
        String otp = MailedLogins.otpIn(mail.awaitOneTo(user.email()));

        HttpResult tokens = verifyOtp(realm, OTP_VERIFY, user.email(), otp);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        JWTClaimsSet access = Jwt.verify(tokens.json().get("access_token").asText(), realm.jwksUri());
        assertThat(access.getSubject()).isEqualTo(user.id());
        assertThat(tokens.json().get("platform_access_token").asText()).isNotBlank();
        assertThat(tokens.json().get("refresh_token").asText()).isNotBlank();

        EventRepresentation login = realm.awaitEvents("LOGIN", Duration.ofSeconds(10)).stream()
                .filter(e -> user.id().equals(e.getUserId())).findFirst().orElseThrow();
        assertThat(login.getDetails()).containsEntry("login_method", "email-otp");
    }

    @Test
    @DisplayName("given the legacy api prefix when used then request and verify work the same")
    void legacyPrefix() {
        Account user = newUser(realm);
        assertThat(request(realm, "/auth-service/api/login/email-otp", user.email()).status()).isEqualTo(202);
        String otp = MailedLogins.otpIn(mail.awaitOneTo(user.email()));
        assertThat(verifyOtp(realm, "/auth-service/api/login/email-otp/verify", user.email(), otp).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("given a used code when verified again then 400 invalid_grant")
    void replay() {
        Account user = newUser(realm);
        String otp = otpFor(realm, user.email(), 0);
        assertThat(verifyOtp(realm, OTP_VERIFY, user.email(), otp).status()).isEqualTo(200);
        HttpResult again = verifyOtp(realm, OTP_VERIFY, user.email(), otp);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    @DisplayName("given a wrong code then 400 and a LOGIN_ERROR invalid_code; the right code afterwards still works")
    void wrongThenRight() {
        Account user = newUser(realm);
        String otp = otpFor(realm, user.email(), 0);
        realm.clearEvents();
        HttpResult wrong = verifyOtp(realm, OTP_VERIFY, user.email(), MailedLogins.wrongOtp(otp, 0));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_grant");
        EventRepresentation error = realm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0);
        assertThat(error.getError()).isEqualTo("invalid_code");
        assertThat(error.getUserId()).isEqualTo(user.id());
        assertThat(error.getDetails()).containsEntry("login_method", "email-otp");
        assertThat(verifyOtp(realm, OTP_VERIFY, user.email(), otp).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("given a short lifetime when the code is verified after it then 400 invalid_grant")
    void expiry() throws Exception {
        realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.email-otp.lifetime", "2"));
        try {
            Account user = newUser(realm);
            String otp = otpFor(realm, user.email(), 0);
            ServerClock.awaitExpiryOfSecretsIssuedBefore(keycloak, Duration.ofSeconds(2));
            assertThat(verifyOtp(realm, OTP_VERIFY, user.email(), otp).status()).isEqualTo(400);
        } finally {
            realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.email-otp.lifetime", ""));
        }
    }

    @Test
    @DisplayName("given 5 wrong codes then the code is refused with 429 and Retry-After, even the right one")
    void perCodeLimit() {
        Account user = newUser(realm);
        String otp = otpFor(realm, user.email(), 0);
        for (int i = 0; i < 5; i++) {
            assertThat(verifyOtp(realm, OTP_VERIFY, user.email(), MailedLogins.wrongOtp(otp, i)).status()).isEqualTo(400);
        }
        HttpResult limited = verifyOtp(realm, OTP_VERIFY, user.email(), otp);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("error").asText()).isEqualTo("too_many_requests");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();

        String fresh = otpFor(realm, user.email(), 1);
        assertThat(verifyOtp(realm, OTP_VERIFY, user.email(), fresh).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("given an unknown address then request and verify answer exactly as for an account, and no mail is sent")
    void enumeration() {
        Account user = newUser(realm);
        String unknownEmail = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        int jobs = BackgroundWork.mark(keycloak);
        HttpResult known = request(realm, OTP_REQUEST, user.email());
        HttpResult unknown = request(realm, OTP_REQUEST, unknownEmail);
        assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(202);
        assertThat(unknown.body()).isEqualTo(known.body());
        String otp = MailedLogins.otpIn(mail.awaitOneTo(user.email()));
        BackgroundWork.awaitIdle(keycloak, jobs);
        mail.assertNoMessageTo(unknownEmail, Duration.ZERO);

        for (int i = 0; i < 6; i++) {
            HttpResult forKnown = verifyOtp(realm, OTP_VERIFY, user.email(), MailedLogins.wrongOtp(otp, i));
            HttpResult forUnknown = verifyOtp(realm, OTP_VERIFY, unknownEmail, MailedLogins.wrongOtp(otp, i));
            assertThat(forUnknown.status()).as("attempt %d", i + 1).isEqualTo(forKnown.status());
            assertThat(forUnknown.json().get("error")).isEqualTo(forKnown.json().get("error"));
            assertThat(forUnknown.json().get("error_description")).isEqualTo(forKnown.json().get("error_description"));
        }
    }

    @Test
    @DisplayName("given email OTP switched off when called then 404 not_found")
    void featureOff() {
        realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.email-otp.enabled", ""));
        try {
            HttpResult off = request(realm, OTP_REQUEST, "a@example.test");
            assertThat(off.status()).isEqualTo(404);
            assertThat(off.json().get("error").asText()).isEqualTo("not_found");
            assertThat(verifyOtp(realm, OTP_VERIFY, "a@example.test", "123456").status()).isEqualTo(404);
        } finally {
            realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.email-otp.enabled", "true"));
        }
    }

    @Test
    @DisplayName("given bad input then 422 with pydantic's type at the field")
    void badInput() {
        FastApiErrors.assertInvalid(Http.postJson(realm.url() + OTP_VERIFY, "{\"email\":\"a@example.test\"}", Map.of()),
                "missing", "body", "otp");
        FastApiErrors.assertInvalid(verifyOtp(realm, OTP_VERIFY, "not-an-email", "123456"), "value_error", "body", "email");
        FastApiErrors.assertInvalid(verifyOtp(realm, OTP_VERIFY, "a@example.test", "1".repeat(40)), "string_too_long", "body", "otp");
        FastApiErrors.assertInvalid(request(realm, OTP_REQUEST, "a@"), "value_error", "body", "email");
    }

    @Test
    @DisplayName("given brute-force protection when 12 wrong codes are entered then the account is locked: "
            + "the right code is refused and a new code does not unlock it")
    void lockout(KeycloakServer server, MailServer mailServer) {
        try (TestRealm locked = TestRealm.builder(server, mailServer, "otp-lock")
                .customize(MailedLogins.apiEnabled(Map.of()))
                .customize(rep -> {
                    rep.setBruteForceProtected(true);
                    rep.setFailureFactor(10);
                    rep.setWaitIncrementSeconds(600);
                    rep.setMaxFailureWaitSeconds(900);
                    rep.setQuickLoginCheckMilliSeconds(0L);
                })
                .create()) {
            Account user = newUser(locked);
            String otp = otpFor(locked, user.email(), 0);
            for (int i = 0; i < 12; i++) {
                int status = verifyOtp(locked, OTP_VERIFY, user.email(), MailedLogins.wrongOtp(otp, i)).status();
                assertThat(status).as("wrong guess %d", i + 1).isIn(400, 429);
            }
            // Keycloak's detector records failures asynchronously
            Map<String, Object> status = Polling.await(
                    () -> locked.resource().attackDetection().bruteForceUserStatus(user.id()),
                    s -> Boolean.TRUE.equals(s.get("disabled")) && ((Number) s.get("numFailures")).intValue() >= 12,
                    Duration.ofSeconds(20), "brute-force lockout of the user");
            assertThat(status).containsEntry("disabled", true);

            HttpResult sameCode = verifyOtp(locked, OTP_VERIFY, user.email(), otp);
            assertThat(sameCode.status()).isIn(400, 429);

            String fresh = otpFor(locked, user.email(), 1);
            HttpResult refused = verifyOtp(locked, OTP_VERIFY, user.email(), fresh);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).isEqualTo("invalid_grant");
            EventRepresentation error = locked.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0);
            assertThat(error.getError()).isEqualTo("user_temporarily_disabled");
        }
    }
}
