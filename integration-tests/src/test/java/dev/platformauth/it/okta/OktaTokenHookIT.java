package dev.platformauth.it.okta;

import dev.platformauth.it.sso.SsoOktaFixture;
import dev.platformauth.it.support.SentinelRealm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sentinel API's {@code enrichToken}: Okta's token inline hook, answered in Okta's {@code commands} format.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OktaTokenHookIT extends SsoOktaFixture {

    private record Account(String id, String username, String email) {
    }

    private Account account(boolean emailVerified) {
        String username = "o" + UUID.randomUUID().toString().substring(0, 8);
        String email = username + "@" + DOMAIN;
        String id = realm.createUser(username, email, "Secret-" + username);
        if (!emailVerified) {
            UserRepresentation user = realm.resource().users().get(id).toRepresentation();
            user.setEmailVerified(false);
            realm.resource().users().get(id).update(user);
        }
        return new Account(id, username, email);
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

    /** Okta's request for a user whose address Okta verified (the ID token says {@code email_verified: true}). */
    private String oktaRequest(String oktaUserId, String email) {
        return oktaRequest(oktaUserId, email, email, true);
    }

    /**
     * Okta's documented token inline hook request (reference "Sample JSON payload of a request"), for one
     * user: {@code login} is the Okta profile's login (which the user may choose), {@code idEmail} the ID
     * token's {@code email}, {@code emailVerified} its {@code email_verified} (null: absent).
     */
    private String oktaRequest(String oktaUserId, String login, String idEmail, Boolean emailVerified) {
        String verified = emailVerified == null ? "" : ", \"email_verified\": " + emailVerified;
        return """
                {
                  "source": "https://northstar.okta.com/oauth2/default/v1/authorize",
                  "eventId": "3OWo4oo-QQ-rBWfRyTmQYw",
                  "eventTime": "2026-01-15T23:20:47.000Z",
                  "eventTypeVersion": "1.0",
                  "cloudEventVersion": "0.1",
                  "contentType": "application/json",
                  "eventType": "com.okta.oauth2.tokens.transform",
                  "data": {
                    "context": {
                      "request": {
                        "id": "reqv66CbCaCStGEFc8AdfS0ng",
                        "method": "GET",
                        "url": {"value": "https://northstar.okta.com/oauth2/default/v1/authorize?scope=openid+profile+email&response_type=code&client_id=app"},
                        "ipAddress": "127.0.0.1"
                      },
                      "protocol": {
                        "type": "OAUTH2.0",
                        "request": {"scope": "openid profile email", "response_type": "code", "client_id": "app"},
                        "issuer": {"uri": "https://northstar.okta.com/oauth2/default"},
                        "client": {"id": "app", "name": "Sentinel app", "type": "PUBLIC"}
                      },
                      "session": {"id": "102Qoe7t5PcRnSxr8j3I8I6pA", "userId": "%1$s", "login": "%2$s", "status": "ACTIVE",
                                  "amr": ["PASSWORD"], "idp": {"id": "00oq6kcVwvrDY2YsS0g3", "type": "OKTA"}, "mfaActive": false},
                      "user": {
                        "id": "%1$s",
                        "passwordChanged": "2025-09-11T23:19:12.000Z",
                        "profile": {"login": "%2$s", "firstName": "Terry", "lastName": "Teacher", "locale": "en", "timeZone": "America/Chicago"},
                        "_links": {"groups": {"href": "https://northstar.okta.com/%1$s/groups"}}
                      },
                      "policy": {"id": "00pq8lGaLlI8APuqY0g3", "rule": {"id": "0prq8mLKuKAmavOvq0g3"}}
                    },
                    "identity": {
                      "claims": {"sub": "%1$s", "name": "Terry Teacher", "email": "%3$s"%4$s, "ver": 1,
                                 "iss": "https://northstar.okta.com/oauth2/default", "aud": "app", "jti": "ID.YxF2whJfB3Eu4ktG",
                                 "amr": ["pwd"], "idp": "00oq6kcVwvrDY2YsS0g3", "preferred_username": "%2$s", "auth_time": 1768519229},
                      "token": {"lifetime": {"expiration": 3600}}
                    },
                    "access": {
                      "claims": {"ver": 1, "jti": "AT.W-rrB-z-kkZQmHW0e6VS3Or", "iss": "https://northstar.okta.com/oauth2/default",
                                 "aud": "api://default", "cid": "app", "uid": "%1$s", "sub": "%2$s", "preferred_username": "%2$s"},
                      "token": {"lifetime": {"expiration": 3600}},
                      "scopes": {"openid": {"id": "scpq7bW1cp6dcvrz80g3", "action": "GRANT"},
                                 "email": {"id": "scpq7dxsoz6LQlRj00g3", "action": "GRANT"}}
                    }
                  }
                }
                """.formatted(oktaUserId, login, idEmail, verified);
    }

    /** Okta's request when it mints only an access token: no ID token claims, just the profile's login. */
    private static String accessOnlyRequest(String oktaUserId, String login) {
        return """
                {"eventType": "com.okta.oauth2.tokens.transform",
                 "data": {"context": {"user": {"id": "%1$s", "profile": {"login": "%2$s", "email": "%2$s"}}},
                          "access": {"claims": {"uid": "%1$s", "sub": "%2$s"}}}}
                """.formatted(oktaUserId, login);
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
        HttpResult result = hook(oktaRequest(oktaId, "terry.t@okta-only.test"));
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
        assertNoCommands(hook(oktaRequest(oktaId, account.email())));
    }

    @Test
    @DisplayName("given no link when Okta vouches for the email of an account Keycloak verified then that account is enriched; "
            + "unverified in Keycloak or linked elsewhere is not")
    void byVerifiedEmail() {
        Account verified = account(true);
        HttpResult result = hook(oktaRequest(oktaUserId(), verified.email()));
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        Map<String, JsonNode> claims = added(result.json(), "com.okta.access.patch");
        assertThat(claims).containsOnlyKeys("organizations", "roles"); // no terms accepted yet
        assertThat(claims.get("organizations")).isEmpty();

        Account unverified = account(false);
        assertNoCommands(hook(oktaRequest(oktaUserId(), unverified.email())));

        Account linkedElsewhere = account(true);
        linkToOkta(linkedElsewhere, oktaUserId());
        assertNoCommands(hook(oktaRequest(oktaUserId(), linkedElsewhere.email())));
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
        assertNoCommands(hook(accessOnlyRequest(attacker, victim.email())));
        assertNoCommands(hook(oktaRequest(attacker, victim.email(), "attacker-" + attacker + "@elsewhere.test", true)));
        // the ID token names the address but Okta does not say it verified it: absent, false or not a boolean
        assertNoCommands(hook(oktaRequest(attacker, victim.email(), victim.email(), null)));
        assertNoCommands(hook(oktaRequest(attacker, victim.email(), victim.email(), false)));
        assertNoCommands(hook(oktaRequest(attacker, victim.email(), victim.email(), null)
                .replace("\"ver\": 1", "\"email_verified\": \"true\", \"ver\": 1")));

        // the owner of the address, verified by Okta, is enriched
        HttpResult proven = hook(oktaRequest(attacker, "terry@okta-login.test", victim.email(), true));
        assertThat(proven.status()).as(proven.toString()).isEqualTo(200);
        Map<String, JsonNode> claims = added(proven.json(), "com.okta.access.patch");
        assertThat(claims.get("organizations").findValuesAsText("id")).containsExactly(northstarId);
        assertThat(claims.get("roles").toString()).contains("teacher");
    }

    @Test
    @DisplayName("given an unknown Okta user when Okta calls then 200 with no commands")
    void unknownUser() {
        assertNoCommands(hook(oktaRequest(oktaUserId(), "nobody-" + UUID.randomUUID() + "@" + DOMAIN)));
    }

    @Test
    @DisplayName("given a wrong, missing, repeated or decorated secret when Okta calls then 401 invalid_client")
    void wrongSecret() {
        Account account = account(true);
        String body = oktaRequest(oktaUserId(), account.email());
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
        String body = oktaRequest(oktaUserId(), account.email());
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
            HttpResult result = hook(oktaRequest(oktaUserId(), account.email()));
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
        String body = oktaRequest(oktaUserId(), account.email());
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
