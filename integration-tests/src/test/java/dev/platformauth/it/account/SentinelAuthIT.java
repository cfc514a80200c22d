package dev.platformauth.it.account;

import dev.platformauth.it.support.Account;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Concurrently;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The sentinel API's token, refreshToken, clientToken, loginAs and setAssociatedAccountPassword on the real Keycloak. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentinelAuthIT {

    private static final String API_CLIENT = "reporting-api";
    private static final String API_SECRET = "reporting-api-secret-0123456789";
    /** Keycloak's client authenticators other than the client secret: signed JWT, JWT signed with the secret, X.509. */
    private static final List<String> OTHER_AUTHENTICATORS = List.of("client-jwt", "client-secret-jwt", "client-x509");

    private TestRealm realm;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "sentinel-auth", rep -> {
        rep.setEnabledEventTypes(List.of("LOGIN", "LOGIN_ERROR", "REFRESH_TOKEN", "CLIENT_LOGIN", "CLIENT_LOGIN_ERROR",
                "IMPERSONATE", "IMPERSONATE_ERROR"));
        ClientRepresentation api = new ClientRepresentation();
        api.setClientId(API_CLIENT);
        api.setPublicClient(false);
        api.setSecret(API_SECRET);
        api.setServiceAccountsEnabled(true);
        api.setStandardFlowEnabled(false);
        ClientRepresentation noServiceAccount = new ClientRepresentation();
        noServiceAccount.setClientId("plain-confidential");
        noServiceAccount.setPublicClient(false);
        noServiceAccount.setSecret(API_SECRET);
        List<ClientRepresentation> clients = new java.util.ArrayList<>(rep.getClients());
        clients.add(api);
        clients.add(noServiceAccount);
        // clients that must authenticate otherwise than with their secret, though one is stored
        for (String authenticator : OTHER_AUTHENTICATORS) {
            ClientRepresentation other = new ClientRepresentation();
            other.setClientId("api-" + authenticator);
            other.setPublicClient(false);
            other.setClientAuthenticatorType(authenticator);
            other.setSecret(API_SECRET);
            other.setServiceAccountsEnabled(true);
            other.setStandardFlowEnabled(false);
            clients.add(other);
        }
        rep.setClients(clients);
        }));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = REALM.get();
    }

    private String url(String path) {
        return realm.url() + SentinelRealm.API + path;
    }

    private HttpResult token(String username, String password) {
        return Http.postJson(url("/token"), "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", Map.of());
    }

    private String tokenOf(Account account) {
        HttpResult result = token(account.username(), account.password());
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json().get("token").asText();
    }

    private HttpResult loginAs(String callerToken, String body) {
        return Http.postJson(url("/loginAs"), body, Http.bearer(callerToken));
    }

    private void grantClientRole(Account account, String clientId, String role) {
        String id = realm.resource().clients().findByClientId(clientId).get(0).getId();
        RoleRepresentation rep = realm.resource().clients().get(id).roles().get(role).toRepresentation();
        realm.resource().users().get(account.id()).roles().clientLevel(id).add(List.of(rep));
    }

    private void grantRealmRole(Account account, String role) {
        if (realm.resource().roles().list().stream().noneMatch(existing -> existing.getName().equals(role))) {
            realm.resource().roles().create(new RoleRepresentation(role, null, false));
        }
        realm.resource().users().get(account.id()).roles().realmLevel()
                .add(List.of(realm.resource().roles().get(role).toRepresentation()));
    }

    private static void assertError(HttpResult result, int status, String error) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.json().path("error").asText()).as(result.toString()).isEqualTo(error);
    }

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
            Thread.sleep(1100);
            HttpResult result = Http.get(url("/refreshToken"), Http.bearer(first));
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

    private HttpResult clientToken(String clientId, String secret) {
        return Http.postJson(url("/clientToken"), "{\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret + "\"}", Map.of());
    }

    private String clientUuid(String clientId) {
        return realm.resource().clients().findByClientId(clientId).get(0).getId();
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

            // like Keycloak's client-credentials tokens: no refresh, ask for a new one
            assertError(Http.get(url("/refreshToken"), Http.bearer(token)), 403, "forbidden");
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

    @Nested
    @DisplayName("loginAs")
    class LoginAsTests {

        private Account impersonator() {
            Account caller = Account.create(realm, "s");
            grantClientRole(caller, "realm-management", "impersonation");
            return caller;
        }

        @HappyPath
        @Test
        @DisplayName("an impersonation holder gets the target's short token with act={sub: caller}, no refresh, and an IMPERSONATE event")
        void impersonates() throws Exception {
            Account caller = impersonator();
            Account target = Account.create(realm, "s");
            HttpResult result = loginAs(tokenOf(caller), "{\"username\":\"" + target.username() + "\",\"reason\":\"ticket 42\"}");
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            JsonNode body = result.json();
            assertThat(body.path("expiresIn").asInt()).isBetween(1, 900);
            JWTClaimsSet claims = Jwt.verify(body.get("token").asText(), realm.jwksUri());
            assertThat(claims.getSubject()).isEqualTo(target.id());
            assertThat(claims.getJSONObjectClaim("act")).containsEntry("sub", caller.id());
            assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isLessThanOrEqualTo(900_000L);

            EventRepresentation event = realm.awaitEvents("IMPERSONATE", Duration.ofSeconds(10)).stream()
                    .filter(e -> target.id().equals(e.getUserId())).findFirst().orElseThrow();
            assertThat(event.getDetails()).containsEntry("impersonator", caller.username())
                    .containsEntry("impersonator_id", caller.id())
                    .containsEntry("login_as_reason", "ticket 42");

            // the refusal below comes from the impersonator note Keycloak keeps on the session
            var sessions = realm.resource().users().get(target.id()).getUserSessions();
            assertThat(sessions).isNotEmpty();
            assertError(Http.get(url("/refreshToken"), Http.bearer(body.get("token").asText())), 403, "forbidden");
        }

        @Test
        @DisplayName("the lifetime is configurable on the sentinel client")
        void lifetime() throws Exception {
            realm.updateClient(SentinelRealm.CLIENT, client -> {
                Map<String, String> attributes = new java.util.HashMap<>(client.getAttributes());
                attributes.put("platform-auth.login-as.lifetime", "120");
                client.setAttributes(attributes);
            });
            try {
                Account caller = impersonator();
                Account target = Account.create(realm, "s");
                JsonNode body = loginAs(tokenOf(caller), "{\"username\":\"" + target.username() + "\"}").json();
                JWTClaimsSet claims = Jwt.verify(body.get("token").asText(), realm.jwksUri());
                assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isLessThanOrEqualTo(120_000L);
                assertThat(body.path("expiresIn").asInt()).isBetween(1, 120);
            } finally {
                realm.updateClient(SentinelRealm.CLIENT, client -> {
                    Map<String, String> attributes = new java.util.HashMap<>(client.getAttributes());
                    attributes.put("platform-auth.login-as.lifetime", "");
                    client.setAttributes(attributes);
                });
            }
        }

        @Test
        @DisplayName("without the impersonation role: 403 and an IMPERSONATE_ERROR event")
        void withoutRole() {
            Account caller = Account.create(realm, "s");
            Account target = Account.create(realm, "s");
            assertError(loginAs(tokenOf(caller), "{\"username\":\"" + target.username() + "\"}"), 403, "forbidden");
            assertThat(realm.awaitEvents("IMPERSONATE_ERROR", Duration.ofSeconds(10)))
                    .anySatisfy(event -> assertThat(event.getDetails()).containsEntry("impersonator_id", caller.id()));
        }

        @Test
        @DisplayName("never a target holding a role the caller lacks: a realm role, a client role via a group, a realm admin")
        void privilegeContainment() {
            Account caller = impersonator();
            String token = tokenOf(caller);

            Account withRealmRole = Account.create(realm, "s");
            grantRealmRole(withRealmRole, "payroll");
            assertError(loginAs(token, "{\"username\":\"" + withRealmRole.username() + "\"}"), 403, "forbidden");

            Account realmAdmin = Account.create(realm, "s");
            grantClientRole(realmAdmin, "realm-management", "realm-admin");
            assertError(loginAs(token, "{\"username\":\"" + realmAdmin.username() + "\"}"), 403, "forbidden");

            Account viaGroup = Account.create(realm, "s");
            var group = new org.keycloak.representations.idm.GroupRepresentation();
            group.setName("auditors-" + UUID.randomUUID().toString().substring(0, 6));
            String groupId;
            try (Response created = realm.resource().groups().add(group)) {
                groupId = CreatedResponseUtil.getCreatedId(created);
            }
            String rmId = realm.resource().clients().findByClientId("realm-management").get(0).getId();
            realm.resource().groups().group(groupId).roles().clientLevel(rmId)
                    .add(List.of(realm.resource().clients().get(rmId).roles().get("view-events").toRepresentation()));
            realm.resource().users().get(viaGroup.id()).joinGroup(groupId);
            assertError(loginAs(token, "{\"username\":\"" + viaGroup.username() + "\"}"), 403, "forbidden");

            // a caller holding the same role may
            grantRealmRole(caller, "payroll");
            assertThat(loginAs(tokenOf(caller), "{\"username\":\"" + withRealmRole.username() + "\"}").status()).isEqualTo(200);
        }

        @Test
        @DisplayName("a disabled user and the caller are 400, a service account 403; an unknown user is 404")
        void refusedTargets() {
            Account caller = impersonator();
            String token = tokenOf(caller);
            Account disabled = Account.create(realm, "s");
            UserRepresentation rep = realm.resource().users().get(disabled.id()).toRepresentation();
            rep.setEnabled(false);
            realm.resource().users().get(disabled.id()).update(rep);
            assertError(loginAs(token, "{\"username\":\"" + disabled.username() + "\"}"), 400, "invalid_request");
            assertError(loginAs(token, "{\"username\":\"service-account-" + API_CLIENT + "\"}"), 403, "forbidden");
            assertError(loginAs(token, "{\"username\":\"" + caller.username() + "\"}"), 400, "invalid_request");
            assertError(loginAs(token, "{\"username\":\"nobody-at-all\"}"), 404, "not_found");
            assertError(loginAs(token, "{}"), 400, "invalid_request");
            assertError(Http.postJson(url("/loginAs"), "{\"username\":\"x\"}", Map.of()), 401, "invalid_token");
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
