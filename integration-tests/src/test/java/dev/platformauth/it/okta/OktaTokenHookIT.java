package dev.platformauth.it.okta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.sso.SsoOktaFixture;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.OktaHookRequests;
import dev.platformauth.it.support.SentinelRealm;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sentinel API's {@code enrichToken}: Okta's token inline hook, answered in Okta's {@code commands} format.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OktaTokenHookIT extends SsoOktaFixture {

    private Account account(boolean emailVerified) {
        Account account = Account.create(realm, "o", DOMAIN);
        String id = account.id();
        if (!emailVerified) {
            UserRepresentation user = realm.resource().users().get(id).toRepresentation();
            user.setEmailVerified(false);
            realm.resource().users().get(id).update(user);
        }
        return account;
    }

    private void linkToOkta(Account account, String oktaUserId) {
        FederatedIdentityRepresentation link = new FederatedIdentityRepresentation();
        link.setIdentityProvider("okta");
        link.setUserId(oktaUserId);
        link.setUserName(account.email());
        try (Response response = realm.resource().users().get(account.id()).addFederatedIdentity("okta", link)) {
            assertThat(response.getStatus()).isEqualTo(204);
        }
    }

    private static String oktaUserId() {
        return "00u" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
    }

    private HttpResult hook(String body, Map<String, String> headers) {
        return Http.postJson(url("/enrichToken"), body, headers);
    }

    private HttpResult hook(String body) {
        return hook(body, Map.of("Authorization", HOOK_SECRET));
    }

    /** The claims added by the command of {@code type}, by name. */
    private static Map<String, JsonNode> added(JsonNode answer, String type) {
        Map<String, JsonNode> claims = new HashMap<>();
        for (JsonNode command : answer.get("commands")) {
            if (command.get("type").asText().equals(type)) {
                for (JsonNode op : command.get("value")) {
                    assertThat(op.get("op").asText()).isEqualTo("add");
                    assertThat(op.get("path").asText()).startsWith("/claims/");
                    claims.put(op.get("path").asText().substring("/claims/".length()), op.get("value"));
                }
            }
        }
        return claims;
    }

    private static void assertNoCommands(HttpResult result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.json().get("commands").isArray()).isTrue();
        assertThat(result.json().get("commands")).isEmpty();
    }

    @HappyPath
    @Test
    @DisplayName("given a user linked to the Okta user when Okta calls then organizations, roles and terms version go into both tokens")
    void linkedByFederatedIdentity() {
        Account account = account(true);
        String oktaId = oktaUserId();
        linkToOkta(account, oktaId);
        try (Response response = realm.resource().organizations().get(northstarId).members().addMember(account.id())) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
        realm.resource().users().get(account.id()).roles().realmLevel()
                .add(List.of(realm.resource().roles().get("teacher").toRepresentation()));
        UserRepresentation user = realm.resource().users().get(account.id()).toRepresentation();
        user.setAttributes(new HashMap<>(Map.of(TERMS, List.of("2024-09"))));
        realm.resource().users().get(account.id()).update(user);

        // the Okta profile's email differs: the link decides
        HttpResult result = hook(OktaHookRequests.tokensTransform(oktaId, "terry.t@okta-only.test"));
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.header("Cache-Control")).contains("no-store");
        JsonNode answer = result.json();
        assertThat(answer.get("commands")).hasSize(2);
        assertThat(answer.at("/commands/0/type").asText()).isEqualTo("com.okta.access.patch");
        assertThat(answer.at("/commands/1/type").asText()).isEqualTo("com.okta.identity.patch");
        for (String type : List.of("com.okta.access.patch", "com.okta.identity.patch")) {
            Map<String, JsonNode> claims = added(answer, type);
            assertThat(claims).containsOnlyKeys("organizations", "roles", "terms_version");
            assertThat(claims.get("organizations")).hasSize(1);
            assertThat(claims.get("organizations").get(0).get("id").asText()).isEqualTo(northstarId);
            assertThat(claims.get("organizations").get(0).get("alias").asText()).isEqualTo("northstar");
            List<String> roles = new ArrayList<>();
            claims.get("roles").forEach(role -> roles.add(role.asText()));
            assertThat(roles).contains("teacher", "default-roles-" + realm.name()).doesNotContain("admin");
            assertThat(claims.get("terms_version").asText()).isEqualTo("2024-09");
        }

        // disabled: never enriched
        user.setEnabled(false);
        realm.resource().users().get(account.id()).update(user);
        assertNoCommands(hook(OktaHookRequests.tokensTransform(oktaId, account.email())));
    }

    @Test
    @DisplayName("given no link when Okta vouches for the email of an account Keycloak verified then that account is enriched; "
            + "unverified in Keycloak or linked elsewhere is not")
    void byVerifiedEmail() {
        Account verified = account(true);
        HttpResult result = hook(OktaHookRequests.tokensTransform(oktaUserId(), verified.email()));
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        Map<String, JsonNode> claims = added(result.json(), "com.okta.access.patch");
        assertThat(claims).containsOnlyKeys("organizations", "roles"); // no terms accepted yet
        assertThat(claims.get("organizations")).isEmpty();

        Account unverified = account(false);
        assertNoCommands(hook(OktaHookRequests.tokensTransform(oktaUserId(), unverified.email())));

        Account linkedElsewhere = account(true);
        linkToOkta(linkedElsewhere, oktaUserId());
        assertNoCommands(hook(OktaHookRequests.tokensTransform(oktaUserId(), linkedElsewhere.email())));
    }

    @Test
    @DisplayName("given an Okta user whose profile login or unverified ID-token email names another account's address "
            + "when Okta calls then that account's organizations and roles never reach the Okta tokens")
    void unprovenAddressesMatchNothing() {
        Account victim = account(true);
        try (Response response = realm.resource().organizations().get(northstarId).members().addMember(victim.id())) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
        realm.resource().users().get(victim.id()).roles().realmLevel()
                .add(List.of(realm.resource().roles().get("teacher").toRepresentation()));
        String attacker = oktaUserId();

        // an Okta login is chosen by its owner (or an Okta admin) and proves nothing about the address
        assertNoCommands(hook(OktaHookRequests.accessOnly(attacker, victim.email())));
        assertNoCommands(hook(OktaHookRequests.tokensTransform(attacker, victim.email(), "attacker-" + attacker + "@elsewhere.test", true)));
        // the ID token names the address but Okta does not say it verified it: absent, false or not a boolean
        assertNoCommands(hook(OktaHookRequests.tokensTransform(attacker, victim.email(), victim.email(), null)));
        assertNoCommands(hook(OktaHookRequests.tokensTransform(attacker, victim.email(), victim.email(), false)));
        assertNoCommands(hook(OktaHookRequests.tokensTransform(attacker, victim.email(), victim.email(), null)
                .replace("\"ver\": 1", "\"email_verified\": \"true\", \"ver\": 1")));

        // the owner of the address, verified by Okta, is enriched
        HttpResult proven = hook(OktaHookRequests.tokensTransform(attacker, "terry@okta-login.test", victim.email(), true));
        assertThat(proven.status()).as(proven.toString()).isEqualTo(200);
        Map<String, JsonNode> claims = added(proven.json(), "com.okta.access.patch");
        assertThat(claims.get("organizations").findValuesAsText("id")).containsExactly(northstarId);
        assertThat(claims.get("roles").toString()).contains("teacher");
    }

    @Test
    @DisplayName("given an unknown Okta user when Okta calls then 200 with no commands")
    void unknownUser() {
        assertNoCommands(hook(OktaHookRequests.tokensTransform(oktaUserId(), "nobody-" + UUID.randomUUID() + "@" + DOMAIN)));
    }

    @Test
    @DisplayName("given a wrong, missing, repeated or decorated secret when Okta calls then 401 invalid_client")
    void wrongSecret() {
        Account account = account(true);
        String body = OktaHookRequests.tokensTransform(oktaUserId(), account.email());
        assertError(hook(body, Map.of()), 401, "invalid_client");
        assertError(hook(body, Map.of("Authorization", "wrong-secret-0123456789")), 401, "invalid_client");
        assertError(hook(body, Map.of("Authorization", "Bearer " + HOOK_SECRET)), 401, "invalid_client");
        assertError(hook(body, Map.of("Authorization", HOOK_SECRET.substring(1))), 401, "invalid_client");
        // the secret is checked before the body is read
        assertError(hook("not json", Map.of("Authorization", "wrong")), 401, "invalid_client");
    }

    @Test
    @DisplayName("given a configured header name when Okta calls then only that header counts")
    void configuredHeader() {
        Account account = account(true);
        String body = OktaHookRequests.tokensTransform(oktaUserId(), account.email());
        realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.header", "X-Okta-Hook-Secret"));
        try {
            assertError(hook(body), 401, "invalid_client");
            HttpResult result = hook(body, Map.of("X-Okta-Hook-Secret", HOOK_SECRET));
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(result.json().get("commands")).hasSize(2);
        } finally {
            realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.header", ""));
        }
    }

    @Test
    @DisplayName("given configured claims and tokens when Okta calls then only those are added")
    void configuredClaims() {
        Account account = account(true);
        realm.updateClient(SentinelRealm.CLIENT, client -> {
            client.getAttributes().put("platform-auth.okta-hook.claims", "roles");
            client.getAttributes().put("platform-auth.okta-hook.tokens", "access");
        });
        try {
            HttpResult result = hook(OktaHookRequests.tokensTransform(oktaUserId(), account.email()));
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(result.json().get("commands")).hasSize(1);
            assertThat(added(result.json(), "com.okta.access.patch")).containsOnlyKeys("roles");
        } finally {
            realm.updateClient(SentinelRealm.CLIENT, client -> {
                client.getAttributes().put("platform-auth.okta-hook.claims", "");
                client.getAttributes().put("platform-auth.okta-hook.tokens", "");
            });
        }
    }

    @Test
    @DisplayName("given malformed bodies when Okta calls then 400, 413 or 415")
    void badBodies() {
        assertError(hook("not json"), 400, "invalid_request");
        assertError(hook("[]"), 400, "invalid_request");
        assertError(hook("{\"eventType\":\"com.okta.oauth2.tokens.transform\"}"), 400, "invalid_request");
        assertError(hook("{\"eventType\":\"com.okta.import.transform\",\"data\":{}}"), 400, "invalid_request");
        assertError(hook("{\"data\":{\"pad\":\"" + "x".repeat(70_000) + "\"}}"), 413, "request_too_large");
        assertError(Http.postForm(url("/enrichToken"), Map.of("data", "x"), Map.of("Authorization", HOOK_SECRET)),
                415, "unsupported_media_type");
    }

    @Test
    @DisplayName("given no secret configured when Okta calls then 503 not_configured")
    void noSecret() {
        Account account = account(true);
        String body = OktaHookRequests.tokensTransform(oktaUserId(), account.email());
        realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.secret", ""));
        try {
            assertError(hook(body), 503, "not_configured");
            realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.secret", "too-short"));
            assertError(hook(body, Map.of("Authorization", "too-short")), 503, "not_configured");
        } finally {
            realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.secret", HOOK_SECRET));
        }
        assertThat(hook(body).status()).isEqualTo(200);
    }
}
