package dev.platformauth.it.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FastAPI template's error dialect on every kind of auth-service error, on both prefixes, and only
 * there: {@code detail} beside {@code error} and {@code error_description} for 400, 401, 403, 404, 413,
 * 415, 429 and 503; 422 in pydantic's shape for invalid input; the sentinel and entities APIs keep
 * {@code {error, error_description}}.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FastApiDialectIT {

    private TestRealm realm;
    private AuthServiceCalls api;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "dialect", rep -> { }));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = REALM.get();
        api = new AuthServiceCalls(realm);
    }

    @ParameterizedTest
    @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
    @DisplayName("401, 403, 404, 413, 415, 429 and a refused login (400) all carry detail = error_description")
    void everyErrorCarriesDetail(String prefix) {
        Account plain = api.newAccount();
        FastApiErrors.assertError(Http.get(api.url(prefix, "/users/me"), Map.of()), 401, "invalid_token");
        FastApiErrors.assertError(Http.get(api.url(prefix, "/users/"), Http.bearer(api.accessToken(plain))), 403, "forbidden",
                "The user doesn't have enough privileges");
        FastApiErrors.assertError(Http.get(api.url(prefix, "/login/sso/myspace?redirect_uri=https%3A%2F%2Fapp.example.test%2Fcb"),
                Map.of()), 404, "not_found");
        String huge = "{\"email\":\"a@example.test\",\"padding\":\"" + "a".repeat(70 * 1024) + "\"}";
        FastApiErrors.assertError(Http.postJson(api.url(prefix, "/users/signup"), huge, Map.of()), 413, "request_too_large");
        FastApiErrors.assertError(Http.postForm(api.url(prefix, "/users/signup"), Map.of("email", "a@example.test"), Map.of()),
                415, "unsupported_media_type");
        FastApiErrors.assertError(api.login("nobody-" + UUID.randomUUID(), "whatever-password"), 400, "invalid_grant",
                "Incorrect email or password");

        String address = "throttled-" + UUID.randomUUID() + "@example.test";
        String request = api.url(prefix, "/login/passwordless/request-token");
        assertThat(Http.postJson(request, "{\"email\":\"" + address + "\"}", Map.of()).status()).isEqualTo(202);
        HttpResult throttled = Http.postJson(request, "{\"email\":\"" + address + "\"}", Map.of());
        FastApiErrors.assertError(throttled, 429, "too_many_requests");
        assertThat(throttled.header("Retry-After")).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
    @DisplayName("invalid input is 422 {detail: [{type, loc, msg, input}], error: invalid_request}, with pydantic's messages")
    void invalidInputIs422(String prefix) {
        JsonNode missing = FastApiErrors.assertInvalid(Http.postJson(api.url(prefix, "/users/signup"), "{\"password\":\"a-long-secret-1\"}",
                Map.of()), "missing", "body", "email");
        assertThat(missing.path("msg").asText()).isEqualTo("Field required");
        assertThat(missing.path("input").path("password").asText()).as("secrets are not echoed").isEqualTo("[redacted]");
        JsonNode tooShort = FastApiErrors.assertInvalid(Http.postJson(api.url(prefix, "/users/signup"),
                "{\"email\":\"a@example.test\",\"password\":\"seven-7\"}", Map.of()), "string_too_short", "body", "password");
        assertThat(tooShort.path("msg").asText()).isEqualTo("String should have at least 8 characters");
        assertThat(tooShort.path("ctx").path("min_length").asInt()).isEqualTo(8);
        assertThat(tooShort.toString()).doesNotContain("seven-7");
        JsonNode email = FastApiErrors.assertInvalid(Http.postJson(api.url(prefix, "/login/passwordless/request-token"),
                "{\"email\":\"no-at-sign\"}", Map.of()), "value_error", "body", "email");
        assertThat(email.path("msg").asText()).startsWith("value is not a valid email address: ");
        FastApiErrors.assertInvalid(Http.patchJson(api.url(prefix, "/users/me/password"), "{\"current_password\":",
                Http.bearer(api.accessToken(api.newAccount()))), "json_invalid", "body", 0);
        FastApiErrors.assertInvalid(Http.postJson(api.url(prefix, "/login/passwordless/exchange-tokens"), "{\"code\":7}", Map.of()),
                "string_type", "body", "code");
        FastApiErrors.assertInvalid(Http.postForm(api.url(prefix, "/login/access-token"), Map.of("username", "x"), Map.of()),
                "missing", "body", "password");
    }

    @Test
    @DisplayName("a form body Keycloak cannot decode, answered before any resource runs, is 400 with the detail too")
    void undecodableForm() {
        HttpResult result = Http.postRaw(api.url("/login/access-token"), "application/x-www-form-urlencoded",
                "username=x&password=abc%zz".getBytes(StandardCharsets.UTF_8), Map.of());
        FastApiErrors.assertError(result, 400, "invalid_request");
        assertThat(result.body()).doesNotContain("abc%zz");
    }

    @Test
    @DisplayName("a realm without the auth-service client answers 503 with the detail")
    void notConfigured(KeycloakServer keycloak, MailServer mail) {
        try (TestRealm bare = TestRealm.builder(keycloak, mail, "dialect-bare").withoutPlatformMapper()
                .customize(rep -> rep.setClients(List.of())).create()) {
            FastApiErrors.assertError(Http.get(bare.url() + AuthServiceCalls.V2 + "/users/me", Map.of()), 503, "not_configured");
            FastApiErrors.assertError(Http.postEmpty(bare.url() + AuthServiceCalls.LEGACY + "/password-recovery/a@example.test", Map.of()),
                    503, "not_configured");
        }
    }

    @Test
    @DisplayName("the sentinel and entities APIs keep {error, error_description}: no detail, invalid input 400")
    void otherApisUnchanged() {
        FastApiErrors.assertPlainError(Http.postJson(realm.url() + SentinelRealm.API + "/token", "{\"username\":\"x\"}", Map.of()),
                400, "invalid_request");
        FastApiErrors.assertPlainError(Http.postJson(realm.url() + SentinelRealm.API + "/token", "{\"username\":", Map.of()),
                400, "invalid_request");
        FastApiErrors.assertPlainError(Http.get(realm.url() + SentinelRealm.API + "/refreshToken", Map.of()), 401, "invalid_token");
        FastApiErrors.assertPlainError(Http.get(realm.url() + "/entities/acme/users/" + UUID.randomUUID() + "/authentication-token",
                Map.of()), 401, "invalid_token");
    }
}
