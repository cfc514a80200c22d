package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.HappyPath;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Auth tokens live as long as their client says (Keycloak's per-client access-token lifespan), and
 * {@code users/refresh-access-token} ({@code api} and {@code api/v2}) and sentinel {@code refreshToken}
 * renew them after expiry, within the client's grace period, while their session lives: never after
 * logout, revocation, a password change or disabling the user, never for a login-as session, never for a
 * platform token. The clients here give 2-second tokens so each test can watch one expire. See
 * docs/account-api.md, "Token lifetimes".
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthTokenLifetimesIT {

    private static final String LIFESPAN = "access.token.lifespan";
    private static final String GRACE = "platform-auth.refresh.grace-period";
    private static final int TOKEN_SECONDS = 2;
    private static final String REFRESH = "/users/refresh-access-token";
    private static final String EXPIRED_TOO_LONG = "The access token expired too long ago to be refreshed: sign in again";
    private static final String INVALID = "The access token is invalid, expired or its session has ended";

    private KeycloakServer keycloak;
    private TestRealm realm;
    private RealmUsers users;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "lifetimes", rep -> {
        rep.setEnabledEventTypes(List.of("LOGIN", "LOGOUT", "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR", "REVOKE_GRANT",
                "IMPERSONATE"));
        for (ClientRepresentation client : rep.getClients()) {
            Map<String, String> attributes = new HashMap<>(client.getAttributes() == null ? Map.of() : client.getAttributes());
            attributes.put(LIFESPAN, Integer.toString(TOKEN_SECONDS));
            if (SentinelRealm.CLIENT.equals(client.getClientId())) {
                attributes.put("platform-auth.login-as.lifetime", "1");
            }
            client.setAttributes(attributes);
        }
        }));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        realm = REALM.get();
        users = new RealmUsers(realm);
    }

    private HttpResult login(String prefix, Account user) {
        return Http.postForm(realm.url() + prefix + "/login/access-token",
                Map.of("username", user.username(), "password", user.password()), Map.of());
    }

    private JsonNode tokens(String prefix, Account user) {
        HttpResult result = login(prefix, user);
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json();
    }

    private HttpResult refresh(String prefix, String token) {
        return Http.postJson(realm.url() + prefix + REFRESH, "", Http.bearer(token));
    }

    private HttpResult sentinelRefresh(String token) {
        return Http.get(realm.url() + SentinelRealm.API + "/refreshToken", Http.bearer(token));
    }

    /**
     * Waits until {@code token} is past its {@code exp} (Keycloak runs on this host, so on this clock);
     * for auth-service tokens, {@code users/me} then refuses it, which shows Keycloak sees it expired.
     */
    private void awaitExpired(String token) {
        long exp = Jwt.payload(token).get("exp").asLong();
        Polling.await(() -> Instant.now().getEpochSecond(), now -> now > exp, Duration.ofSeconds(TOKEN_SECONDS + 10),
                "expiry of the token");
        if (TestRealm.AUTH_CLIENT.equals(Jwt.payload(token).get("azp").asText())) {
            HttpResult me = Http.get(realm.url() + AuthServiceCalls.V2 + "/users/me", Http.bearer(token));
            FastApiErrors.assertError(me, 401, "invalid_token");
        }
    }

    private void withAttribute(String clientId, String attribute, String value, Runnable test) {
        realm.updateClient(clientId, client -> client.getAttributes().put(attribute, value));
        try {
            test.run();
        } finally {
            realm.updateClient(clientId, client -> client.getAttributes().put(attribute, ""));
        }
    }

    private static void assertRefused(HttpResult result, String description) {
        FastApiErrors.assertError(result, 401, "invalid_token", description);
        assertThat(result.header("WWW-Authenticate")).as(result.toString()).contains("invalid_token");
    }

    /** Both prefixes refuse {@code token} with 401 and the "invalid" description. */
    private void assertBothRefuse(String token) {
        assertRefused(refresh(AuthServiceCalls.V2, token), INVALID);
        assertRefused(refresh(AuthServiceCalls.LEGACY, token), INVALID);
    }

    private boolean sessionAlive(Account user, String sid) {
        return realm.resource().users().get(user.id()).getUserSessions().stream().anyMatch(s -> s.getId().equals(sid));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
    @DisplayName("given an auth token that lives as long as its client says when it has expired then refresh-access-token "
            + "gives both tokens anew in the same session, and the new auth token can be refreshed after its own expiry")
    void expiredAuthTokenRefreshes(String prefix) {
        Account user = users.create("expiring");
        JsonNode first = tokens(prefix, user);
        assertThat(first.get("expires_in").asInt()).isBetween(TOKEN_SECONDS - 1, TOKEN_SECONDS);
        String token = first.get("access_token").asText();
        String sid = Jwt.payload(token).get("sid").asText();
        awaitExpired(token);

        HttpResult refreshed = refresh(prefix, token);
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String renewed = refreshed.json().get("access_token").asText();
        assertThat(refreshed.json().get("token_type").asText()).isEqualToIgnoringCase("bearer");
        assertThat(Jwt.payload(renewed).get("sid").asText()).isEqualTo(sid);
        assertThat(Jwt.payload(renewed).get("exp").asLong()).isGreaterThan(Jwt.payload(token).get("exp").asLong());
        assertThat(Jwt.payload(refreshed.json().get("platform_access_token").asText()).get("sid").asText()).isEqualTo(sid);

        awaitExpired(renewed);
        HttpResult again = refresh(prefix, renewed);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        List<EventRepresentation> events = Polling.await(() -> realm.events("REFRESH_TOKEN").stream()
                .filter(event -> user.id().equals(event.getUserId())).toList(), found -> found.size() >= 2,
                Duration.ofSeconds(20), "REFRESH_TOKEN events of the user");
        assertThat(events).allSatisfy(event -> assertThat(event.getSessionId()).isEqualTo(sid));
    }

    @Test
    @HappyPath
    @DisplayName("given a sentinel token when it has expired then refreshToken gives a new one in the same session")
    void expiredSentinelTokenRefreshes() {
        Account user = users.create("sentinel-expiring");
        String token = users.sentinelToken(user);
        awaitExpired(token);
        HttpResult refreshed = sentinelRefresh(token);
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String renewed = refreshed.json().get("token").asText();
        assertThat(Jwt.payload(renewed).get("sid").asText()).isEqualTo(Jwt.payload(token).get("sid").asText());
        assertThat(Jwt.payload(renewed).get("azp").asText()).isEqualTo(SentinelRealm.CLIENT);
        assertThat(refreshed.json().get("expiresIn").asInt()).isBetween(TOKEN_SECONDS - 1, TOKEN_SECONDS);
    }

    @Test
    @DisplayName("given a grace period of 0 when an expired token asks to be refreshed then 401 and a REFRESH_TOKEN_ERROR "
            + "event while its session lives on")
    void outsideTheGracePeriod() {
        Account user = users.create("graceless");
        withAttribute(TestRealm.AUTH_CLIENT, GRACE, "0", () -> {
            for (String prefix : List.of(AuthServiceCalls.V2, AuthServiceCalls.LEGACY)) {
                String token = tokens(prefix, user).get("access_token").asText();
                awaitExpired(token);
                assertRefused(refresh(prefix, token), EXPIRED_TOO_LONG);
                assertThat(sessionAlive(user, Jwt.payload(token).get("sid").asText())).as("session still alive").isTrue();
            }
        });
        withAttribute(SentinelRealm.CLIENT, GRACE, "0", () -> {
            String token = users.sentinelToken(user);
            awaitExpired(token);
            HttpResult refused = sentinelRefresh(token);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
            assertThat(refused.json().get("error_description").asText()).isEqualTo(EXPIRED_TOO_LONG);
        });
        List<EventRepresentation> errors = Polling.await(() -> realm.events("REFRESH_TOKEN_ERROR").stream()
                        .filter(event -> user.id().equals(event.getUserId())).toList(), found -> found.size() >= 3,
                Duration.ofSeconds(20), "REFRESH_TOKEN_ERROR events of the user");
        assertThat(errors).allSatisfy(event -> {
            assertThat(event.getError()).isEqualTo("invalid_token");
            assertThat(event.getDetails()).containsEntry("reason", "expired beyond the grace period");
            assertThat(event.getSessionId()).isNotBlank();
        });
    }

    @Test
    @DisplayName("given a user who logged out when the expired token of that session asks to be refreshed then 401")
    void afterLogout() {
        Account user = users.create("logged-out");
        JsonNode tokens = tokens(AuthServiceCalls.V2, user);
        HttpResult logout = Http.postForm(realm.url() + "/protocol/openid-connect/logout", Map.of(
                "client_id", TestRealm.AUTH_CLIENT, "refresh_token", tokens.get("refresh_token").asText()), Map.of());
        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
        String token = tokens.get("access_token").asText();
        awaitExpired(token);
        assertBothRefuse(token);
    }

    @Test
    @DisplayName("given an auth token revoked at Keycloak's revocation endpoint when it asks to be refreshed, before "
            + "and long after its expiry, then 401 each time while its session lives on")
    void afterRevocation() {
        Account user = users.create("revoked");
        String token = tokens(AuthServiceCalls.V2, user).get("access_token").asText();
        HttpResult revoked = Http.postForm(realm.url() + "/protocol/openid-connect/revoke",
                Map.of("client_id", TestRealm.AUTH_CLIENT, "token", token, "token_type_hint", "access_token"), Map.of());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertRefused(refresh(AuthServiceCalls.V2, token), INVALID);
        // Keycloak keeps its own record of a revoked access token for at least 10 seconds, until the
        // token expires: past that, only the refresh routes' own record refuses the token
        Instant keycloakForgets = Instant.now().plusSeconds(12);
        Polling.await(Instant::now, now -> now.isAfter(keycloakForgets), Duration.ofSeconds(20),
                "the end of Keycloak's own revocation record");
        assertBothRefuse(token);
        assertThat(sessionAlive(user, Jwt.payload(token).get("sid").asText())).as("session still alive").isTrue();
    }

    @Test
    @DisplayName("given two sessions of a user when the password is changed in one then the other's expired token is "
            + "refused (401) and the changing session's is refreshed")
    void afterPasswordChange() {
        Account user = users.create("password-changed");
        String other = tokens(AuthServiceCalls.V2, user).get("access_token").asText();
        String own = tokens(AuthServiceCalls.V2, user).get("access_token").asText();
        HttpResult changed = Http.patchJson(realm.url() + AuthServiceCalls.V2 + "/users/me/password",
                "{\"current_password\":\"" + user.password() + "\",\"new_password\":\"" + user.password() + "-new\"}",
                Http.bearer(own));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        awaitExpired(other);
        assertBothRefuse(other);
        HttpResult kept = refresh(AuthServiceCalls.V2, own);
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
    }

    @Test
    @DisplayName("given a user disabled by an admin when the user's expired token asks to be refreshed then 401")
    void afterDisable() {
        Account user = users.create("disabled");
        String token = tokens(AuthServiceCalls.V2, user).get("access_token").asText();
        String sentinel = users.sentinelToken(user);
        UserRepresentation rep = realm.resource().users().get(user.id()).toRepresentation();
        rep.setEnabled(false);
        realm.resource().users().get(user.id()).update(rep);
        awaitExpired(token);
        awaitExpired(sentinel);
        assertBothRefuse(token);
        assertThat(sentinelRefresh(sentinel).status()).isEqualTo(401);
    }

    @Test
    @DisplayName("given expired login-as tokens (sentinel loginAs, Keycloak impersonation) when they ask to be refreshed "
            + "then 403: a login-as session never refreshes")
    void loginAsNeverRefreshes() {
        Account agent = users.grantClientRole(users.create("agent"), "realm-management", "impersonation");
        Account customer = users.create("customer");
        String loginAs = users.loginAsToken(agent, customer);
        awaitExpired(loginAs);
        RealmUsers.assertForbidden(sentinelRefresh(loginAs), "A login-as session cannot refresh its tokens");

        String impersonated = users.impersonatedAuthServiceTokens(keycloak, customer).get("access_token").asText();
        awaitExpired(impersonated);
        for (String prefix : List.of(AuthServiceCalls.V2, AuthServiceCalls.LEGACY)) {
            HttpResult refused = refresh(prefix, impersonated);
            FastApiErrors.assertError(refused, 403, "forbidden", "A login-as session cannot refresh its tokens");
        }
    }

    @Test
    @DisplayName("given a platform token when it is sent to refresh-access-token or refreshToken then 401: only auth tokens refresh")
    void platformTokenNeverRefreshes() {
        Account user = users.create("platform");
        String platform = tokens(AuthServiceCalls.V2, user).get("platform_access_token").asText();
        assertThat(Jwt.payload(platform).get("typ").asText()).isEqualTo("Platform");
        assertBothRefuse(platform);
        assertThat(sentinelRefresh(platform).status()).isEqualTo(401);
    }
}
