package dev.platformauth.it.account;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** Auth tokens refresh after expiry within the grace period, never outside it, never for login-as or platform tokens. */
class AuthTokenLifetimesIT extends AuthTokenLifetimesFixture {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})

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
