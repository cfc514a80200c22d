package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.platformauth.it.support.AuthServiceCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The auth-service API's {@code users/refresh-access-token} after a password login. */
class PasswordRefreshIT extends PasswordLoginFixture {

    @Nested
    @DisplayName("users/refresh-access-token")
    class Refresh {

        @HappyPath
        @Test
        @DisplayName("the auth token gives fresh both tokens in the same user session, with a REFRESH_TOKEN event")
        void refreshes() throws Exception {
            Account account = api.newAccount();
            JsonNode first = api.tokens(account);
            String sid = Jwt.verify(first.get("access_token").asText(), realm.jwksUri()).getStringClaim("sid");

            HttpResult result = api.refresh(first.get("access_token").asText());
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            JsonNode refreshed = result.json();
            assertBothTokens(refreshed);
            assertThat(refreshed.get("access_token").asText()).isNotEqualTo(first.get("access_token").asText());
            var claims = Jwt.verify(refreshed.get("access_token").asText(), realm.jwksUri());
            assertThat(claims.getStringClaim("sid")).isEqualTo(sid);
            assertThat(claims.getSubject()).isEqualTo(account.id());
            assertThat(Jwt.verify(refreshed.get("platform_access_token").asText(), realm.jwksUri()).getStringClaim("sid")).isEqualTo(sid);

            assertThat(realm.awaitEvents("REFRESH_TOKEN", Duration.ofSeconds(10))).anySatisfy(event -> {
                assertThat(event.getUserId()).isEqualTo(account.id());
                assertThat(event.getSessionId()).isEqualTo(sid);
            });
            // the fresh token refreshes again
            assertThat(api.refresh(refreshed.get("access_token").asText()).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("a platform token, a missing, malformed or foreign token is 401")
        void refusedTokens() {
            Account account = api.newAccount();
            JsonNode tokens = api.tokens(account);
            assertError(api.refresh(tokens.get("platform_access_token").asText()), 401, "invalid_token");
            assertError(Http.postJson(api.url("/users/refresh-access-token"), "", Map.of()), 401, "invalid_token");
            assertError(api.refresh("not.a.jwt"), 401, "invalid_token");
            assertError(Http.postJson(api.url("/users/refresh-access-token"), "",
                    Map.of("Authorization", "Basic " + tokens.get("access_token").asText())), 401, "invalid_token");
            HttpResult withRefreshToken = api.refresh(tokens.get("refresh_token").asText());
            assertError(withRefreshToken, 401, "invalid_token");
            assertThat(withRefreshToken.header("WWW-Authenticate")).startsWith("Bearer");

            HttpResult otherClient = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "password",
                    "client_id", "other-app", "username", account.username(), "password", account.password()), Map.of());
            assertThat(otherClient.status()).as(otherClient.toString()).isEqualTo(200);
            assertError(api.refresh(otherClient.json().get("access_token").asText()), 401, "invalid_token");
        }

        @Test
        @DisplayName("after logout the auth token no longer refreshes")
        void afterLogout() {
            Account account = api.newAccount();
            JsonNode tokens = api.tokens(account);
            HttpResult logout = Http.postForm(realm.url() + "/protocol/openid-connect/logout",
                    Map.of("client_id", TestRealm.AUTH_CLIENT, "refresh_token", tokens.get("refresh_token").asText()), Map.of());
            assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
            assertError(api.refresh(tokens.get("access_token").asText()), 401, "invalid_token");
        }

        @Test
        @DisplayName("an auth token expired longer ago than the grace period (here 0) is 401; within it, see AuthTokenLifetimesIT")
        void expired() {
            Account account = api.newAccount();
            setLifetimes("1", "0");
            try {
                String token = api.accessToken(account);
                // the token lives 1 s: poll until the server refuses it rather than sleeping past it
                HttpResult refused = Polling.await(() -> api.refresh(token), answer -> answer.status() != 200,
                        Duration.ofSeconds(15), "the refresh of an expired auth token to be refused");
                assertError(refused, 401, "invalid_token");
            } finally {
                setLifetimes("", "");
            }
        }

        private void setLifetimes(String lifespan, String gracePeriod) {
            realm.putClientAttributes(TestRealm.AUTH_CLIENT, attributes -> {
                attributes.put("access.token.lifespan", lifespan);
                attributes.put("platform-auth.refresh.grace-period", gracePeriod);
            });
        }
    }
}
