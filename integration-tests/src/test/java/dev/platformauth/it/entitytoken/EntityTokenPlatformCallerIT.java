package dev.platformauth.it.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.TestRealm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;

import static dev.platformauth.it.entitytoken.EntityRealm.callerHeaders;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The entity-token API takes the platform token as its caller, as {@code Authorization: Bearer} or as the
 * {@code token} header (with {@code userid} = its {@code sub} and {@code apikey} = its {@code azp}),
 * checked with the realm keys, its {@code typ}, the realm's expected audience and its live session; the
 * access token keeps working. The session's rules follow the platform token: one from a login-as session
 * mints nothing, one from an entity-token grant session manages no entity tokens. See
 * docs/entity-tokens.md, "Calling the API".
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntityTokenPlatformCallerIT {

    private static final String AUDIENCE_ATTRIBUTE = "platform-auth.entities.audience";
    private static final String INVALID = "The platform token is invalid, expired or its session has ended";

    private KeycloakServer keycloak;
    private EntityRealm realm;

    @RegisterExtension
    static final ClassRealm<EntityRealm> REALM = ClassRealm.of((keycloak, mail) -> EntityRealm.create(keycloak, mail, "entity-platform-caller"));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        realm = REALM.get();
    }

    private String platformToken(String username) {
        String token = realm.signIn(username).get("platform_access_token").asText();
        assertThat(Jwt.payload(token).get("typ").asText()).isEqualTo("Platform");
        return token;
    }

    /** Sets the realm attribute naming the audience platform tokens must carry; empty: the default. */
    private void expectAudience(String audience) {
        realm.realm.update(rep -> {
            Map<String, String> attributes = new HashMap<>(rep.getAttributes() == null ? Map.of() : rep.getAttributes());
            attributes.put(AUDIENCE_ATTRIBUTE, audience);
            rep.setAttributes(attributes);
        });
    }

    private static void assertInvalid(HttpResult result, String description) {
        assertThat(result.status()).as(result.toString()).isEqualTo(401);
        assertThat(result.json().get("error").asText()).as(result.toString()).isEqualTo("invalid_token");
        assertThat(result.json().get("error_description").asText()).as(result.toString()).isEqualTo(description);
        assertThat(result.header("WWW-Authenticate")).as(result.toString()).contains("invalid_token");
    }

    @Test
    @HappyPath
    @DisplayName("given a member's platform token as Bearer when she creates, reads, rotates and revokes her token then it "
            + "works as her access token does, and the admin events name her")
    void platformTokenAsBearer() {
        String platform = platformToken("alice");
        String url = realm.tokenUrl(realm.acme, realm.alice);
        HttpResult created = Http.postEmpty(url, Http.bearer(platform));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(Http.get(url, Http.bearer(platform)).status()).isEqualTo(200);
        HttpResult rotated = Http.postEmpty(url + "/refresh", Http.bearer(platform));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(rotated.json().get("authenticationToken").asText()).startsWith("pae_")
                .isNotEqualTo(created.json().get("authenticationToken").asText());
        HttpResult deleted = Http.delete(url, Http.bearer(platform));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);

        List<AdminEventRepresentation> events = Polling.await(() -> realm.realm.adminEvents().stream()
                        .filter(event -> "PLATFORM_AUTH_ENTITY_TOKEN".equals(event.getResourceType())
                                && event.getResourcePath().contains(realm.alice)).toList(),
                found -> found.size() >= 3, Duration.ofSeconds(20), "entity-token admin events of alice");
        assertThat(events).allSatisfy(event -> assertThat(event.getAuthDetails().getUserId()).isEqualTo(realm.alice));
    }

    @Test
    @DisplayName("given a platform token in the token header when userid is its sub and apikey its azp then it works, "
            + "and any mismatch is 401")
    void platformTokenAsHeader() {
        String platform = platformToken("bob");
        String url = realm.tokenUrl(realm.acme, realm.bob);
        HttpResult created = Http.postEmpty(url, callerHeaders(platform, realm.bob, TestRealm.AUTH_CLIENT));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(Http.get(url, callerHeaders(platform, realm.bob, TestRealm.AUTH_CLIENT)).status()).isEqualTo(200);

        for (Map<String, String> headers : List.of(callerHeaders(platform, realm.alice, TestRealm.AUTH_CLIENT),
                callerHeaders(platform, realm.bob, EntityRealm.API_CLIENT), callerHeaders(platform, realm.bob, null),
                callerHeaders(platform, null, TestRealm.AUTH_CLIENT))) {
            HttpResult result = Http.get(url, headers);
            assertThat(result.status()).as(headers.keySet() + " " + result).isEqualTo(401);
            assertThat(result.json().get("error").asText()).isEqualTo("invalid_token");
        }
        Map<String, String> wrongUser = new HashMap<>(Http.bearer(platform));
        wrongUser.put("userid", realm.alice);
        assertThat(Http.get(url, wrongUser).status()).isEqualTo(401);
        assertThat(Http.delete(url, callerHeaders(platform, realm.bob, TestRealm.AUTH_CLIENT)).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("given the realm expects another audience when a platform token calls then 401, and the access token still works")
    void audienceIsChecked() {
        JsonNode tokens = realm.signIn("carol");
        String url = realm.tokenUrl(realm.globex, realm.carol);
        expectAudience("billing-api");
        try {
            assertInvalid(Http.get(url, Http.bearer(tokens.get("platform_access_token").asText())), INVALID);
            assertThat(Http.get(url, Http.bearer(tokens.get("access_token").asText())).status()).isEqualTo(404);
        } finally {
            expectAudience("");
        }
        assertThat(Http.get(url, Http.bearer(tokens.get("platform_access_token").asText())).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("given a member's access token of another client of the realm when it calls the API then 401 and no "
            + "token is made; once that client's tokens carry the platform audience they work")
    void otherClientsNeedThePlatformAudience() {
        realm.realm.createPasswordClient("other-app");
        String url = realm.tokenUrl(realm.acme, realm.alice);
        HttpResult refused = Http.postEmpty(url, Http.bearer(otherAppToken()));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(Http.get(url, callerHeaders(otherAppToken(), realm.alice, "other-app")).status())
                .as("the token header too").isEqualTo(401);
        assertThat(Http.get(url, Http.bearer(realm.accessToken("alice"))).status()).as("no token was made").isEqualTo(404);

        realm.realm.addCustomAudience("other-app", "platform-api");
        HttpResult created = Http.postEmpty(url, Http.bearer(otherAppToken()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(Http.delete(url, Http.bearer(realm.accessToken("alice"))).status()).isEqualTo(200);
    }

    private String otherAppToken() {
        HttpResult result = Http.postForm(realm.realm.tokenEndpoint(), Map.of("grant_type", "password",
                "client_id", "other-app", "username", "alice", "password", EntityRealm.PASSWORD), Map.of());
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json().get("access_token").asText();
    }

    @Test
    @DisplayName("given a platform token whose session ended, or one altered after signing, when it calls then 401")
    void deadOrForgedPlatformTokens() {
        JsonNode tokens = realm.signIn("carol");
        String platform = tokens.get("platform_access_token").asText();
        String url = realm.tokenUrl(realm.globex, realm.carol);

        String[] parts = platform.split("\\.");
        JsonNode claims = Jwt.payload(platform);
        String forgedClaims = claims.toString().replace(realm.carol, realm.alice);
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forgedClaims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertInvalid(Http.get(realm.tokenUrl(realm.acme, realm.alice), Http.bearer(forged)), INVALID);
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        assertInvalid(Http.get(url, Http.bearer(unsigned)), INVALID);

        HttpResult logout = Http.postForm(realm.realm.url() + "/protocol/openid-connect/logout", Map.of(
                "client_id", TestRealm.AUTH_CLIENT, "refresh_token", tokens.get("refresh_token").asText()), Map.of());
        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
        assertInvalid(Http.get(url, Http.bearer(platform)), INVALID);
    }

    @Test
    @DisplayName("given a platform token whose app session ended (its refresh token revoked) while the sign-in went on in "
            + "another app, when the app signs in again by single sign-on then the old platform token is 401, the new one works")
    void platformTokenOfAnEndedAppSession() throws InterruptedException {
        ClientRepresentation other = new ClientRepresentation();
        other.setClientId("sso-app-" + UUID.randomUUID().toString().substring(0, 6));
        other.setPublicClient(true);
        other.setStandardFlowEnabled(true);
        other.setRedirectUris(TestRealm.WILDCARD_REDIRECT_URIS);
        realm.realm.resource().clients().create(other).close();
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow signIn = browser.authorizationCodeFlow(realm.realm);
        Page page = signIn.login(signIn.start(), "carol", EntityRealm.PASSWORD);
        if (page.redirectLocation() == null) {
            page = signIn.login(page, "carol", EntityRealm.PASSWORD); // a realm with organizations asks for the username first
        }
        JsonNode first = signIn.exchange(signIn.code(page)).json();
        String oldPlatform = first.get("platform_access_token").asText();
        AuthorizationCodeFlow otherApp = browser.authorizationCodeFlow(realm.realm.url(), other.getClientId(),
                AuthorizationCodeFlow.DEFAULT_REDIRECT_URI);
        assertThat(otherApp.exchange(otherApp.code(otherApp.start())).status()).as("single sign-on at the other app").isEqualTo(200);
        HttpResult revoked = Http.postForm(realm.realm.url() + "/protocol/openid-connect/revoke", Map.of(
                "client_id", TestRealm.AUTH_CLIENT, "token", first.get("refresh_token").asText()), Map.of());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        String url = realm.tokenUrl(realm.globex, realm.carol);
        assertInvalid(Http.get(url, Http.bearer(oldPlatform)), INVALID);
        Thread.sleep(2_100); // the app's new session starts in a later second than the old token was issued

        AuthorizationCodeFlow again = browser.authorizationCodeFlow(realm.realm);
        HttpResult second = again.exchange(again.code(again.start()));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);

        assertInvalid(Http.get(url, Http.bearer(oldPlatform)), INVALID);
        HttpResult fresh = Http.get(url, Http.bearer(second.json().get("platform_access_token").asText()));
        assertThat(fresh.status()).as(fresh.toString()).isIn(200, 404);
    }

    @Test
    @DisplayName("given a platform token from a login-as session when it tries to create, change or rotate an entity "
            + "token then 403: a login-as session mints nothing")
    void loginAsPlatformTokenCannotMint() {
        RealmUsers users = new RealmUsers(realm.realm);
        Account alice = new Account(realm.alice, "alice", "alice@" + realm.realm.name() + ".test",
                EntityRealm.PASSWORD);
        String own = realm.accessToken("alice");
        String url = realm.tokenUrl(realm.acme, realm.alice);
        assertThat(Http.postEmpty(url, Http.bearer(own)).status()).isEqualTo(201);
        try {
            JsonNode impersonated = users.impersonatedAuthServiceTokens(keycloak, alice);
            String platform = impersonated.get("platform_access_token").asText();
            assertThat(Jwt.payload(platform).has("act")).as("the platform token names the impersonator").isTrue();

            assertThat(Http.get(url, Http.bearer(platform)).status()).as("reading stays allowed").isEqualTo(200);
            RealmUsers.assertForbidden(Http.postEmpty(url + "/refresh", Http.bearer(platform)),
                    "A login-as session cannot rotate entity tokens");
            RealmUsers.assertForbidden(Http.patchJson(url, "{\"flags\":[\"x\"]}", Http.bearer(platform)),
                    "A login-as session cannot change entity tokens");
            assertThat(Http.delete(url, Http.bearer(own)).status()).isEqualTo(200);
            RealmUsers.assertForbidden(Http.postEmpty(url, callerHeaders(platform, realm.alice, TestRealm.AUTH_CLIENT)),
                    "A login-as session cannot create entity tokens");
            assertThat(Http.get(url, Http.bearer(own)).status()).as("nothing was created").isEqualTo(404);
        } finally {
            Http.delete(url, Http.bearer(own));
        }
    }

    @Test
    @DisplayName("given the platform token of an entity-token grant session when it calls the API then 403")
    void grantPlatformTokenCannotManage() {
        String url = realm.tokenUrl(realm.acme, realm.bob);
        String own = realm.accessToken("bob");
        HttpResult created = Http.postEmpty(url, Http.bearer(own));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        try {
            HttpResult granted = realm.grant(created.json().get("authenticationToken").asText(), EntityRealm.API_CLIENT,
                    EntityRealm.API_SECRET);
            assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
            String platform = granted.json().get("platform_access_token").asText();
            HttpResult refused = Http.postEmpty(url + "/refresh", Http.bearer(platform));
            RealmUsers.assertForbidden(refused, "Tokens obtained with an entity token cannot manage entity tokens");
        } finally {
            Http.delete(url, Http.bearer(own));
        }
    }
}
