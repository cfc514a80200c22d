package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static dev.platformauth.it.support.AuthServiceCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The users API's sign-up. */
class UsersApiSignupIT extends UsersApiFixture {

    @Nested
    @DisplayName("users/signup")
    class Signup {

        @HappyPath
        @ParameterizedTest
        @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
        @DisplayName("200 with the public user, though the login pages' registration is off; the account logs in by email; "
                + "REGISTER event; the password is never echoed")
        void createsAccount(String prefix) {
            assertThat(realm.resource().toRepresentation().isRegistrationAllowed()).as("Keycloak's default").isFalse();
            String email = uniqueEmail();
            HttpResult result = signup(prefix, email, "Ann Marie Smith", "a-long-secret-1");
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            JsonNode user = result.json();
            assertThat(user.path("id").asText()).isNotBlank();
            assertThat(Instant.parse(user.path("created_at").asText()))
                    .isEqualTo(Instant.ofEpochMilli(realm.resource().users().get(user.path("id").asText()).toRepresentation().getCreatedTimestamp()));
            assertThat(user.path("email").asText()).isEqualTo(email);
            assertThat(user.path("full_name").asText()).isEqualTo("Ann Marie Smith");
            assertThat(user.path("is_active").asBoolean()).isTrue();
            assertThat(user.path("is_superuser").asBoolean()).isFalse();
            assertThat(result.body()).doesNotContain("a-long-secret-1");

            UserRepresentation stored = realm.resource().users().get(user.path("id").asText()).toRepresentation();
            assertThat(stored.getFirstName()).isEqualTo("Ann Marie");
            assertThat(stored.getLastName()).isEqualTo("Smith");

            assertThat(api.login(email, "a-long-secret-1").status()).isEqualTo(200);
            EventRepresentation register = realm.awaitEvents("REGISTER", Duration.ofSeconds(10)).stream()
                    .filter(event -> user.path("id").asText().equals(event.getUserId())).findFirst().orElseThrow();
            assertThat(register.getClientId()).isEqualTo(TestRealm.AUTH_CLIENT);
            assertThat(register.getDetails()).containsEntry("email", email).doesNotContainValue("a-long-secret-1");
        }

        @Test
        @DisplayName("an existing email is 400 'The user with this email already exists in the system', in any letter case")
        void existingEmail() {
            Account account = api.newAccount();
            FastApiErrors.assertError(signup(account.email(), "Dup Licate", "a-long-secret-1"), 400, "conflict",
                    "The user with this email already exists in the system");
            assertError(signup(account.email().toUpperCase(), "Dup Licate", "a-long-secret-1"), 400, "conflict");
            assertThat(realm.awaitEvents("REGISTER_ERROR", Duration.ofSeconds(10)))
                    .anySatisfy(event -> assertThat(event.getError()).isEqualTo("email_in_use"));
        }

        @Test
        @DisplayName("a password the realm's policy refuses is 400 with the policy's message, one under the template's 8 "
                + "characters 422, and no account")
        void passwordPolicy() {
            String email = uniqueEmail();
            HttpResult tooShort = signup(email, "Short Pass", "short-12");
            assertError(tooShort, 400, "invalid_password");
            assertThat(tooShort.json().path("error_description").asText()).contains("10");
            assertThat(tooShort.body()).doesNotContain("short-12");
            JsonNode underTemplate = FastApiErrors.assertInvalid(signup(email, "Short Pass", "short-1"), "string_too_short", "body", "password");
            assertThat(underTemplate.path("ctx").path("min_length").asInt()).isEqualTo(8);
            assertThat(underTemplate.path("msg").asText()).isEqualTo("String should have at least 8 characters");
            assertThat(underTemplate.toString()).doesNotContain("short-1");
            assertThat(realm.resource().users().searchByEmail(email, true)).isEmpty();

            HttpResult sameAsUsername = signup(email, "Same Name", email);
            assertError(sameAsUsername, 400, "invalid_password");
            assertThat(sameAsUsername.json().path("error_description").asText()).containsIgnoringCase("username");
        }

        @Test
        @DisplayName("403 'Open user registration is forbidden on this server' when the auth-service client's sign-up switch is off, "
                + "even with the login pages' registration on; the feature flag follows")
        void signupSwitchOff() {
            realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.getAttributes().put(SIGNUP_SWITCH, "false"));
            realm.update(rep -> rep.setRegistrationAllowed(true));
            try {
                FastApiErrors.assertError(signup(uniqueEmail(), "No Way", "a-long-secret-1"), 403, "forbidden",
                        "Open user registration is forbidden on this server");
                assertThat(Http.get(api.url("/login/feature-flags"), Map.of()).json().path("registration").asBoolean()).isFalse();
                assertThat(realm.awaitEvents("REGISTER_ERROR", Duration.ofSeconds(10)))
                        .anySatisfy(event -> assertThat(event.getError()).isEqualTo("registration_disabled"));
            } finally {
                realm.update(rep -> rep.setRegistrationAllowed(false));
                realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.getAttributes().put(SIGNUP_SWITCH, ""));
            }
            assertThat(Http.get(api.url("/login/feature-flags"), Map.of()).json().path("registration").asBoolean()).isTrue();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "{\"full_name\":\"A B\",\"password\":\"a-long-secret-1\"}                     | missing           | email",
                "{\"email\":\"not-an-email\",\"full_name\":\"A B\",\"password\":\"a-long-secret-1\"} | value_error    | email",
                "{\"email\":\"x@example.test\",\"full_name\":\"A B\"}                          | missing           | password",
                "{\"email\":\"x@example.test\",\"password\":7}                               | string_type       | password",
                "{\"email\":\"x@example.test\",\"full_name\":7,\"password\":\"a-long-secret-1\"}   | string_type       | full_name",
                "[]                                                                   | model_attributes_type |"})
        @DisplayName("bad bodies are 422 with pydantic's error type at the field")
        void badBodies(String body, String type, String field) {
            HttpResult result = Http.postJson(api.url("/users/signup"), body, Map.of());
            if (field == null) {
                FastApiErrors.assertInvalid(result, type, "body");
            } else {
                FastApiErrors.assertInvalid(result, type, "body", field);
            }
        }

        @Test
        @DisplayName("malformed JSON is 422 json_invalid; a long name 422 string_too_long; a bad address names pydantic's reason")
        void malformedAndLong() {
            FastApiErrors.assertInvalid(Http.postJson(api.url("/users/signup"), "{\"email\":", Map.of()), "json_invalid", "body", 0);
            JsonNode tooLong = FastApiErrors.assertInvalid(signup(uniqueEmail(), "x".repeat(256), "a-long-secret-1"),
                    "string_too_long", "body", "full_name");
            assertThat(tooLong.path("ctx").path("max_length").asInt()).isEqualTo(255);
            JsonNode noAt = FastApiErrors.assertInvalid(signup("not-an-email", "A B", "a-long-secret-1"), "value_error", "body", "email");
            assertThat(noAt.path("msg").asText()).isEqualTo("value is not a valid email address: An email address must have an @-sign.");
            assertThat(noAt.path("input").asText()).isEqualTo("not-an-email");
        }

        @Test
        @DisplayName("a form body is 415")
        void wrongContentType() {
            assertError(Http.postForm(api.url("/users/signup"), Map.of("email", uniqueEmail()), Map.of()),
                    415, "unsupported_media_type");
        }
    }
}
