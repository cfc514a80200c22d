package dev.platformauth.it.authservice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.authservice.AuthServiceCalls.Account;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.platformauth.it.authservice.AuthServiceCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code users/...}: sign-up, own password, the admin list and update, against the real Keycloak. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsersApiIT {

    private static final String POLICY = "length(10) and notUsername";

    private TestRealm realm;
    private AuthServiceCalls api;

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = TestRealm.builder(keycloak, mail, "users-api")
                .customize(rep -> {
                    rep.setRegistrationAllowed(true);
                    rep.setPasswordPolicy(POLICY);
                })
                .create();
        api = new AuthServiceCalls(realm);
    }

    @AfterAll
    void deleteRealm() {
        if (realm != null) {
            realm.close();
        }
    }

    private static String uniqueEmail() {
        return "new-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    private HttpResult signup(String email, String fullName, String password) {
        return Http.postJson(api.url("/users/signup"),
                "{\"email\":\"" + email + "\",\"full_name\":\"" + fullName + "\",\"password\":\"" + password + "\"}", Map.of());
    }

    @Nested
    @DisplayName("users/signup")
    class Signup {

        @Test
        @DisplayName("201 with the user JSON; the account logs in by email; REGISTER event; the password is never echoed")
        void createsAccount() {
            String email = uniqueEmail();
            HttpResult result = signup(email, "Ann Marie Smith", "a-long-secret-1");
            assertThat(result.status()).as(result.toString()).isEqualTo(201);
            JsonNode user = result.json();
            assertThat(user.path("id").asText()).isNotBlank();
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
        @DisplayName("an existing email is 409, in any letter case")
        void existingEmail() {
            Account account = api.newAccount();
            assertError(signup(account.email(), "Dup Licate", "a-long-secret-1"), 409, "conflict");
            assertError(signup(account.email().toUpperCase(), "Dup Licate", "a-long-secret-1"), 409, "conflict");
            assertThat(realm.awaitEvents("REGISTER_ERROR", Duration.ofSeconds(10)))
                    .anySatisfy(event -> assertThat(event.getError()).isEqualTo("email_in_use"));
        }

        @Test
        @DisplayName("a password the realm's policy refuses is 400 with the policy's message, and no account")
        void passwordPolicy() {
            String email = uniqueEmail();
            HttpResult tooShort = signup(email, "Short Pass", "short-1");
            assertError(tooShort, 400, "invalid_password");
            assertThat(tooShort.json().path("error_description").asText()).contains("10");
            assertThat(tooShort.body()).doesNotContain("short-1\"");
            assertThat(realm.resource().users().searchByEmail(email, true)).isEmpty();

            HttpResult sameAsUsername = signup(email, "Same Name", email);
            assertError(sameAsUsername, 400, "invalid_password");
            assertThat(sameAsUsername.json().path("error_description").asText()).containsIgnoringCase("username");
        }

        @Test
        @DisplayName("403 when the realm does not allow registration")
        void registrationOff() {
            realm.update(rep -> rep.setRegistrationAllowed(false));
            try {
                assertError(signup(uniqueEmail(), "No Way", "a-long-secret-1"), 403, "forbidden");
            } finally {
                realm.update(rep -> rep.setRegistrationAllowed(true));
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "{\"full_name\":\"A B\",\"password\":\"a-long-secret-1\"}",
                "{\"email\":\"not-an-email\",\"full_name\":\"A B\",\"password\":\"a-long-secret-1\"}",
                "{\"email\":\"x@example.test\",\"full_name\":\"A B\"}",
                "{\"email\":\"x@example.test\",\"full_name\":7,\"password\":\"a-long-secret-1\"}",
                "{\"email\":",
                "[]"})
        @DisplayName("bad bodies are 400")
        void badBodies(String body) {
            assertError(Http.postJson(api.url("/users/signup"), body, Map.of()), 400, "invalid_request");
        }

        @Test
        @DisplayName("a form body is 415")
        void wrongContentType() {
            assertError(Http.postForm(api.url("/users/signup"), Map.of("email", uniqueEmail()), Map.of()),
                    415, "unsupported_media_type");
        }
    }

    @Nested
    @DisplayName("users/me/password")
    class OwnPassword {

        @Test
        @DisplayName("204; the old password stops, the new one works; UPDATE_PASSWORD; the user's other sessions end")
        void changes() {
            Account account = api.newAccount();
            String kept = api.accessToken(account);
            String other = api.accessToken(account);

            HttpResult result = api.changePassword(kept, account.password(), "brand-new-secret-2");
            assertThat(result.status()).as(result.toString()).isEqualTo(204);
            assertError(api.login(account.username(), account.password()), 401, "invalid_grant");
            assertThat(api.login(account.username(), "brand-new-secret-2").status()).isEqualTo(200);

            assertThat(api.refresh(kept).status()).isEqualTo(200);
            assertError(api.refresh(other), 401, "invalid_token");
            assertThat(realm.awaitEvents("UPDATE_PASSWORD", Duration.ofSeconds(10)))
                    .anySatisfy(event -> assertThat(event.getUserId()).isEqualTo(account.id()));
        }

        @Test
        @DisplayName("a wrong current password is 400 and the password stays; policy and reuse are refused")
        void refusals() {
            Account account = api.newAccount();
            String token = api.accessToken(account);
            assertError(api.changePassword(token, "not-the-password", "brand-new-secret-4"), 400, "invalid_grant");
            assertError(api.changePassword(token, account.password(), "short"), 400, "invalid_password");
            assertError(api.changePassword(token, account.password(), account.password()), 400, "invalid_password");
            assertThat(api.login(account.username(), account.password()).status()).isEqualTo(200);
            assertThat(realm.awaitEvents("UPDATE_PASSWORD_ERROR", Duration.ofSeconds(10)))
                    .anySatisfy(event -> assertThat(event.getError()).isEqualTo("invalid_user_credentials"));
        }

        @Test
        @DisplayName("no token is 401, missing fields 400")
        void badRequests() {
            Account account = api.newAccount();
            assertError(Http.patchJson(api.url("/users/me/password"),
                    "{\"current_password\":\"a\",\"new_password\":\"b\"}", Map.of()), 401, "invalid_token");
            assertError(Http.patchJson(api.url("/users/me/password"), "{\"current_password\":\"a\"}",
                    Http.bearer(api.accessToken(account))), 400, "invalid_request");
        }

        @Test
        @DisplayName("wrong current passwords count in Keycloak's brute-force detector and lock the account")
        void bruteForce(KeycloakServer keycloak, MailServer mail) {
            try (TestRealm guarded = AuthServiceCalls.bruteForceRealm(keycloak, mail, "password-brute-force")) {
                AuthServiceCalls guardedApi = new AuthServiceCalls(guarded);
                Account account = guardedApi.newAccount();
                String token = guardedApi.accessToken(account);
                for (int i = 0; i < 3; i++) {
                    assertError(guardedApi.changePassword(token, "wrong-" + i, "brand-new-secret-5"), 400, "invalid_grant");
                }
                guardedApi.awaitLockedOut(account);
                // locked: even the right current password is refused, and so is a password login
                assertError(guardedApi.changePassword(token, account.password(), "brand-new-secret-5"), 400, "invalid_grant");
                assertError(guardedApi.login(account.username(), account.password()), 401, "invalid_grant");
            }
        }
    }

    @Nested
    @DisplayName("GET users/")
    class ListUsers {

        @Test
        @DisplayName("a plain user is 403; view-users, manage-users and superuser holders get the list")
        void whoMayList() {
            Account plain = api.newAccount();
            assertError(Http.get(api.url("/users/"), Http.bearer(api.accessToken(plain))), 403, "forbidden");

            Account viewer = api.newAccount();
            api.grantRealmManagementRole(viewer, "view-users");
            Account manager = api.newAccount();
            api.grantRealmManagementRole(manager, "manage-users");
            Account superuser = api.newAccount();
            api.grantRealmRole(superuser, "superuser");
            for (Account admin : List.of(viewer, manager, superuser)) {
                HttpResult result = Http.get(api.url("/users/?skip=0&limit=1000"), Http.bearer(api.accessToken(admin)));
                assertThat(result.status()).as(result.toString()).isEqualTo(200);
                assertThat(result.json().isArray()).isTrue();
                assertThat(result.json()).anySatisfy(user -> {
                    assertThat(user.path("id").asText()).isEqualTo(superuser.id());
                    assertThat(user.path("is_superuser").asBoolean()).isTrue();
                    assertThat(user.path("email").asText()).isEqualTo(superuser.email());
                    assertThat(user.path("full_name").asText()).isEqualTo(superuser.username() + " Tester");
                    assertThat(user.path("is_active").asBoolean()).isTrue();
                });
            }
            // without the trailing slash too, and on the legacy prefix
            assertThat(Http.get(api.url("/users"), Http.bearer(api.accessToken(viewer))).status()).isEqualTo(200);
            assertThat(Http.get(realm.url() + AuthServiceCalls.LEGACY + "/users/", Http.bearer(api.accessToken(viewer))).status())
                    .isEqualTo(200);
        }

        @Test
        @DisplayName("skip and limit page through the users")
        void paging() {
            Account viewer = api.newAccount();
            api.grantRealmManagementRole(viewer, "view-users");
            for (int i = 0; i < 3; i++) {
                api.newAccount();
            }
            String token = api.accessToken(viewer);
            JsonNode all = Http.get(api.url("/users/?skip=0&limit=1000"), Http.bearer(token)).json();
            assertThat(all.size()).isGreaterThanOrEqualTo(4);
            JsonNode page = Http.get(api.url("/users/?skip=1&limit=2"), Http.bearer(token)).json();
            assertThat(page.size()).isEqualTo(2);
            assertThat(page.get(0).path("id").asText()).isEqualTo(all.get(1).path("id").asText());
            assertThat(page.get(1).path("id").asText()).isEqualTo(all.get(2).path("id").asText());
            assertThat(Http.get(api.url("/users/?skip=" + all.size()), Http.bearer(token)).json().size()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"skip=-1", "limit=-5", "limit=abc", "skip=1.5", "limit=100000", "skip=99999999999"})
        @DisplayName("bad paging is 400")
        void badPaging(String query) {
            Account viewer = api.newAccount();
            api.grantRealmManagementRole(viewer, "view-users");
            assertError(Http.get(api.url("/users/?" + query), Http.bearer(api.accessToken(viewer))), 400, "invalid_request");
        }

        @Test
        @DisplayName("no token is 401")
        void unauthenticated() {
            assertError(Http.get(api.url("/users/"), Map.of()), 401, "invalid_token");
        }
    }

    @Nested
    @DisplayName("PATCH users/{user_id}")
    class UpdateUser {

        private String globalAdminToken() {
            Account admin = api.newAccount();
            api.grantRealmRole(admin, "superuser");
            return api.accessToken(admin);
        }

        private HttpResult patch(String token, String userId, String body) {
            return Http.patchJson(api.url("/users/" + userId), body, Http.bearer(token));
        }

        @Test
        @DisplayName("a plain user and a view-users holder are 403")
        void notGlobalAdmins() {
            Account target = api.newAccount();
            Account plain = api.newAccount();
            Account viewer = api.newAccount();
            api.grantRealmManagementRole(viewer, "view-users");
            assertError(patch(api.accessToken(plain), target.id(), "{\"full_name\":\"X Y\"}"), 403, "forbidden");
            assertError(patch(api.accessToken(viewer), target.id(), "{\"full_name\":\"X Y\"}"), 403, "forbidden");
            // a user may not update themselves through it either
            assertError(patch(api.accessToken(plain), plain.id(), "{\"is_superuser\":true}"), 403, "forbidden");
        }

        @Test
        @DisplayName("a global admin updates any subset of the fields, with an admin event per change")
        void updatesFields() {
            String token = globalAdminToken();
            Account target = api.newAccount();
            realm.clearEvents();
            String newEmail = uniqueEmail();
            HttpResult result = patch(token, target.id(), "{\"email\":\"" + newEmail + "\",\"full_name\":\"Pro Dev\","
                    + "\"is_superuser\":true,\"password\":\"another-secret-7\"}");
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            JsonNode user = result.json();
            assertThat(user.path("id").asText()).isEqualTo(target.id());
            assertThat(user.path("email").asText()).isEqualTo(newEmail);
            assertThat(user.path("full_name").asText()).isEqualTo("Pro Dev");
            assertThat(user.path("is_superuser").asBoolean()).isTrue();
            assertThat(user.path("is_active").asBoolean()).isTrue();
            assertThat(result.body()).doesNotContain("another-secret-7");

            assertThat(api.login(target.username(), "another-secret-7").status()).isEqualTo(200);
            assertThat(api.login(newEmail, "another-secret-7").status()).isEqualTo(200);

            List<AdminEventRepresentation> events = realm.adminEvents();
            assertThat(events).anySatisfy(event -> {
                assertThat(event.getOperationType()).isEqualTo("UPDATE");
                assertThat(event.getResourceType()).isEqualTo("USER");
                assertThat(event.getResourcePath()).isEqualTo("users/" + target.id());
                assertThat(event.getRepresentation()).contains(newEmail).contains("Pro Dev");
            });
            assertThat(events).anySatisfy(event -> {
                assertThat(event.getResourceType()).isEqualTo("REALM_ROLE_MAPPING");
                assertThat(event.getOperationType()).isEqualTo("CREATE");
                assertThat(event.getRepresentation()).contains("superuser");
            });
            assertThat(events).anySatisfy(event -> {
                assertThat(event.getOperationType()).isEqualTo("ACTION");
                assertThat(event.getResourcePath()).isEqualTo("users/" + target.id() + "/reset-password");
            });
            assertThat(events).allSatisfy(event -> {
                assertThat(event.getAuthDetails().getRealmId()).isNotBlank();
                assertThat(String.valueOf(event.getRepresentation())).doesNotContain("another-secret-7");
            });

            HttpResult demoted = patch(token, target.id(), "{\"is_superuser\":false}");
            assertThat(demoted.json().path("is_superuser").asBoolean()).isFalse();
        }

        @Test
        @DisplayName("a manage-users holder is a global admin too; a deactivated user can no longer log in and loses its sessions")
        void deactivates() {
            Account manager = api.newAccount();
            api.grantRealmManagementRole(manager, "manage-users");
            Account target = api.newAccount();
            String targetToken = api.accessToken(target);

            HttpResult result = patch(api.accessToken(manager), target.id(), "{\"is_active\":false}");
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(result.json().path("is_active").asBoolean()).isFalse();
            assertError(api.login(target.username(), target.password()), 401, "invalid_grant");
            assertError(api.refresh(targetToken), 401, "invalid_token");

            assertThat(patch(api.accessToken(manager), target.id(), "{\"is_active\":true}").status()).isEqualTo(200);
            assertThat(api.login(target.username(), target.password()).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("404 for a missing user, 409 for an email in use, 400 for bad fields or a refused password")
        void errors() {
            String token = globalAdminToken();
            Account target = api.newAccount();
            Account other = api.newAccount();
            assertError(patch(token, UUID.randomUUID().toString(), "{\"full_name\":\"X Y\"}"), 404, "not_found");
            assertError(patch(token, target.id(), "{\"email\":\"" + other.email() + "\"}"), 409, "conflict");
            assertError(patch(token, target.id(), "{\"is_active\":\"yes\"}"), 400, "invalid_request");
            assertError(patch(token, target.id(), "{\"is_superuser\":1}"), 400, "invalid_request");
            assertError(patch(token, target.id(), "{\"email\":\"nope\"}"), 400, "invalid_request");
            assertError(patch(token, target.id(), "{\"password\":\"short\"}"), 400, "invalid_password");
            assertError(patch(token, target.id(), "{bad json"), 400, "invalid_request");
            // nothing changed by the refused requests
            UserRepresentation unchanged = realm.resource().users().get(target.id()).toRepresentation();
            assertThat(unchanged.getEmail()).isEqualTo(target.email());
            assertThat(unchanged.isEnabled()).isTrue();
            assertThat(api.login(target.username(), target.password()).status()).isEqualTo(200);
        }
    }
}
