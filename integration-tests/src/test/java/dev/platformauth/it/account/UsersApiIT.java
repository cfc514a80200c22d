package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.platformauth.it.support.AuthServiceCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The users API: a user's own password and the list of users. */
class UsersApiIT extends UsersApiFixture {

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
}
