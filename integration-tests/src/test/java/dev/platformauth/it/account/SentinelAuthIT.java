package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The sentinel API's {@code token}, {@code refreshToken} and {@code setAssociatedAccountPassword}, and its answer without the sentinel client. */
class SentinelAuthIT extends SentinelAuthFixture {

    @Nested
    @DisplayName("token and refreshToken")
    class Tokens {

        @HappyPath
        @Test
        @DisplayName("username and password give {token, tokenType, expiresIn} for the sentinel client; wrong ones 401")
        void passwordToken() throws Exception {
            Account account = Account.create(realm, "s");
            HttpResult result = token(account.username(), account.password());
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            JsonNode body = result.json();
            assertThat(body.path("tokenType").asText()).isEqualTo("Bearer");
            assertThat(body.path("expiresIn").asInt()).isPositive();
            assertThat(body.size()).isEqualTo(3);
            JWTClaimsSet claims = Jwt.verify(body.get("token").asText(), realm.jwksUri());
            assertThat(claims.getSubject()).isEqualTo(account.id());
            assertThat(claims.getStringClaim("azp")).isEqualTo(SentinelRealm.CLIENT);

            assertError(token(account.username(), "wrong"), 401, "invalid_grant");
            assertError(token("nobody-" + account.username(), "wrong"), 401, "invalid_grant");
            assertError(Http.postJson(url("/token"), "{\"username\":\"x\"}", Map.of()), 400, "invalid_request");
            assertError(Http.postForm(url("/token"), Map.of("username", "x", "password", "y"), Map.of()), 415, "unsupported_media_type");
        }

        @Test
        @DisplayName("refreshToken gives a token with a later expiry in the same session; 401 once the session is gone")
        void refresh() throws Exception {
            Account account = Account.create(realm, "s");
            String first = tokenOf(account);
            JWTClaimsSet firstClaims = Jwt.verify(first, realm.jwksUri());
            // expiries have a resolution of one second: refresh until the server's second has moved on
            HttpResult result = Polling.await(() -> Http.get(url("/refreshToken"), Http.bearer(first)),
                    answer -> answer.status() != 200 || Jwt.payload(answer.json().get("token").asText()).get("exp").asLong()
                            > firstClaims.getExpirationTime().toInstant().getEpochSecond(),
                    Duration.ofSeconds(10), "a refreshed token with a later expiry");
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            JWTClaimsSet refreshed = Jwt.verify(result.json().get("token").asText(), realm.jwksUri());
            assertThat(refreshed.getExpirationTime()).isAfter(firstClaims.getExpirationTime());
            assertThat(refreshed.getStringClaim("sid")).isEqualTo(firstClaims.getStringClaim("sid"));

            realm.resource().users().get(account.id()).logout();
            assertError(Http.get(url("/refreshToken"), Http.bearer(first)), 401, "invalid_token");
            assertError(Http.get(url("/refreshToken"), Map.of()), 401, "invalid_token");
        }
    }

    @Nested
    @DisplayName("setAssociatedAccountPassword")
    class AssociatedAccount {

        @Test
        @DisplayName("a manage-users holder enables the account with a temporary password; admin events; others get 403")
        void activates() {
            Account admin = Account.create(realm, "s");
            grantClientRole(admin, "realm-management", "manage-users");
            Account associated = Account.create(realm, "s");
            UserRepresentation rep = realm.resource().users().get(associated.id()).toRepresentation();
            rep.setEnabled(false);
            realm.resource().users().get(associated.id()).update(rep);
            realm.clearEvents();

            HttpResult result = Http.postJson(url("/setAssociatedAccountPassword"),
                    "{\"username\":\"" + associated.username() + "\",\"password\":\"Temp-Password-1\"}", Http.bearer(tokenOf(admin)));
            assertThat(result.status()).as(result.toString()).isEqualTo(204);
            UserRepresentation after = realm.resource().users().get(associated.id()).toRepresentation();
            assertThat(after.isEnabled()).isTrue();
            assertThat(after.getRequiredActions()).contains("UPDATE_PASSWORD");
            // the temporary password is right, but the account must set a new one in the browser first
            assertError(token(associated.username(), "Temp-Password-1"), 400, "invalid_grant");
            assertThat(realm.adminEvents()).anySatisfy(event -> {
                assertThat(event.getOperationType()).isEqualTo("ACTION");
                assertThat(event.getResourcePath()).isEqualTo("users/" + associated.id() + "/reset-password");
                assertThat(String.valueOf(event.getRepresentation())).doesNotContain("Temp-Password-1");
            });
            assertThat(realm.adminEvents()).anySatisfy(event -> assertThat(event.getOperationType()).isEqualTo("UPDATE"));

            Account plain = Account.create(realm, "s");
            assertError(Http.postJson(url("/setAssociatedAccountPassword"),
                    "{\"username\":\"" + associated.username() + "\",\"password\":\"Temp-Password-2\"}", Http.bearer(tokenOf(plain))),
                    403, "forbidden");
            assertError(Http.postJson(url("/setAssociatedAccountPassword"),
                    "{\"username\":\"nobody-here\",\"password\":\"Temp-Password-2\"}", Http.bearer(tokenOf(admin))), 404, "not_found");
        }
    }

    @Test
    @DisplayName("a realm without the sentinel client answers 503")
    void notConfigured(KeycloakServer keycloak, MailServer mail) {
        try (TestRealm bare = TestRealm.builder(keycloak, mail, "no-sentinel").withoutPlatformMapper().create()) {
            assertError(Http.postJson(bare.url() + SentinelRealm.API + "/token", "{\"username\":\"a\",\"password\":\"b\"}", Map.of()),
                    503, "not_configured");
        }
    }
}
