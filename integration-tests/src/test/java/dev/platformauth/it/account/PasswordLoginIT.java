package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.OnEveryLine;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.EventRepresentation;

import static dev.platformauth.it.support.AuthServiceCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The auth-service API's password login and its brute-force protection. */
class PasswordLoginIT extends PasswordLoginFixture {

    @Nested
    @DisplayName("login/access-token")
    class Login {

        @HappyPath
        @Test
        @DisplayName("username and password give both tokens and a LOGIN event with the method")
        void byUsername() throws Exception {
            Account account = api.newAccount();
            HttpResult result = api.login(account.username(), account.password());
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(result.header("Cache-Control")).isEqualTo("no-store");
            JsonNode tokens = result.json();
            assertBothTokens(tokens);
            assertThat(Jwt.verify(tokens.get("access_token").asText(), realm.jwksUri()).getSubject()).isEqualTo(account.id());
            assertThat(Jwt.verify(tokens.get("platform_access_token").asText(), realm.jwksUri()).getSubject()).isEqualTo(account.id());

            EventRepresentation login = realm.awaitEvents("LOGIN", Duration.ofSeconds(10)).stream()
                    .filter(event -> account.id().equals(event.getUserId())).findFirst().orElseThrow();
            assertThat(login.getClientId()).isEqualTo(TestRealm.AUTH_CLIENT);
            assertThat(login.getDetails()).containsEntry("login_method", "password");
        }

        @Test
        @DisplayName("the email works as the username, and so does the legacy api/ prefix")
        void byEmailOnLegacyPrefix() {
            Account account = api.newAccount();
            HttpResult result = Http.postForm(realm.url() + AuthServiceCalls.LEGACY + "/login/access-token",
                    Map.of("username", account.email(), "password", account.password()), Map.of());
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertBothTokens(result.json());
        }

        @ParameterizedTest
        @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
        @DisplayName("a wrong password and an unknown user get the same 400 'Incorrect email or password', and LOGIN_ERROR events with the reason")
        void wrongCredentials(String prefix) {
            Account account = api.newAccount();
            HttpResult wrong = login(prefix, account.username(), "not-the-password");
            HttpResult unknown = login(prefix, "nobody-" + account.username(), "whatever");
            FastApiErrors.assertError(wrong, 400, "invalid_grant", "Incorrect email or password");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.body()).isEqualTo(wrong.body());
            assertThat(wrong.body()).doesNotContain("not-the-password");

