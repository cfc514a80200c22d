package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.NotFoundException;
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
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static dev.platformauth.it.support.RealmUsers.assertForbidden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A global admin's {@code POST users/} and {@code DELETE users/{id}} (the FastAPI template's create and
 * delete), on both prefixes, against the real Keycloak. The attacks: a plain user creating or deleting,
 * a superuser deleting a realm admin or a holder of a role she lacks, an admin deleting themself, a
 * login-as session creating an account with a password or deleting one.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserAdministrationIT {

    private static final String SERVICE_CLIENT = "reporting-api";

    private KeycloakServer keycloak;
    private TestRealm realm;
    private RealmUsers users;
    private AuthServiceCalls api;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.builder(keycloak, mail, "user-administration")
            .customize(rep -> RealmUsers.addClient(rep, RealmUsers.serviceAccountClient(SERVICE_CLIENT)))
            .create());

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        realm = REALM.get();
        users = new RealmUsers(realm);
        api = new AuthServiceCalls(realm);
    }

    private String token(Account user) {
        return users.passwordGrant(TestRealm.AUTH_CLIENT, user, null).get("access_token").asText();
    }

    private Account superuser() {
        return users.grantRealmRole(users.create("super"), "superuser");
    }

    private static String newEmail() {
        return "made-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    private HttpResult create(String prefix, String token, String body) {
        return Http.postJson(api.url(prefix, "/users/"), body, Http.bearer(token));
    }

    private HttpResult delete(String prefix, String token, String userId) {
        return Http.delete(api.url(prefix, "/users/" + userId), Http.bearer(token));
    }

    private boolean exists(String userId) {
        try {
            return userId.equals(realm.resource().users().get(userId).toRepresentation().getId());
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Nested
    @DisplayName("POST users/")
    class Create {

        @ParameterizedTest
        @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
        @DisplayName("a superuser creates an account: 200 with the public user, it logs in; admin events naming the caller, never the password")
        void creates(String prefix) {
            Account admin = superuser();
            String email = newEmail();
            realm.clearEvents();
            HttpResult created = create(prefix, token(admin), "{\"email\":\"" + email + "\",\"password\":\"made-secret-1\","
                    + "\"full_name\":\"Made Up\",\"is_superuser\":true}");
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            JsonNode user = created.json();
            assertThat(user.path("email").asText()).isEqualTo(email);
            assertThat(user.path("full_name").asText()).isEqualTo("Made Up");
            assertThat(user.path("is_active").asBoolean()).isTrue();
            assertThat(user.path("is_superuser").asBoolean()).isTrue();
            assertThat(api.login(email, "made-secret-1").status()).isEqualTo(200);

            List<AdminEventRepresentation> events = realm.adminEvents();
            assertThat(events).anySatisfy(event -> {
                assertThat(event.getOperationType()).isEqualTo("CREATE");
                assertThat(event.getResourceType()).isEqualTo("USER");
                assertThat(event.getResourcePath()).isEqualTo("users/" + user.path("id").asText());
            });
            assertThat(events).anySatisfy(event -> assertThat(event.getResourceType()).isEqualTo("REALM_ROLE_MAPPING"));
            assertThat(events).allSatisfy(event -> {
                assertThat(event.getAuthDetails().getUserId()).isEqualTo(admin.id());
                assertThat(String.valueOf(event.getRepresentation())).doesNotContain("made-secret-1");
            });
        }

        @Test
        @DisplayName("is_active false creates a disabled account (its right password gets 'Inactive user'); a taken address is "
                + "400 'The user with this email already exists in the system'; bad fields 422")
        void inactiveTakenAndInvalid() {
            String token = token(superuser());
            String email = newEmail();
            HttpResult created = create(AuthServiceCalls.V2, token, "{\"email\":\"" + email + "\",\"password\":\"made-secret-2\",\"is_active\":false}");
            assertThat(created.json().path("is_active").asBoolean()).as(created.toString()).isFalse();
            FastApiErrors.assertError(api.login(email, "made-secret-2"), 400, "invalid_grant", "Inactive user");
            FastApiErrors.assertError(create(AuthServiceCalls.V2, token, "{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"made-secret-3\"}"),
                    400, "conflict", "The user with this email already exists in the system");
            FastApiErrors.assertInvalid(create(AuthServiceCalls.V2, token, "{\"password\":\"made-secret-3\"}"), "missing", "body", "email");
            FastApiErrors.assertInvalid(create(AuthServiceCalls.V2, token, "{\"email\":\"" + newEmail() + "\",\"password\":\"short\"}"),
                    "string_too_short", "body", "password");
            FastApiErrors.assertInvalid(create(AuthServiceCalls.V2, token, "{\"email\":\"" + newEmail() + "\",\"password\":\"made-secret-3\","
                    + "\"is_superuser\":\"yes\"}"), "bool_type", "body", "is_superuser");
        }

        @Test
        @DisplayName("attack: a plain user or a view-users holder creates an account: 403 'The user doesn't have enough privileges'")
        void notGlobalAdmins() {
            Account plain = users.create("plain");
            Account viewer = users.grantClientRole(users.create("viewer"), "realm-management", "view-users");
            for (Account caller : List.of(plain, viewer)) {
                String email = newEmail();
                FastApiErrors.assertError(create(AuthServiceCalls.V2, token(caller), "{\"email\":\"" + email + "\",\"password\":\"made-secret-4\"}"),
                        403, "forbidden", "The user doesn't have enough privileges");
                assertThat(realm.resource().users().searchByEmail(email, true)).isEmpty();
            }
        }

        @Test
        @DisplayName("attack: a login-as session of a superuser creates an account with a password it chose: 403, no account")
        void loginAsCannotCreate() {
            Account admin = superuser();
            String token = users.impersonatedAuthServiceTokens(keycloak, admin).get("access_token").asText();
            String email = newEmail();
            assertForbidden(create(AuthServiceCalls.V2, token, "{\"email\":\"" + email + "\",\"password\":\"made-secret-5\"}"),
                    "A login-as session cannot create users");
            assertThat(realm.resource().users().searchByEmail(email, true)).isEmpty();
        }
    }

    @Nested
    @DisplayName("DELETE users/{id}")
    class Delete {

        @ParameterizedTest
        @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
        @DisplayName("a superuser deletes a plain user: 200 'User deleted successfully', the user and its sessions are gone, "
                + "an admin event naming the caller")
        void deletes(String prefix) {
            Account admin = superuser();
            Account target = users.create("target");
            String targetToken = token(target);
            realm.clearEvents();
            HttpResult deleted = delete(prefix, token(admin), target.id());
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
            assertThat(deleted.json().path("message").asText()).isEqualTo("User deleted successfully");
            assertThat(exists(target.id())).isFalse();
            FastApiErrors.assertError(api.refresh(targetToken), 401, "invalid_token");
            assertThat(realm.adminEvents()).anySatisfy(event -> {
                assertThat(event.getOperationType()).isEqualTo("DELETE");
                assertThat(event.getResourcePath()).isEqualTo("users/" + target.id());
                assertThat(event.getAuthDetails().getUserId()).isEqualTo(admin.id());
            });
            FastApiErrors.assertError(delete(prefix, token(admin), target.id()), 404, "not_found", "User not found");
        }

        @Test
        @DisplayName("attack: an admin deletes themself: 403 'Super users are not allowed to delete themselves'")
        void notThemselves() {
            Account admin = superuser();
            FastApiErrors.assertError(delete(AuthServiceCalls.V2, token(admin), admin.id()), 403, "forbidden",
                    "Super users are not allowed to delete themselves");
            assertThat(exists(admin.id())).isTrue();
        }

        @Test
        @DisplayName("attack: a superuser deletes a realm admin, a manage-users or impersonation holder or a service account; "
                + "a manage-users holder deletes a superuser: 403 and they stay")
        void containment() {
            realm.clearEvents();
            String superToken = token(superuser());
            Account realmAdmin = users.grantClientRole(users.create("root"), "realm-management", "realm-admin");
            Account manager = users.grantClientRole(users.create("manager"), "realm-management", "manage-users");
            Account agent = users.grantClientRole(users.create("agent"), "realm-management", "impersonation");
            for (Account target : List.of(realmAdmin, manager, agent)) {
                assertForbidden(delete(AuthServiceCalls.V2, superToken, target.id()), "role the caller does not hold");
                assertThat(exists(target.id())).as(target.username()).isTrue();
            }
            String serviceAccount = users.serviceAccountId(SERVICE_CLIENT);
            assertForbidden(delete(AuthServiceCalls.V2, superToken, serviceAccount), "Nobody acts for a service account");
            assertThat(exists(serviceAccount)).isTrue();

            Account otherSuper = superuser();
            assertForbidden(delete(AuthServiceCalls.V2, token(manager), otherSuper.id()), "role the caller does not hold");
            assertThat(exists(otherSuper.id())).isTrue();
            assertThat(realm.adminEvents().stream().filter(event -> "DELETE".equals(event.getOperationType())).toList())
                    .as("no admin event of a refused deletion").isEmpty();
        }

        @Test
        @DisplayName("attack: a plain user deletes another (403); a login-as session of a superuser deletes a plain user (403)")
        void plainUsersAndLoginAs() {
            Account target = users.create("spared");
            FastApiErrors.assertError(delete(AuthServiceCalls.V2, token(users.create("plain")), target.id()), 403, "forbidden",
                    "The user doesn't have enough privileges");
            String loginAs = users.impersonatedAuthServiceTokens(keycloak, superuser()).get("access_token").asText();
            assertForbidden(delete(AuthServiceCalls.V2, loginAs, target.id()), "A login-as session cannot delete users");
            UserRepresentation kept = realm.resource().users().get(target.id()).toRepresentation();
            assertThat(kept.getUsername()).isEqualTo(target.username());
        }
    }

    @Test
    @DisplayName("no token is 401 with the detail, on both routes")
    void unauthenticated() {
        FastApiErrors.assertError(Http.postJson(api.url("/users/"), "{}", Map.of()), 401, "invalid_token");
        FastApiErrors.assertError(Http.delete(api.url("/users/" + UUID.randomUUID()), Map.of()), 401, "invalid_token");
    }
}
