package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords end other sessions, offline sessions included, whoever sets them: the user
 * ({@code users/me/password}, the caller's own session stays), a global admin ({@code PATCH users/{id}}),
 * a user manager ({@code setAssociatedAccountPassword}) and a completed reset (sentinel {@code POST
 * password}). Old refresh and offline tokens are refused at Keycloak's token endpoint afterwards,
 * and every ended session leaves a LOGOUT event. See docs/security.md, "Passwords".
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordSessionsIT {

    private static final Duration EVENTS = Duration.ofSeconds(20);
    private static final Pattern RESET_TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]{43})");

    private TestRealm realm;
    private MailServer mail;
    private RealmUsers users;
    private AuthServiceCalls api;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "password-sessions", rep -> { }));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.mail = mail;
        realm = REALM.get();
        users = new RealmUsers(realm);
        api = new AuthServiceCalls(realm);
    }

    /** A session with a plain refresh token and an offline one, both at auth-service. */
    private record Sessions(JsonNode online, JsonNode offline) {
    }

    private Sessions sessionsOf(Account user) {
        return new Sessions(users.passwordGrant(TestRealm.AUTH_CLIENT, user, null), users.offlineGrant(TestRealm.AUTH_CLIENT, user));
    }

    private void assertEnded(Sessions sessions) {
        for (JsonNode tokens : List.of(sessions.online(), sessions.offline())) {
            HttpResult refreshed = users.refresh(TestRealm.AUTH_CLIENT, tokens);
            assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(400);
            assertThat(refreshed.json().get("error").asText()).isEqualTo("invalid_grant");
        }
    }

    private List<EventRepresentation> logouts(Account user, int atLeast) {
        return Polling.await(() -> realm.events("LOGOUT").stream().filter(event -> user.id().equals(event.getUserId())).toList(),
                found -> found.size() >= atLeast, EVENTS, atLeast + " LOGOUT events of " + user.username());
    }

    @Test
    @DisplayName("given a user with other sessions when she changes her own password then the others end, offline ones "
            + "included, and hers stays")
    void ownChange() {
        Account user = users.create("own");
        JsonNode mine = users.passwordGrant(TestRealm.AUTH_CLIENT, user, null);
        Sessions others = sessionsOf(user);

        HttpResult changed = api.changePassword(mine.get("access_token").asText(), user.password(), "own-new-password-1");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        assertEnded(others);
        HttpResult kept = users.refresh(TestRealm.AUTH_CLIENT, mine);
        assertThat(kept.status()).as("the caller's own session: " + kept).isEqualTo(200);
        assertThat(logouts(user, 2)).allSatisfy(event -> {
            assertThat(event.getClientId()).isEqualTo(TestRealm.AUTH_CLIENT);
            assertThat(event.getSessionId()).isNotEqualTo(sid(mine));
        });
    }

    @Test
    @DisplayName("given a user with sessions when a global admin sets her password then all of them end, offline ones included")
    void adminChange() {
        Account admin = users.grantRealmRole(users.create("super"), "superuser");
        JsonNode adminTokens = users.passwordGrant(TestRealm.AUTH_CLIENT, admin, null);
        Account user = users.create("target");
        Sessions sessions = sessionsOf(user);

        HttpResult updated = Http.patchJson(api.url("/users/" + user.id()), "{\"password\":\"set-by-admin-2\"}",
                Http.bearer(adminTokens.get("access_token").asText()));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        assertEnded(sessions);
        assertThat(users.refresh(TestRealm.AUTH_CLIENT, adminTokens).status()).as("the admin's own session").isEqualTo(200);
        assertThat(api.login(user.username(), "set-by-admin-2").status()).isEqualTo(200);
        assertThat(logouts(user, 2)).allSatisfy(event -> assertThat(event.getClientId()).isEqualTo(TestRealm.AUTH_CLIENT));
    }

    @Test
    @DisplayName("given an account with sessions when a user manager sets its associated-account password then they all end")
    void associatedAccount() {
        Account manager = users.grantClientRole(users.create("manager"), "realm-management", "manage-users");
        Account user = users.create("associated");
        Sessions sessions = sessionsOf(user);

        HttpResult set = Http.postJson(realm.url() + RealmUsers.SENTINEL_API + "/setAssociatedAccountPassword",
                "{\"username\":\"" + user.username() + "\",\"password\":\"Temporary-pass-3\"}",
                Http.bearer(users.sentinelToken(manager)));
        assertThat(set.status()).as(set.toString()).isEqualTo(204);

        assertEnded(sessions);
        assertThat(logouts(user, 2)).allSatisfy(event -> assertThat(event.getClientId()).isEqualTo(SentinelRealm.CLIENT));
    }

    @Test
    @DisplayName("given a user with sessions when she completes a mailed password reset then they all end, offline ones included")
    void reset() {
        Account user = users.create("reset");
        Sessions sessions = sessionsOf(user);

        HttpResult requested = Http.postJson(realm.url() + RealmUsers.SENTINEL_API + "/passwordReset",
                "{\"username\":\"" + user.username() + "\"}", Map.of());
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        String text = MailServer.textPart(mail.awaitOneTo(user.email()));
        Matcher token = RESET_TOKEN.matcher(text);
        assertThat(token.find()).as("a reset link in%n%s", text).isTrue();
        HttpResult reset = Http.postJson(realm.url() + RealmUsers.SENTINEL_API + "/password",
                "{\"password\":\"Reset-password-4\"}", Http.bearer(token.group(1)));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(204);

        assertEnded(sessions);
        assertThat(logouts(user, 2)).allSatisfy(event ->
                assertThat(event.getDetails()).containsEntry("platform_auth_flow", "password-reset"));
    }

    /** The session id of a token response, from its access token. */
    private static String sid(JsonNode tokens) {
        return Jwt.payload(tokens.get("access_token").asText()).get("sid").asText();
    }
}
