package dev.platformauth.it.exchangecode;

import dev.platformauth.it.support.Account;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.platformauth.it.support.BackgroundWork;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Concurrently;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailCodes;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The passwordless exchange-code flow over the auth-service API, against the real Keycloak. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordlessApiIT {

    private static final String REQUEST = "/auth-service/api/v2/login/passwordless/request-token";
    private static final String EXCHANGE = "/auth-service/api/v2/login/passwordless/exchange-tokens";
    private static final String LEGACY_REQUEST = "/auth-service/api/login/passwordless/request-token";
    private static final String LEGACY_EXCHANGE = "/auth-service/api/login/passwordless/exchange-tokens";

    private TestRealm realm;
    private MailServer mail;
    private KeycloakServer keycloak;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.builder(keycloak, mail, "passwordless")
            .customize(rep -> rep.getClients().get(0).setAttributes(Map.of(
                    "platform-auth.exchange-code.resend-interval", "0")))
            .create());

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.mail = mail;
        this.keycloak = keycloak;
        // resend interval 0 here: throttling has its own test below
        realm = REALM.get();
    }

    private HttpResult request(String path, String email) {
        return Http.postJson(realm.url() + path, "{\"email\":\"" + email + "\"}", Map.of());
    }

    private HttpResult exchange(String path, String code) {
        return Http.postJson(realm.url() + path, "{\"code\":\"" + code + "\"}", Map.of());
    }

    /** Requests a code for {@code email} and returns it from the captured mail. */
    private String codeFor(String email, int mailsBefore) {
        assertThat(request(REQUEST, email).status()).isEqualTo(202);
        List<MimeMessage> messages = mail.awaitMessagesTo(email, mailsBefore + 1, Duration.ofSeconds(20));
        return MailCodes.codeIn(messages.get(messages.size() - 1));
    }

    @HappyPath
    @Test
    @DisplayName("given a user when a code is requested, read from the mail and exchanged then both tokens come back")
    void happyPath() throws Exception {
        Account user = Account.create(realm);
        HttpResult requested = request(REQUEST, user.email());
        assertThat(requested.status()).isEqualTo(202);
        assertThat(requested.json().get("expires_in").asInt()).isEqualTo(600);

        MimeMessage message = mail.awaitOneTo(user.email());
        String code = MailCodes.codeIn(message);
        assertThat(code).matches(MailCodes.GROUPED);
        assertThat(MailServer.htmlPart(message)).contains(code);
        assertThat(message.getSubject()).isNotBlank();

        HttpResult tokens = exchange(EXCHANGE, code);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        JsonNode body = tokens.json();
        assertThat(body.get("token_type").asText()).isEqualToIgnoringCase("Bearer");
        assertThat(body.get("expires_in").asInt()).isPositive();
        assertThat(body.get("refresh_token").asText()).isNotBlank();
        assertThat(body.get("refresh_expires_in").asInt()).isPositive();
        assertThat(body.has("scope")).isTrue();
        assertThat(body.get("platform_expires_in").asLong()).isEqualTo(604_800L);
        assertThat(tokens.header("Cache-Control")).contains("no-store");

        JWTClaimsSet access = Jwt.verify(body.get("access_token").asText(), realm.jwksUri());
        assertThat(access.getSubject()).isEqualTo(user.id());
        assertThat(access.getStringClaim("typ")).isEqualTo("Bearer");
        assertThat(access.getStringClaim("azp")).isEqualTo("auth-service");

        JWTClaimsSet platform = Jwt.verify(body.get("platform_access_token").asText(), realm.jwksUri());
        assertThat(platform.getSubject()).isEqualTo(user.id());
        assertThat(platform.getStringClaim("typ")).isEqualTo("Platform");
        assertThat(platform.getAudience()).containsExactly("platform-api");
        assertThat(platform.getStringClaim("email")).isEqualTo(user.email());
        assertThat(platform.getStringClaim("sid")).isEqualTo(access.getStringClaim("sid"));

        EventRepresentation login = realm.awaitEvents("LOGIN", Duration.ofSeconds(10)).stream()
                .filter(e -> user.id().equals(e.getUserId())).findFirst().orElseThrow();
        assertThat(login.getClientId()).isEqualTo("auth-service");
        assertThat(login.getDetails()).containsEntry("login_method", "exchange-code");

        // the server log (DEBUG for our packages) never carries the code, in any spelling
        String log = String.join("\n", keycloak.logTail(1_000_000));
        assertThat(log).doesNotContain(code).doesNotContain(code.replace("-", ""));
    }

    @Test
    @DisplayName("given the legacy api prefix when used then request and exchange work the same")
    void legacyPrefix() {
        Account user = Account.create(realm);
        assertThat(request(LEGACY_REQUEST, user.email()).status()).isEqualTo(202);
        String code = MailCodes.codeIn(mail.awaitOneTo(user.email()));
        HttpResult tokens = exchange(LEGACY_EXCHANGE, code);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.json().has("platform_access_token")).isTrue();
    }

    @Test
    @DisplayName("given a code typed in lower case with blanks when exchanged then it is accepted")
    void typedCode() {
        Account user = Account.create(realm);
        String code = codeFor(user.email(), 0);
        HttpResult tokens = exchange(EXCHANGE, " " + code.toLowerCase().replace("-", " ") + " ");
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
    }

    @Test
    @DisplayName("given a spent code when exchanged again then 400 invalid_grant and a LOGIN_ERROR event")
    void replay() {
        Account user = Account.create(realm);
        String code = codeFor(user.email(), 0);
        assertThat(exchange(EXCHANGE, code).status()).isEqualTo(200);
        realm.clearEvents();

        HttpResult again = exchange(EXCHANGE, code);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(again.body()).doesNotContain(code);

        EventRepresentation error = realm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0);
        assertThat(error.getError()).isEqualTo("invalid_code");
        assertThat(error.getDetails()).containsEntry("login_method", "exchange-code");
    }

    @Test
    @DisplayName("given 16 concurrent redemptions of one code then exactly one succeeds")
    void concurrentRedemption() throws Exception {
        Account user = Account.create(realm);
        String code = codeFor(user.email(), 0);
        int parallel = 16;
        Map<Integer, Integer> byStatus = new HashMap<>();
        for (HttpResult r : Concurrently.run(parallel, () -> exchange(EXCHANGE, code))) {
            byStatus.merge(r.status(), 1, Integer::sum);
            if (r.status() != 200) {
                assertThat(r.json().get("error").asText()).isEqualTo("invalid_grant");
            }
        }
        assertThat(byStatus).containsEntry(200, 1).containsEntry(400, parallel - 1);
    }

    @Test
    @DisplayName("given an unknown address when a code is requested then the answer is identical and no mail is sent")
    void unknownAddress() {
        Account user = Account.create(realm);
        int mark = BackgroundWork.mark(keycloak);
        HttpResult known = request(REQUEST, user.email());
        String unknownEmail = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        HttpResult unknown = request(REQUEST, unknownEmail);
        assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(202);
        assertThat(unknown.body()).isEqualTo(known.body());
        mail.awaitOneTo(user.email());
        BackgroundWork.awaitIdle(keycloak, mark);
        mail.assertNoMessageTo(unknownEmail, Duration.ZERO);
    }

    @Test
    @DisplayName("given a disabled user when a code is requested then no mail is sent")
    void disabledUser() {
        Account user = Account.create(realm);
        var rep = realm.resource().users().get(user.id()).toRepresentation();
        rep.setEnabled(false);
        realm.resource().users().get(user.id()).update(rep);
        int mark = BackgroundWork.mark(keycloak);
        assertThat(request(REQUEST, user.email()).status()).isEqualTo(202);
        BackgroundWork.awaitIdle(keycloak, mark);
        mail.assertNoMessageTo(user.email(), Duration.ZERO);
    }

    @Test
    @DisplayName("given a code whose user was disabled after the mail when exchanged then 400 invalid_grant")
    void disabledAfterMail() {
        Account user = Account.create(realm);
        String code = codeFor(user.email(), 0);
        var rep = realm.resource().users().get(user.id()).toRepresentation();
        rep.setEnabled(false);
        realm.resource().users().get(user.id()).update(rep);
        HttpResult result = exchange(EXCHANGE, code);
        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Nested
    @DisplayName("PKCE binding")
    class Pkce {

        private final String verifier = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(UUID.randomUUID().toString().repeat(2).getBytes(StandardCharsets.US_ASCII));

        private String challenge() throws Exception {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }

        private String boundCode(Account user, int mailsBefore) throws Exception {
            HttpResult requested = Http.postJson(realm.url() + REQUEST, "{\"email\":\"" + user.email()
                    + "\",\"code_challenge\":\"" + challenge() + "\",\"code_challenge_method\":\"S256\"}", Map.of());
            assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
            List<MimeMessage> messages = mail.awaitMessagesTo(user.email(), mailsBefore + 1, Duration.ofSeconds(20));
            return MailCodes.codeIn(messages.get(messages.size() - 1));
        }

        @Test
        @DisplayName("when the exchange lacks the verifier, or has a wrong one, then 400; with the right one 200")
        void binding() throws Exception {
            Account user = Account.create(realm);
            HttpResult missing = exchange(EXCHANGE, boundCode(user, 0));
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().get("error").asText()).isEqualTo("invalid_grant");

            String wrongVerifier = "w".repeat(43);
            HttpResult wrong = Http.postJson(realm.url() + EXCHANGE,
                    "{\"code\":\"" + boundCode(user, 1) + "\",\"code_verifier\":\"" + wrongVerifier + "\"}", Map.of());
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_grant");

            HttpResult right = Http.postJson(realm.url() + EXCHANGE,
                    "{\"code\":\"" + boundCode(user, 2) + "\",\"code_verifier\":\"" + verifier + "\"}", Map.of());
            assertThat(right.status()).as(right.toString()).isEqualTo(200);
        }

        @Test
        @DisplayName("when the challenge method is plain or the challenge malformed then 400 invalid_request")
        void badChallenge() throws Exception {
            Account user = Account.create(realm);
            HttpResult plain = Http.postJson(realm.url() + REQUEST, "{\"email\":\"" + user.email()
                    + "\",\"code_challenge\":\"" + challenge() + "\",\"code_challenge_method\":\"plain\"}", Map.of());
            assertThat(plain.status()).isEqualTo(400);
            assertThat(plain.json().get("error").asText()).isEqualTo("invalid_request");
            HttpResult malformed = Http.postJson(realm.url() + REQUEST, "{\"email\":\"" + user.email()
                    + "\",\"code_challenge\":\"short\"}", Map.of());
            assertThat(malformed.status()).isEqualTo(400);
        }
    }

    @Test
    @DisplayName("given a short code lifetime when the code is exchanged after it then 400 invalid_grant")
    void expiry() throws Exception {
        realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.exchange-code.lifetime", "2"));
        try {
            Account user = Account.create(realm);
            String code = codeFor(user.email(), 0);
            Polling.sleep(Duration.ofSeconds(4)); // past the code's 2-second lifetime
            HttpResult expired = exchange(EXCHANGE, code);
            assertThat(expired.status()).isEqualTo(400);
            assertThat(expired.json().get("error").asText()).isEqualTo("invalid_grant");
        } finally {
            realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.exchange-code.lifetime", ""));
        }
    }

    @Test
    @DisplayName("given the default resend interval when a second code is requested at once then 429 with Retry-After, "
            + "the same for an address without an account; one mail is sent")
    void sendThrottling() {
        realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.exchange-code.resend-interval", ""));
        try {
            Account user = Account.create(realm);
            String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            for (String email : List.of(user.email(), unknown)) {
                assertThat(request(REQUEST, email).status()).isEqualTo(202);
                HttpResult again = request(REQUEST, email);
                assertThat(again.status()).as(again.toString()).isEqualTo(429);
                assertThat(again.json().get("error").asText()).isEqualTo("too_many_requests");
                assertThat(Long.parseLong(again.header("Retry-After"))).isBetween(1L, 60L);
            }
            mail.awaitOneTo(user.email());
        } finally {
            realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.exchange-code.resend-interval", "0"));
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {

        private HttpResult post(String path, String contentType, String body) {
            return Http.postRaw(realm.url() + path, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        private void assertError(HttpResult result, int status, String error) {
            assertThat(result.status()).as(result.toString()).isEqualTo(status);
            assertThat(result.header("Content-Type")).startsWith("application/json");
            assertThat(result.json().get("error").asText()).isEqualTo(error);
            assertThat(result.json().get("error_description").asText()).isNotBlank();
        }

        @ParameterizedTest
        @ValueSource(strings = {REQUEST, EXCHANGE})
        @DisplayName("malformed JSON, an empty body, a non-object, a missing or wrongly typed field give 422 in pydantic's shape")
        void malformed(String path) {
            String field = path.equals(REQUEST) ? "email" : "code";
            FastApiErrors.assertInvalid(post(path, "application/json", "{\"" + field + "\":"), "json_invalid", "body", 0);
            FastApiErrors.assertInvalid(post(path, "application/json", ""), "missing", "body");
            FastApiErrors.assertInvalid(post(path, "application/json", "[\"x\"]"), "model_attributes_type", "body");
            FastApiErrors.assertInvalid(post(path, "application/json", "{}"), "missing", "body", field);
            FastApiErrors.assertInvalid(post(path, "application/json", "{\"" + field + "\":42}"), "string_type", "body", field);
            FastApiErrors.assertInvalid(post(path, "application/json", "{\"" + field + "\":null}"), "missing", "body", field);
        }

        @ParameterizedTest
        @ValueSource(strings = {REQUEST, EXCHANGE})
        @DisplayName("a body that is not JSON gives 415; one over 64 KiB gives 413")
        void contentTypeAndSize(String path) {
            assertError(post(path, "text/plain", "{\"email\":\"a@example.test\"}"), 415, "unsupported_media_type");
            assertError(post(path, "application/x-www-form-urlencoded", "email=a@example.test"), 415, "unsupported_media_type");
            String huge = "{\"code\":\"" + "a".repeat(70 * 1024) + "\"}";
            assertError(post(path, "application/json", huge), 413, "request_too_large");
        }

        @Test
        @DisplayName("a string that is not an email address gives 422 value_error")
        void notAnEmail() {
            FastApiErrors.assertInvalid(request(REQUEST, "not-an-email"), "value_error", "body", "email");
            FastApiErrors.assertInvalid(request(REQUEST, "a@"), "value_error", "body", "email");
        }

        @Test
        @DisplayName("an unknown code gives 400 invalid_grant")
        void unknownCode() {
            assertError(exchange(EXCHANGE, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEEE"), 400, "invalid_grant");
            FastApiErrors.assertInvalid(exchange(EXCHANGE, "x".repeat(200)), "string_too_long", "body", "code");
        }
    }

    @Test
    @DisplayName("given a realm without the auth-service client when called then 503 not_configured")
    void notConfigured(KeycloakServer keycloak, MailServer mailServer) {
        try (TestRealm bare = TestRealm.builder(keycloak, mailServer, "bare").withoutPlatformMapper()
                .customize(rep -> rep.setClients(List.of())).create()) {
            HttpResult result = Http.postJson(bare.url() + REQUEST, "{\"email\":\"a@example.test\"}", Map.of());
            assertThat(result.status()).isEqualTo(503);
            assertThat(result.json().get("error").asText()).isEqualTo("not_configured");
        }
    }
}
