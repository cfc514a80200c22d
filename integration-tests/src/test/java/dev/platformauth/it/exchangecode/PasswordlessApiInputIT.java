package dev.platformauth.it.exchangecode;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailCodes;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The passwordless API's PKCE, its refusals of bad input, and its answer without the client. */
class PasswordlessApiInputIT extends PasswordlessApiFixture {

    @Nested
    @DisplayName("PKCE binding")
    class Pkce {

        private final String verifier = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(UUID.randomUUID().toString().repeat(2).getBytes(StandardCharsets.US_ASCII));

        private String challenge() {
            return dev.platformauth.it.support.Pkce.challenge(verifier);
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
