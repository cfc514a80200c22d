package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm and helpers of {@link AuthTokenEndsIT}, {@link AuthTokenLifetimesIT}.
 *
 * Auth tokens live as long as their client says (Keycloak's per-client access-token lifespan), and
 * {@code users/refresh-access-token} ({@code api} and {@code api/v2}) and sentinel {@code refreshToken}
 * renew them after expiry, within the client's grace period, while their session lives: never after
 * logout, revocation, a password change or disabling the user, never for a login-as session, never for a
 * platform token. The clients here give 2-second tokens so each test can watch one expire. See
 * docs/account-api.md, "Token lifetimes".
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthTokenLifetimesFixture {

    static final String LIFESPAN = "access.token.lifespan";
    static final String GRACE = "platform-auth.refresh.grace-period";
    static final int TOKEN_SECONDS = 2;
    static final String REFRESH = "/users/refresh-access-token";
    static final String EXPIRED_TOO_LONG = "The access token expired too long ago to be refreshed: sign in again";
    static final String INVALID = "The access token is invalid, expired or its session has ended";

    KeycloakServer keycloak;
    TestRealm realm;
    RealmUsers users;

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

    HttpResult login(String prefix, Account user) {
        return Http.postForm(realm.url() + prefix + "/login/access-token",
                Map.of("username", user.username(), "password", user.password()), Map.of());
    }

    JsonNode tokens(String prefix, Account user) {
        HttpResult result = login(prefix, user);
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json();
    }

    HttpResult refresh(String prefix, String token) {
        return Http.postJson(realm.url() + prefix + REFRESH, "", Http.bearer(token));
    }

    HttpResult sentinelRefresh(String token) {
        return Http.get(realm.url() + SentinelRealm.API + "/refreshToken", Http.bearer(token));
    }

    /**
     * Waits until {@code token} is past its {@code exp} (Keycloak runs on this host, so on this clock);
     * for auth-service tokens, {@code users/me} then refuses it, which shows Keycloak sees it expired.
     */
    void awaitExpired(String token) {
        long exp = Jwt.payload(token).get("exp").asLong();
        Polling.await(() -> Instant.now().getEpochSecond(), now -> now > exp, Duration.ofSeconds(TOKEN_SECONDS + 10),
                "expiry of the token");
        if (TestRealm.AUTH_CLIENT.equals(Jwt.payload(token).get("azp").asText())) {
            HttpResult me = Http.get(realm.url() + AuthServiceCalls.V2 + "/users/me", Http.bearer(token));
            FastApiErrors.assertError(me, 401, "invalid_token");
        }
    }

    void withAttribute(String clientId, String attribute, String value, Runnable test) {
        realm.updateClient(clientId, client -> client.getAttributes().put(attribute, value));
        try {
            test.run();
        } finally {
            realm.updateClient(clientId, client -> client.getAttributes().put(attribute, ""));
        }
    }

    static void assertRefused(HttpResult result, String description) {
        FastApiErrors.assertError(result, 401, "invalid_token", description);
        assertThat(result.header("WWW-Authenticate")).as(result.toString()).contains("invalid_token");
    }

    /** Both prefixes refuse {@code token} with 401 and the "invalid" description. */
    void assertBothRefuse(String token) {
        assertRefused(refresh(AuthServiceCalls.V2, token), INVALID);
        assertRefused(refresh(AuthServiceCalls.LEGACY, token), INVALID);
    }

    boolean sessionAlive(Account user, String sid) {
        return realm.resource().users().get(user.id()).getUserSessions().stream().anyMatch(s -> s.getId().equals(sid));
    }
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
}
