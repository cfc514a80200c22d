package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.TestRealm;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static dev.platformauth.it.support.AuthServiceCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The users API's update of a user. */
class UsersApiUpdateIT extends UsersApiFixture {

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
