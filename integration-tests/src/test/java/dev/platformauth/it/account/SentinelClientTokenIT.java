package dev.platformauth.it.account;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.Concurrently;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.SentinelRealm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The sentinel API's {@code clientToken}, as a call of its own and as Keycloak's client-credentials grant. */
class SentinelClientTokenIT extends SentinelAuthFixture {

    @Nested
    @DisplayName("clientToken")
    class ClientToken {

        @HappyPath
        @Test
        @DisplayName("a confidential client's credentials give a token for its service-account user; a wrong secret is 401")
        void serviceAccountToken() throws Exception {
            HttpResult result = Http.postJson(url("/clientToken"),
                    "{\"clientId\":\"" + API_CLIENT + "\",\"clientSecret\":\"" + API_SECRET + "\"}", Map.of());
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            JWTClaimsSet claims = Jwt.verify(result.json().get("token").asText(), realm.jwksUri());
            String serviceAccountId = realm.resource().clients().get(
                    realm.resource().clients().findByClientId(API_CLIENT).get(0).getId()).getServiceAccountUser().getId();
            assertThat(claims.getSubject()).isEqualTo(serviceAccountId);
            assertThat(claims.getStringClaim("azp")).isEqualTo(API_CLIENT);
            assertThat(realm.awaitEvents("CLIENT_LOGIN", Duration.ofSeconds(10)))
                    .anySatisfy(event -> assertThat(event.getClientId()).isEqualTo(API_CLIENT));

            HttpResult wrong = Http.postJson(url("/clientToken"),
                    "{\"clientId\":\"" + API_CLIENT + "\",\"clientSecret\":\"wrong\"}", Map.of());
            assertError(wrong, 401, "invalid_client");
            HttpResult unknown = Http.postJson(url("/clientToken"),
                    "{\"clientId\":\"no-such-client\",\"clientSecret\":\"wrong\"}", Map.of());
            assertThat(unknown.body()).isEqualTo(wrong.body());
            assertError(Http.postJson(url("/clientToken"), "{\"clientId\":\"" + SentinelRealm.CLIENT + "\",\"clientSecret\":\"x\"}",
                    Map.of()), 401, "invalid_client");
            assertError(Http.postJson(url("/clientToken"), "{\"clientId\":\"plain-confidential\",\"clientSecret\":\""
                    + API_SECRET + "\"}", Map.of()), 403, "unauthorized_client");
            assertError(Http.postJson(url("/clientToken"), "{\"clientId\":\"" + API_CLIENT + "\"}", Map.of()), 400, "invalid_request");
        }
    }

    @Nested
    @DisplayName("clientToken, as Keycloak's client-credentials grant")
    class ClientCredentials {

        @Test
        @DisplayName("many calls leave the service account no user session; the token works at Keycloak's introspection and is not refreshed")
        void noSessionPerCall() throws Exception {
            realm.addAudience(API_CLIENT, API_CLIENT); // so that the client may introspect its own token
            List<HttpResult> results = new java.util.ArrayList<>(Concurrently.run(4, () -> clientToken(API_CLIENT, API_SECRET)));
            for (int i = 0; i < 4; i++) {
                results.add(clientToken(API_CLIENT, API_SECRET));
            }
            assertThat(results).allSatisfy(result -> assertThat(result.status()).as(result.toString()).isEqualTo(200));

            String serviceAccountId = realm.resource().clients().get(clientUuid(API_CLIENT)).getServiceAccountUser().getId();
            assertThat(realm.resource().users().get(serviceAccountId).getUserSessions()).as("service-account sessions").isEmpty();
            assertThat(realm.resource().clients().get(clientUuid(API_CLIENT)).getUserSessions(0, 100)).as("client sessions").isEmpty();

            String token = clientToken(API_CLIENT, API_SECRET).json().get("token").asText();
            JWTClaimsSet claims = Jwt.verify(token, realm.jwksUri());
            assertThat(claims.getStringClaim("sid")).as("no session, no sid").isNull();
            assertThat(claims.getStringClaim("client_id")).isEqualTo(API_CLIENT);
            HttpResult introspected = Http.postForm(realm.url() + "/protocol/openid-connect/token/introspect",
                    Map.of("token", token, "client_id", API_CLIENT, "client_secret", API_SECRET), Map.of());
            assertThat(introspected.json().get("active").asBoolean()).as(introspected.toString()).isTrue();
            assertThat(introspected.json().get("sub").asText()).isEqualTo(serviceAccountId);

            // like Keycloak's client-credentials tokens: no refresh, ask for a new one (and refreshToken
            // takes only the sentinel client's own tokens)
            assertError(Http.get(url("/refreshToken"), Http.bearer(token)), 401, "invalid_token");
        }

        @Test
        @DisplayName("a service account holding impersonation still logs in as a user with its token")
        void serviceAccountLoginAs() throws Exception {
            ClientRepresentation bot = new ClientRepresentation();
            bot.setClientId("support-bot-" + UUID.randomUUID().toString().substring(0, 6));
            bot.setPublicClient(false);
            bot.setSecret(API_SECRET);
            bot.setServiceAccountsEnabled(true);
            bot.setStandardFlowEnabled(false);
            realm.resource().clients().create(bot).close();
            UserRepresentation serviceAccount = realm.resource().clients().get(clientUuid(bot.getClientId())).getServiceAccountUser();
            String rmId = clientUuid("realm-management");
            realm.resource().users().get(serviceAccount.getId()).roles().clientLevel(rmId)
                    .add(List.of(realm.resource().clients().get(rmId).roles().get("impersonation").toRepresentation()));

            HttpResult botToken = clientToken(bot.getClientId(), API_SECRET);
            assertThat(botToken.status()).as(botToken.toString()).isEqualTo(200);
            Account target = Account.create(realm, "s");
            HttpResult result = loginAs(botToken.json().get("token").asText(), "{\"username\":\"" + target.username() + "\"}");
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            JWTClaimsSet claims = Jwt.verify(result.json().get("token").asText(), realm.jwksUri());
            assertThat(claims.getSubject()).isEqualTo(target.id());
            assertThat(claims.getJSONObjectClaim("act")).containsEntry("sub", serviceAccount.getId());
        }

        @Test
        @DisplayName("clients set to a signed JWT, a JWT signed with the secret or X.509 answer like a wrong secret, even with their stored secret")
        void onlySecretClients() {
            String wrongSecret = clientToken(API_CLIENT, "wrong").body();
            realm.clearEvents();
            for (String authenticator : OTHER_AUTHENTICATORS) {
                String clientId = "api-" + authenticator;
                assertThat(realm.resource().clients().get(clientUuid(clientId)).getSecret().getValue())
                        .as("the client stores the secret presented below").isEqualTo(API_SECRET);
                HttpResult refused = clientToken(clientId, API_SECRET);
                assertError(refused, 401, "invalid_client");
                assertThat(refused.body()).as(authenticator).isEqualTo(wrongSecret);
            }
            Polling.await(() -> realm.events("CLIENT_LOGIN_ERROR"), found -> found.size() >= OTHER_AUTHENTICATORS.size(),
                    Duration.ofSeconds(10), "a CLIENT_LOGIN_ERROR event per refused client");
            assertThat(clientToken(API_CLIENT, API_SECRET).status()).as("a client-secret client").isEqualTo(200);
        }
    }
}
