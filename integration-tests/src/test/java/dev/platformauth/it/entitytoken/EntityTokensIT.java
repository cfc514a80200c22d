package dev.platformauth.it.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;

import static dev.platformauth.it.entitytoken.EntityRealm.callerHeaders;
import static org.assertj.core.api.Assertions.assertThat;

/** Entity tokens: rotation, header callers, permissions, removal cascades and the admin resource. */
class EntityTokensIT extends EntityTokensFixture {

    EntityTokensIT(KeycloakServer keycloak, MailServer mail) {
        super(keycloak, mail);
    }

    @Test
    @DisplayName("given a token with an expiry when its holder rotates it without naming the current secret, or with "
            + "it, then a new secret comes back with the same id, expiry and flags; a stale secret is refused")
    void rotationWithoutTheCurrentSecret() {
        String alice = realm.accessToken("alice");
        String url = realm.tokenUrl(realm.acme, realm.alice);
        HttpResult created = Http.postJson(url, "{\"expiry\":\"2098-12-31T22:00:00Z\",\"flags\":[\"a\"]}", Http.bearer(alice));
        String first = secretOf(created);

        HttpResult bodiless = Http.postEmpty(url + "/refresh", Http.bearer(alice));
        assertThat(bodiless.status()).as(bodiless.toString()).isEqualTo(200);
        String second = bodiless.json().get("authenticationToken").asText();
        assertThat(second).startsWith("pae_").isNotEqualTo(first);
        assertThat(bodiless.json().get("id").asText()).isEqualTo(created.json().get("id").asText());
        assertThat(bodiless.json().get("expiry").asText()).isEqualTo("2098-12-31T22:00:00Z");
        assertThat(bodiless.json().get("flags")).extracting(JsonNode::asText).containsExactly("a");
        assertThat(realm.active(first)).as("the rotated-away secret").isFalse();
        assertThat(realm.active(second)).isTrue();

        HttpResult emptyObject = Http.postJson(url + "/refresh", "{}", Http.bearer(alice));
        assertThat(emptyObject.status()).as(emptyObject.toString()).isEqualTo(200);
        String third = emptyObject.json().get("authenticationToken").asText();

        HttpResult stale = Http.postJson(url + "/refresh", "{\"authenticationToken\":\"" + second + "\"}", Http.bearer(alice));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(400);
        assertThat(stale.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(realm.active(third)).as("a refused rotation changes nothing").isTrue();

        HttpResult named = Http.postJson(url + "/refresh", "{\"authenticationToken\":\"" + third + "\"}", Http.bearer(alice));
        assertThat(named.status()).as(named.toString()).isEqualTo(200);
        assertThat(named.json().get("expiry").asText()).isEqualTo("2098-12-31T22:00:00Z");
        assertThat(realm.active(third)).isFalse();
    }

    @Test
    @DisplayName("given the token, userid and apikey headers when they match then they work, and any mismatch is 401")
    void headerCallers() {
        String bob = realm.accessToken("bob");
        String url = realm.tokenUrl(realm.acme, realm.bob);

        HttpResult created = Http.postEmpty(url, callerHeaders(bob, realm.bob, "auth-service"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        HttpResult read = Http.get(url, callerHeaders(bob, realm.bob, "auth-service"));
        assertThat(read.status()).as(read.toString()).isEqualTo(200);

        List<Map<String, String>> refused = List.of(
                callerHeaders(bob, realm.alice, "auth-service"),
                callerHeaders(bob, realm.bob, "platform-api"),
                callerHeaders(bob, realm.bob, null),
                callerHeaders(bob, null, "auth-service"),
                callerHeaders("not-a-jwt", realm.bob, "auth-service"),
                callerHeaders(null, realm.bob, "auth-service"),
                Map.of());
        for (Map<String, String> headers : refused) {
            HttpResult result = Http.get(url, headers);
            assertThat(result.status()).as(headers.keySet() + " " + result).isEqualTo(401);
            assertThat(result.json().get("error").asText()).isEqualTo("invalid_token");
        }
        Map<String, String> bearerWithWrongUser = new java.util.HashMap<>(Http.bearer(bob));
        bearerWithWrongUser.put("userid", realm.alice);
        assertThat(Http.get(url, bearerWithWrongUser).status()).isEqualTo(401);
        Map<String, String> bearerWithWrongKey = new java.util.HashMap<>(Http.bearer(bob));
        bearerWithWrongKey.put("apikey", "someone-else");
        assertThat(Http.get(url, bearerWithWrongKey).status()).isEqualTo(401);

        HttpResult deleted = Http.delete(url, callerHeaders(bob, realm.bob, "auth-service"));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    }

    @Test
    @DisplayName("given the permission rules when members, non-members and user managers call then only their own or managed tokens are theirs")
    void permissions() {
        String alice = realm.accessToken("alice");
        String carol = realm.accessToken("carol");
        String manager = realm.accessToken("manager");

        HttpResult othersToken = realm.create(realm.acme, realm.bob, alice);
        assertThat(othersToken.status()).as("another member's token " + othersToken).isEqualTo(403);
        assertThat(othersToken.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(realm.create(realm.acme, realm.carol, carol).status()).as("non-member, own token").isEqualTo(403);
        assertThat(Http.get(realm.tokenUrl(realm.acme, realm.alice), Http.bearer(carol)).status()).isEqualTo(403);
        assertThat(realm.create(realm.acme, "no-such-user", alice).status()).as("no existence leak").isEqualTo(403);
        assertThat(realm.create("no-such-entity", realm.alice, alice).status()).isEqualTo(404);

        HttpResult managed = realm.create("acme", realm.bob, manager);
        assertThat(managed.status()).as("manage-users for a member " + managed).isEqualTo(201);
        assertThat(Http.get(realm.tokenUrl(realm.acme, realm.bob), Http.bearer(manager)).status()).isEqualTo(200);
        assertThat(Http.get(realm.tokenUrl(realm.acme, realm.bob), Http.bearer(alice)).status()).isEqualTo(403);
        HttpResult nonMember = realm.create(realm.acme, realm.carol, manager);
        assertThat(nonMember.status()).as("manage-users for a non-member " + nonMember).isEqualTo(403);
        assertThat(realm.create(realm.acme, "no-such-user", manager).status()).isEqualTo(404);
        assertThat(realm.create(realm.globex, realm.carol, carol).status()).as("carol in her own organization").isEqualTo(201);
        assertThat(Http.delete(realm.tokenUrl(realm.acme, realm.bob), Http.bearer(manager)).status()).isEqualTo(200);
    }

    @HappyPath
    @Test
    @DisplayName("given tokens when a member leaves, a user or an organization is deleted then their tokens are gone")
    void removalCascades() {
        String manager = realm.accessToken("manager");
        Secrets secrets = tokensForEveryone(manager);
        assertThat(adminList("")).hasSize(3);

        try (Response left = realm.realm.resource().organizations().get(realm.acme).members().member(realm.bob).delete()) {
            assertThat(left.getStatus()).isEqualTo(204);
        }
        assertThat(realm.active(secrets.bob())).as("bob left acme").isFalse();
        assertThat(Http.get(realm.tokenUrl(realm.acme, realm.bob), Http.bearer(manager)).status()).isEqualTo(404);

        realm.realm.resource().users().get(realm.alice).remove();
        assertThat(realm.active(secrets.alice())).as("alice deleted").isFalse();
        assertThat(adminList("?user=" + realm.alice)).isEmpty();

        try (Response removed = realm.realm.resource().organizations().get(realm.globex).delete()) {
            assertThat(removed.getStatus()).isEqualTo(204);
        }
        assertThat(realm.active(secrets.carol())).as("globex deleted").isFalse();
        assertThat(adminList("")).isEmpty();
    }

    @Test
    @DisplayName("given a realm with tokens when the realm is deleted then Keycloak's event removes its tokens")
    void realmRemovalCascade() {
        String manager = realm.accessToken("manager");
        secretOf(realm.create(realm.acme, realm.alice, manager));
        secretOf(realm.create(realm.acme, realm.bob, manager));
        String realmId = realm.realm.resource().toRepresentation().getId();
        realm.close();
        String expected = "realm " + realmId + " removed: 2 entity token(s) deleted";
        Polling.await(() -> keycloak.logTail(400), lines -> lines.stream().anyMatch(line -> line.contains(expected)),
                Duration.ofSeconds(20), "'" + expected + "' in the Keycloak log");

        // a new realm under the same id sees none of them
        try (TestRealm reborn = TestRealm.builder(keycloak, mail, "entities-reborn")
                .customize(rep -> rep.setId(realmId)).create()) {
            HttpResult left = Http.get(keycloak.baseUri() + "/admin/realms/" + reborn.name() + "/platform-auth-entity-tokens",
                    Http.bearer(keycloak.admin().tokenManager().getAccessTokenString()));
            assertThat(left.status()).as(left.toString()).isEqualTo(200);
            assertThat(left.json()).isEmpty();
        }
    }

    @Test
    @DisplayName("given the admin resource when a realm admin lists and revokes then it works, and nobody else may")
    void adminResource() {
        String manager = realm.accessToken("manager");
        Secrets secrets = tokensForEveryone(manager);

        List<JsonNode> acme = adminList("?entity=acme");
        assertThat(acme).hasSize(2).allSatisfy(token -> assertThat(token.has("authenticationToken")).isFalse());
        assertThat(adminList("?user=" + realm.carol)).hasSize(1);
        assertThat(adminList("?entity=acme&user=" + realm.bob)).hasSize(1);
        assertThat(admin("GET", "?entity=nope").status()).isEqualTo(404);
        assertThat(admin("GET", "?max=0").status()).isEqualTo(400);

        String aliceId = acme.stream().filter(t -> t.get("userId").asText().equals(realm.alice)).findFirst().orElseThrow()
                .get("id").asText();
        assertThat(admin("DELETE", "/" + aliceId).status()).isEqualTo(204);
        assertThat(realm.active(secrets.alice())).isFalse();
        assertThat(admin("DELETE", "/" + aliceId).status()).isEqualTo(404);
        assertThat(admin("DELETE", "").status()).as("revoke without a filter").isEqualTo(400);

        HttpResult revoked = admin("DELETE", "?entity=" + realm.acme);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().get("revoked").asInt()).isEqualTo(1);
        assertThat(realm.active(secrets.bob())).isFalse();
        assertThat(realm.active(secrets.carol())).isTrue();

        String adminUrl = keycloak.baseUri() + "/admin/realms/" + realm.realm.name() + "/platform-auth-entity-tokens";
        HttpResult asMember = Http.get(adminUrl, Http.bearer(realm.accessToken("carol")));
        assertThat(asMember.status()).as(asMember.toString()).isEqualTo(403);
        HttpResult asUserManager = Http.delete(adminUrl + "?user=" + realm.carol, Http.bearer(manager));
        assertThat(asUserManager.status()).as("manage-users is not a realm admin " + asUserManager).isEqualTo(403);
        assertThat(realm.active(secrets.carol())).isTrue();

        List<AdminEventRepresentation> deletes = Polling.await(() -> tokenEvents().stream()
                        .filter(e -> e.getOperationType().equals("DELETE")).toList(), found -> found.size() >= 2, EVENTS,
                "admin-resource DELETE events");
        assertThat(deletes).allSatisfy(event -> assertThat(event.getRepresentation())
                .doesNotContain(secrets.alice()).doesNotContain(secrets.bob()).contains("\"prefix\":\"pae_"));
    }
}
