package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static dev.platformauth.it.support.AuthServiceCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code users/...}: sign-up, own password, the admin list and update, in the FastAPI template's shapes
 * and texts, against the real Keycloak. The realm is in Keycloak's default state for registration (the
 * login pages' "User registration" is off): the API's own switch decides.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsersApiIT {

    private static final String POLICY = "length(10) and notUsername";
    private static final String SIGNUP_SWITCH = "platform-auth.signup.enabled";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestRealm realm;
    private AuthServiceCalls api;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.builder(keycloak, mail, "users-api")
            .customize(rep -> rep.setPasswordPolicy(POLICY))
            .create());

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = REALM.get();
        api = new AuthServiceCalls(realm);
    }

    private static String uniqueEmail() {
        return "new-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    private HttpResult signup(String email, String fullName, String password) {
        return signup(AuthServiceCalls.V2, email, fullName, password);
    }

    private HttpResult signup(String prefix, String email, String fullName, String password) {
        return Http.postJson(api.url(prefix, "/users/signup"),
                "{\"email\":\"" + email + "\",\"full_name\":\"" + fullName + "\",\"password\":\"" + password + "\"}", Map.of());
    }

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

    @Nested
    @DisplayName("users/me/password")
    class OwnPassword {

        @ParameterizedTest
        @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
        @DisplayName("200 'Password updated successfully'; the old password stops, the new one works; UPDATE_PASSWORD; "
                + "the user's other sessions end")
        void changes(String prefix) {
            Account account = api.newAccount();
            String kept = api.accessToken(account);
            String other = api.accessToken(account);

            HttpResult result = Http.patchJson(api.url(prefix, "/users/me/password"), "{\"current_password\":\""
                    + account.password() + "\",\"new_password\":\"brand-new-secret-2\"}", Http.bearer(kept));
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(result.json()).isEqualTo(JSON.createObjectNode().put("message", "Password updated successfully"));
            assertError(api.login(account.username(), account.password()), 400, "invalid_grant");
            assertThat(api.login(account.username(), "brand-new-secret-2").status()).isEqualTo(200);

            assertThat(api.refresh(kept).status()).isEqualTo(200);
            assertError(api.refresh(other), 401, "invalid_token");
            assertThat(realm.awaitEvents("UPDATE_PASSWORD", Duration.ofSeconds(10)))
                    .anySatisfy(event -> assertThat(event.getUserId()).isEqualTo(account.id()));
        }

        @Test
        @DisplayName("a wrong current password is 400 'Incorrect password' and the password stays; an unchanged one "
                + "'New password cannot be the same as the current one'; the policy refuses with its message")
        void refusals() {
            Account account = api.newAccount();
            String token = api.accessToken(account);
            FastApiErrors.assertError(api.changePassword(token, "not-the-password", "brand-new-secret-4"), 400, "invalid_grant",
                    "Incorrect password");
            assertError(api.changePassword(token, account.password(), "shortish"), 400, "invalid_password");
            FastApiErrors.assertInvalid(api.changePassword(token, account.password(), "short"), "string_too_short", "body", "new_password");
            FastApiErrors.assertError(api.changePassword(token, account.password(), account.password()), 400, "invalid_password",
                    "New password cannot be the same as the current one");
            assertThat(api.login(account.username(), account.password()).status()).isEqualTo(200);
            assertThat(realm.awaitEvents("UPDATE_PASSWORD_ERROR", Duration.ofSeconds(10)))
                    .anySatisfy(event -> assertThat(event.getError()).isEqualTo("invalid_user_credentials"));
        }

        @Test
        @DisplayName("no token is 401, a missing field 422 'missing' (secrets in its input redacted)")
        void badRequests() {
            Account account = api.newAccount();
            assertError(Http.patchJson(api.url("/users/me/password"),
                    "{\"current_password\":\"a\",\"new_password\":\"b\"}", Map.of()), 401, "invalid_token");
            JsonNode missing = FastApiErrors.assertInvalid(Http.patchJson(api.url("/users/me/password"), "{\"current_password\":\"hunter2-x\"}",
                    Http.bearer(api.accessToken(account))), "missing", "body", "new_password");
            assertThat(missing.path("input").path("current_password").asText()).isEqualTo("[redacted]");
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
                assertError(guardedApi.login(account.username(), account.password()), 400, "invalid_grant");
            }
        }
    }

    @Nested
    @DisplayName("GET users/")
    class ListUsers {

        @Test
        @DisplayName("a plain user is 403 'The user doesn't have enough privileges'; view-users, manage-users and superuser holders get the list")
        void whoMayList() {
            Account plain = api.newAccount();
            FastApiErrors.assertError(Http.get(api.url("/users/"), Http.bearer(api.accessToken(plain))), 403, "forbidden",
                    "The user doesn't have enough privileges");

            Account viewer = api.newAccount();
            api.grantRealmManagementRole(viewer, "view-users");
            Account manager = api.newAccount();
            api.grantRealmManagementRole(manager, "manage-users");
            Account superuser = api.newAccount();
            api.grantRealmRole(superuser, "superuser");
            for (Account admin : List.of(viewer, manager, superuser)) {
                HttpResult result = Http.get(api.url("/users/?skip=0&limit=1000"), Http.bearer(api.accessToken(admin)));
                assertThat(result.status()).as(result.toString()).isEqualTo(200);
                assertThat(result.json().path("data").isArray()).isTrue();
                assertThat(result.json().path("data")).anySatisfy(user -> {
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

        @ParameterizedTest
        @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
        @DisplayName("newest first; skip and limit page through the users; count is every user but service accounts, on every page")
        void paging(String prefix) {
            Account viewer = api.newAccount();
            api.grantRealmManagementRole(viewer, "view-users");
            List<Account> created = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                created.add(api.newAccount());
            }
            String token = api.accessToken(viewer);
            JsonNode all = Http.get(api.url(prefix, "/users/?skip=0&limit=1000"), Http.bearer(token)).json();
            int users = realm.resource().users().count();
            assertThat(all.path("count").asInt()).isEqualTo(users);
            assertThat(all.path("data").size()).isEqualTo(users);
            List<String> newest = new ArrayList<>();
            all.path("data").forEach(user -> newest.add(user.path("id").asText()));
            assertThat(newest.subList(0, 3)).containsExactly(created.get(2).id(), created.get(1).id(), created.get(0).id());
            List<Instant> times = new ArrayList<>();
            all.path("data").forEach(user -> times.add(Instant.parse(user.path("created_at").asText())));
            assertThat(times).isSortedAccordingTo(Comparator.reverseOrder());

            JsonNode page = Http.get(api.url(prefix, "/users/?skip=1&limit=2"), Http.bearer(token)).json();
            assertThat(page.path("count").asInt()).isEqualTo(users);
            assertThat(page.path("data").size()).isEqualTo(2);
            assertThat(page.path("data").get(0).path("id").asText()).isEqualTo(newest.get(1));
            assertThat(page.path("data").get(1).path("id").asText()).isEqualTo(newest.get(2));
            JsonNode beyond = Http.get(api.url(prefix, "/users/?skip=" + users), Http.bearer(token)).json();
            assertThat(beyond.path("data").size()).isZero();
            assertThat(beyond.path("count").asInt()).isEqualTo(users);
            assertThat(Http.get(api.url(prefix, "/users/?limit=0"), Http.bearer(token)).json().path("data").size()).isZero();
        }

        @ParameterizedTest
        @CsvSource({"skip=-1, skip, greater_than_equal", "limit=-5, limit, greater_than_equal", "limit=abc, limit, int_parsing",
                "skip=1.5, skip, int_parsing", "limit=100000, limit, less_than_equal", "skip=99999999999, skip, less_than_equal"})
        @DisplayName("bad paging is 422 at query.<name> with pydantic's type")
        void badPaging(String query, String name, String type) {
            Account viewer = api.newAccount();
            api.grantRealmManagementRole(viewer, "view-users");
            FastApiErrors.assertInvalid(Http.get(api.url("/users/?" + query), Http.bearer(api.accessToken(viewer))), type, "query", name);
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
            FastApiErrors.assertError(patch(api.accessToken(plain), target.id(), "{\"full_name\":\"X Y\"}"), 403, "forbidden",
                    "The user doesn't have enough privileges");
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
            FastApiErrors.assertError(api.login(target.username(), target.password()), 400, "invalid_grant", "Inactive user");
            assertError(api.refresh(targetToken), 401, "invalid_token");

            assertThat(patch(api.accessToken(manager), target.id(), "{\"is_active\":true}").status()).isEqualTo(200);
            assertThat(api.login(target.username(), target.password()).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("404 'The user with this id does not exist in the system', 409 'User with this email already exists', "
                + "422 for bad fields, 400 for a password the policy refuses")
        void errors() {
            String token = globalAdminToken();
            Account target = api.newAccount();
            Account other = api.newAccount();
            FastApiErrors.assertError(patch(token, UUID.randomUUID().toString(), "{\"full_name\":\"X Y\"}"), 404, "not_found",
                    "The user with this id does not exist in the system");
            FastApiErrors.assertError(patch(token, target.id(), "{\"email\":\"" + other.email().toUpperCase() + "\"}"), 409, "conflict",
                    "User with this email already exists");
            FastApiErrors.assertInvalid(patch(token, target.id(), "{\"is_active\":\"yes\"}"), "bool_type", "body", "is_active");
            FastApiErrors.assertInvalid(patch(token, target.id(), "{\"is_superuser\":1}"), "bool_type", "body", "is_superuser");
            FastApiErrors.assertInvalid(patch(token, target.id(), "{\"email\":\"nope\"}"), "value_error", "body", "email");
            FastApiErrors.assertInvalid(patch(token, target.id(), "{\"password\":\"short\"}"), "string_too_short", "body", "password");
            assertError(patch(token, target.id(), "{\"password\":\"shortish\"}"), 400, "invalid_password");
            FastApiErrors.assertInvalid(patch(token, target.id(), "{bad json"), "json_invalid", "body", 0);
            // nothing changed by the refused requests
            UserRepresentation unchanged = realm.resource().users().get(target.id()).toRepresentation();
            assertThat(unchanged.getEmail()).isEqualTo(target.email());
            assertThat(unchanged.isEnabled()).isTrue();
            assertThat(api.login(target.username(), target.password()).status()).isEqualTo(200);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"Cher\"", "\"\"", "null", "\"Sirhan Sirhan\""})
        @DisplayName("a one-word, empty or repeated full_name keeps Keycloak's default user profile satisfied: the user still "
                + "logs in by password and by the token endpoint, and the name reads back as given")
        void namesKeepTheUserAbleToLogIn(String fullName) {
            String token = globalAdminToken();
            Account target = api.newAccount();
            HttpResult result = patch(token, target.id(), "{\"full_name\":" + fullName + "}");
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            String expected = fullName.equals("null") || fullName.equals("\"\"") ? null : fullName.replace("\"", "");
            assertThat(result.json().path("full_name").isNull() ? null : result.json().path("full_name").asText()).isEqualTo(expected);

            assertThat(api.login(target.username(), target.password()).status()).as("API login after %s", fullName).isEqualTo(200);
            HttpResult grant = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "password", "client_id", TestRealm.AUTH_CLIENT,
                    "username", target.username(), "password", target.password()), Map.of());
            assertThat(grant.status()).as("Keycloak's password grant: %s", grant).isEqualTo(200);
            UserRepresentation stored = realm.resource().users().get(target.id()).toRepresentation();
            assertThat(stored.getFirstName()).isNotBlank();
            assertThat(stored.getLastName()).isNotBlank();
        }
    }
}
