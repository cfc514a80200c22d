package dev.platformauth.it.account;

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
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
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
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's own account through the FastAPI template's routes: {@code GET/PATCH/DELETE users/me},
 * {@code POST login/test-token} and {@code GET users/{id}}, on both prefixes, against the real Keycloak.
 * The attacks: a login-as session changing the address or deleting the account, a global admin deleting
 * themself, a plain user reading another user.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserSelfServiceIT {

    private KeycloakServer keycloak;
    private TestRealm realm;
    private AuthServiceCalls api;
    private RealmUsers users;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.create(keycloak, mail, "self-service"));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        realm = REALM.get();
        api = new AuthServiceCalls(realm);
        users = new RealmUsers(realm);
    }

    private HttpResult patchMe(String prefix, String token, String body) {
        return Http.patchJson(api.url(prefix, "/users/me"), body, Http.bearer(token));
    }

    private EventRepresentation awaitEvent(String type, String userId) {
        return Polling.await(() -> realm.events(type).stream().filter(event -> userId.equals(event.getUserId())).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(20), type + " of " + userId).get(0);
    }

    /** An auth-service token of a login-as session (Keycloak's impersonation by the master admin) of a new user. */
    private String loginAsToken(Account target) {
        return users.impersonatedAuthServiceTokens(keycloak, target).get("access_token").asText();
    }

    @Nested
    @DisplayName("reading")
    class Reading {

        @ParameterizedTest
        @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
        @DisplayName("GET users/me and POST login/test-token answer the public user of the auth token")
        void me(String prefix) {
            Account account = api.newAccount();
            String token = api.accessToken(account);
            for (HttpResult result : List.of(Http.get(api.url(prefix, "/users/me"), Http.bearer(token)),
                    Http.postEmpty(api.url(prefix, "/login/test-token"), Http.bearer(token)))) {
                assertThat(result.status()).as(result.toString()).isEqualTo(200);
                JsonNode user = result.json();
                assertThat(user.path("id").asText()).isEqualTo(account.id());
                assertThat(user.path("email").asText()).isEqualTo(account.email());
                assertThat(user.path("full_name").asText()).isEqualTo(account.username() + " Tester");
                assertThat(user.path("is_active").asBoolean()).isTrue();
                assertThat(user.path("is_superuser").asBoolean()).isFalse();
                assertThat(user.path("created_at").asText()).endsWith("Z");
            }
            FastApiErrors.assertError(Http.postEmpty(api.url(prefix, "/login/test-token"), Map.of()), 401, "invalid_token");
            FastApiErrors.assertError(Http.get(api.url(prefix, "/users/me"), Http.bearer(api.tokens(account)
                    .get("platform_access_token").asText())), 401, "invalid_token");
        }

        @ParameterizedTest
        @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
        @DisplayName("GET users/{id}: oneself, or anyone for a global admin; a plain user reading another (or a made-up id) "
                + "is 403; a global admin's unknown id is 404 'User not found'")
        void byId(String prefix) {
            Account plain = api.newAccount();
            Account other = api.newAccount();
            String plainToken = api.accessToken(plain);
            assertThat(Http.get(api.url(prefix, "/users/" + plain.id()), Http.bearer(plainToken)).json().path("id").asText())
                    .isEqualTo(plain.id());
            FastApiErrors.assertError(Http.get(api.url(prefix, "/users/" + other.id()), Http.bearer(plainToken)), 403, "forbidden",
                    "The user doesn't have enough privileges");
            FastApiErrors.assertError(Http.get(api.url(prefix, "/users/" + UUID.randomUUID()), Http.bearer(plainToken)), 403, "forbidden");

            Account admin = api.newAccount();
            api.grantRealmRole(admin, "superuser");
            String adminToken = api.accessToken(admin);
            HttpResult read = Http.get(api.url(prefix, "/users/" + other.id()), Http.bearer(adminToken));
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().path("email").asText()).isEqualTo(other.email());
            FastApiErrors.assertError(Http.get(api.url(prefix, "/users/" + UUID.randomUUID()), Http.bearer(adminToken)), 404,
                    "not_found", "User not found");
        }
    }

    @Nested
    @DisplayName("PATCH users/me")
    class Update {

        @ParameterizedTest
        @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
        @DisplayName("a one-word full_name is stored so that Keycloak's default user profile is satisfied: the user still "
                + "logs in; an UPDATE_PROFILE event")
        void oneWordName(String prefix) {
            Account account = api.newAccount();
            HttpResult result = patchMe(prefix, api.accessToken(account), "{\"full_name\":\"Cher\"}");
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(result.json().path("full_name").asText()).isEqualTo("Cher");
            assertThat(result.json().path("email").asText()).isEqualTo(account.email());
            assertThat(api.login(account.username(), account.password()).status()).as("still logs in").isEqualTo(200);
            assertThat(Http.get(api.url("/users/me"), Http.bearer(api.accessToken(account))).json().path("full_name").asText())
                    .isEqualTo("Cher");
            EventRepresentation event = awaitEvent("UPDATE_PROFILE", account.id());
            assertThat(event.getClientId()).isEqualTo(TestRealm.AUTH_CLIENT);
            assertThat(event.getDetails()).containsEntry("updated_first_name", "Cher");
        }

        @Test
        @DisplayName("a new address is unverified, the username follows it when it was the old address, and it logs in; "
                + "an UPDATE_EMAIL event with both addresses")
        void newAddress() {
            String email = "self-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            HttpResult signedUp = Http.postJson(api.url("/users/signup"),
                    "{\"email\":\"" + email + "\",\"password\":\"a-long-secret-1\"}", Map.of());
            assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(200);
            String id = signedUp.json().path("id").asText();
            String token = api.login(email, "a-long-secret-1").json().path("access_token").asText();
            String newEmail = "moved-" + email;

            HttpResult result = patchMe(AuthServiceCalls.V2, token, "{\"email\":\"" + newEmail + "\"}");
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(result.json().path("email").asText()).isEqualTo(newEmail);
            UserRepresentation stored = realm.resource().users().get(id).toRepresentation();
            assertThat(stored.getUsername()).isEqualTo(newEmail);
            assertThat(stored.isEmailVerified()).isFalse();
            assertThat(api.login(newEmail, "a-long-secret-1").status()).isEqualTo(200);
            EventRepresentation event = awaitEvent("UPDATE_EMAIL", id);
            assertThat(event.getDetails()).containsEntry("previous_email", email).containsEntry("updated_email", newEmail);
        }

        @Test
        @DisplayName("an address another account has is 409 'User with this email already exists'; a bad one 422; nothing changes")
        void refusals() {
            Account account = api.newAccount();
            Account other = api.newAccount();
            String token = api.accessToken(account);
            FastApiErrors.assertError(patchMe(AuthServiceCalls.V2, token, "{\"email\":\"" + other.email() + "\",\"full_name\":\"New Name\"}"),
                    409, "conflict", "User with this email already exists");
            FastApiErrors.assertInvalid(patchMe(AuthServiceCalls.V2, token, "{\"email\":\"nope\"}"), "value_error", "body", "email");
            FastApiErrors.assertInvalid(patchMe(AuthServiceCalls.V2, token, "{\"full_name\":[1]}"), "string_type", "body", "full_name");
            UserRepresentation unchanged = realm.resource().users().get(account.id()).toRepresentation();
            assertThat(unchanged.getEmail()).isEqualTo(account.email());
            assertThat(unchanged.getLastName()).isEqualTo("Tester");
        }

        @Test
        @DisplayName("attack: a login-as session changes the user's address to take the account over: 403, UPDATE_EMAIL_ERROR "
                + "not_allowed, the address stays")
        void loginAsCannotChangeTheAddress() {
            Account target = users.create("victim");
            String token = loginAsToken(target);
            HttpResult refused = patchMe(AuthServiceCalls.V2, token, "{\"email\":\"attacker-" + UUID.randomUUID() + "@example.test\"}");
            RealmUsers.assertForbidden(refused, "A login-as session cannot change the email address");
            FastApiErrors.assertError(refused, 403, "forbidden");
            assertThat(realm.resource().users().get(target.id()).toRepresentation().getEmail()).isEqualTo(target.email());
            EventRepresentation error = awaitEvent("UPDATE_EMAIL_ERROR", target.id());
            assertThat(error.getError()).isEqualTo("not_allowed");
            assertThat(error.getDetails()).containsEntry("reason", "login-as session");
        }
    }

    @Nested
    @DisplayName("DELETE users/me")
    class Delete {

        @ParameterizedTest
        @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
        @DisplayName("a plain user deletes the account: 200 'User deleted successfully', the user and its sessions are gone, "
                + "a DELETE_ACCOUNT event")
        void deletes(String prefix) {
            Account account = api.newAccount();
            String token = api.accessToken(account);
            HttpResult deleted = Http.delete(api.url(prefix, "/users/me"), Http.bearer(token));
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
            assertThat(deleted.json().path("message").asText()).isEqualTo("User deleted successfully");
            assertThat(realm.resource().users().search(account.username(), true)).isEmpty();
            FastApiErrors.assertError(api.refresh(token), 401, "invalid_token");
            assertThat(awaitEvent("DELETE_ACCOUNT", account.id()).getClientId()).isEqualTo(TestRealm.AUTH_CLIENT);
        }

        @ParameterizedTest
        @ValueSource(strings = {"superuser", "manage-users"})
        @DisplayName("a global admin gets 403 'Super users are not allowed to delete themselves' and stays")
        void globalAdmins(String role) {
            Account admin = api.newAccount();
            if (role.equals("superuser")) {
                api.grantRealmRole(admin, role);
            } else {
                api.grantRealmManagementRole(admin, role);
            }
            FastApiErrors.assertError(Http.delete(api.url("/users/me"), Http.bearer(api.accessToken(admin))), 403, "forbidden",
                    "Super users are not allowed to delete themselves");
            assertThat(realm.resource().users().get(admin.id()).toRepresentation().isEnabled()).isTrue();
        }

        @Test
        @DisplayName("attack: a login-as session deletes the user's account: 403, DELETE_ACCOUNT_ERROR, the user stays")
        void loginAsCannotDelete() {
            Account target = users.create("kept");
            RealmUsers.assertForbidden(Http.delete(api.url("/users/me"), Http.bearer(loginAsToken(target))),
                    "A login-as session cannot delete the account");
            assertThat(realm.resource().users().get(target.id()).toRepresentation().getUsername()).isEqualTo(target.username());
            assertThat(awaitEvent("DELETE_ACCOUNT_ERROR", target.id()).getError()).isEqualTo("not_allowed");
        }
    }
}