            List<EventRepresentation> errors = realm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10));
            assertThat(errors).anySatisfy(event -> {
                assertThat(event.getUserId()).isEqualTo(account.id());
                assertThat(event.getError()).isEqualTo("invalid_user_credentials");
                assertThat(event.getDetails()).containsEntry("login_method", "password");
            });
            assertThat(errors).anySatisfy(event -> assertThat(event.getError()).isEqualTo("user_not_found"));
        }

        @ParameterizedTest
        @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
        @DisplayName("a disabled account gets 400 'Inactive user' with its right password only; with a wrong one it is told nothing more")
        void inactiveUser(String prefix) {
            Account account = api.newAccount();
            var user = realm.resource().users().get(account.id());
            var rep = user.toRepresentation();
            rep.setEnabled(false);
            user.update(rep);
            FastApiErrors.assertError(login(prefix, account.username(), account.password()), 400, "invalid_grant", "Inactive user");
            HttpResult wrong = login(prefix, account.username(), "not-the-password");
            FastApiErrors.assertError(wrong, 400, "invalid_grant", "Incorrect email or password");
            assertThat(wrong.body()).isEqualTo(login(prefix, "nobody-" + account.username(), "whatever").body());
            assertThat(realm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10))).anySatisfy(event -> {
                assertThat(event.getUserId()).isEqualTo(account.id());
                assertThat(event.getError()).isEqualTo("user_disabled");
            });
        }

        @ParameterizedTest
        @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
        @DisplayName("a JSON body gets 415; missing fields 422 'missing' at body.<field>")
        void badInput(String prefix) {
            Account account = api.newAccount();
            String url = api.url(prefix, "/login/access-token");
            assertError(Http.postJson(url,
                    "{\"username\":\"" + account.username() + "\",\"password\":\"" + account.password() + "\"}", Map.of()),
                    415, "unsupported_media_type");
            FastApiErrors.assertInvalid(Http.postForm(url, Map.of("username", account.username()), Map.of()), "missing", "body", "password");
            FastApiErrors.assertInvalid(Http.postForm(url, Map.of("password", account.password()), Map.of()), "missing", "body", "username");
            FastApiErrors.assertInvalid(Http.postForm(url, Map.of(), Map.of()), "missing", "body", "username");
        }

        @Test
        @DisplayName("a user with a pending required action is refused until it is done in the browser")
        void pendingRequiredAction() {
            Account account = api.newAccount();
            var user = realm.resource().users().get(account.id());
            var rep = user.toRepresentation();
            rep.setRequiredActions(List.of("UPDATE_PASSWORD"));
            user.update(rep);
            FastApiErrors.assertError(api.login(account.username(), account.password()), 400, "invalid_grant", "Account is not fully set up");
        }

        @Test
        @DisplayName("the auth-service client's direct-access-grants switch applies: off gives 403")
        void directGrantsSwitch() {
            Account account = api.newAccount();
            realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.setDirectAccessGrantsEnabled(false));
            try {
                assertError(api.login(account.username(), account.password()), 403, "unauthorized_client");
            } finally {
                realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.setDirectAccessGrantsEnabled(true));
            }
            assertThat(api.login(account.username(), account.password()).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("a realm without the auth-service client answers 503 not_configured")
        void withoutClient(KeycloakServer keycloak, MailServer mail) {
            try (TestRealm bare = TestRealm.builder(keycloak, mail, "no-auth-client").withoutPlatformMapper()
                    .customize(rep -> rep.setClients(List.of())).create()) {
                assertError(Http.postForm(bare.url() + AuthServiceCalls.V2 + "/login/access-token",
                        Map.of("username", "a", "password", "b"), Map.of()), 503, "not_configured");
            }
        }
    }

    @Nested
    @DisplayName("brute force")
    class BruteForce {

        @Test
        @DisplayName("Keycloak's detector counts failed password logins and locks the account as the realm says")
        void lockout(KeycloakServer keycloak, MailServer mail) {
            try (TestRealm guarded = AuthServiceCalls.bruteForceRealm(keycloak, mail, "login-brute-force")) {
                AuthServiceCalls guardedApi = new AuthServiceCalls(guarded);
                Account account = guardedApi.newAccount();
                for (int i = 0; i < 3; i++) {
                    assertError(guardedApi.login(account.username(), "wrong-" + i), 400, "invalid_grant");
                }
                guardedApi.awaitLockedOut(account);
                HttpResult locked = guardedApi.login(account.username(), account.password());
                FastApiErrors.assertError(locked, 400, "invalid_grant", "Incorrect email or password");
                assertThat(guarded.events("LOGIN_ERROR")).anySatisfy(event ->
                        assertThat(event.getError()).isEqualTo("user_temporarily_disabled"));
            }
        }

        @Test
        @OnEveryLine
        @DisplayName("a disabled account's password guesses count too: once it is locked, its right password is told "
                + "nothing either (Keycloak 26.4 and 26.5 report a disabled account before checking the password)")
        void disabledAccountGuessesAreLimited(KeycloakServer keycloak, MailServer mail) {
            try (TestRealm guarded = AuthServiceCalls.bruteForceRealm(keycloak, mail, "login-brute-disabled")) {
                AuthServiceCalls guardedApi = new AuthServiceCalls(guarded);
                Account account = guardedApi.newAccount();
                var user = guarded.resource().users().get(account.id());
                var rep = user.toRepresentation();
                rep.setEnabled(false);
                user.update(rep);
                for (int i = 0; i < 3; i++) {
                    FastApiErrors.assertError(guardedApi.login(account.username(), "wrong-" + i), 400, "invalid_grant",
                            "Incorrect email or password");
                }
                guardedApi.awaitLockedOut(account);
                HttpResult right = guardedApi.login(account.username(), account.password());
                FastApiErrors.assertError(right, 400, "invalid_grant", "Incorrect email or password");
            }
        }
    }
}
