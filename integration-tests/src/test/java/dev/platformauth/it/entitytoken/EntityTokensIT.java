package dev.platformauth.it.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;

import static dev.platformauth.it.entitytoken.EntityRealm.callerHeaders;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-entity authentication tokens ({@code docs/entity-tokens.md}) against the real Keycloak: the
 * REST lifecycle with both caller styles, the permission rules, every bad input, introspection, the
 * grant, expiry, rotation, revocation, the admin resource and the removal cascades. Runs on H2 and,
 * in the second failsafe execution, on PostgreSQL.
 */
@KeycloakIntegrationTest
class EntityTokensIT {

    private static final Duration EVENTS = Duration.ofSeconds(20);

    private final KeycloakServer keycloak;
    private final MailServer mail;
    private EntityRealm realm;

    EntityTokensIT(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
    }

    @BeforeEach
    void createRealm() {
        realm = EntityRealm.create(keycloak, mail, "entities");
    }

    @AfterEach
    void deleteRealm() {
        realm.close();
    }

    @Nested
    @DisplayName("given a member who created her token")
    class Lifecycle {

        private String alice;
        private String url;
        private HttpResult created;
        private String secret;
        private String id;

        @BeforeEach
        void createToken() {
            alice = realm.accessToken("alice");
            url = realm.tokenUrl("acme", realm.alice);
            created = realm.create("acme", realm.alice, alice);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            secret = created.json().get("authenticationToken").asText();
            id = created.json().get("id").asText();
        }

        @HappyPath
        @Test
        @DisplayName("then the answer shows the secret once, reading never does, and a second create is 409")
        void create() {
            assertThat(created.header("Cache-Control")).contains("no-store");
            JsonNode token = created.json();
            assertThat(secret).startsWith("pae_").hasSize(47);
            assertThat(token.get("prefix").asText()).isEqualTo(secret.substring(0, 12));
            assertThat(token.get("entityId").asText()).isEqualTo(realm.acme);
            assertThat(token.get("userId").asText()).isEqualTo(realm.alice);
            assertThat(token.get("expiry").isNull()).isTrue();
            assertThat(token.get("flags").isArray()).isTrue();
            assertThat(token.get("flags")).isEmpty();
            assertThat(Instant.parse(token.get("createdAt").asText())).isBefore(Instant.now().plusSeconds(60));
            assertThat(token.get("lastUsedAt").isNull()).isTrue();

            HttpResult read = Http.get(realm.tokenUrl(realm.acme, realm.alice), Http.bearer(alice));
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().get("id").asText()).isEqualTo(id);
            assertThat(read.json().has("authenticationToken")).isFalse();
            assertThat(read.body()).doesNotContain(secret);

            HttpResult again = realm.create("acme", realm.alice, alice);
            assertThat(again.status()).as(again.toString()).isEqualTo(409);
            assertThat(again.json().get("error").asText()).isEqualTo("conflict");
        }

        @Test
        @DisplayName("when she sets an expiry and flags then the token and its introspection carry them")
        void change() {
            String expiry = patchExpiryAndFlags();
            HttpResult introspected = realm.introspect(secret);
            assertThat(introspected.status()).as(introspected.toString()).isEqualTo(200);
            JsonNode claims = introspected.json();
            assertThat(claims.get("active").asBoolean()).isTrue();
            assertThat(claims.get("sub").asText()).isEqualTo(realm.alice);
            assertThat(claims.get("username").asText()).isEqualTo("alice");
            assertThat(claims.get("entity").asText()).isEqualTo(realm.acme);
            assertThat(claims.get("flags")).extracting(JsonNode::asText).containsExactly("read", "write");
            assertThat(claims.get("exp").asLong()).isEqualTo(Instant.parse(expiry).getEpochSecond());
            assertThat(claims.get("iat").asLong()).isPositive();
        }

        @Test
        @DisplayName("when a machine uses it in the grant then it gets both tokens, which cannot manage entity tokens")
        void use() {
            patchExpiryAndFlags();
            HttpResult granted = realm.grant(secret, EntityRealm.API_CLIENT, EntityRealm.API_SECRET);
            assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
            assertThat(granted.json().has("refresh_token")).isFalse();
            assertThat(granted.json().get("expires_in").asInt()).isBetween(1, EntityRealm.GRANT_LIFETIME);
            String accessToken = granted.json().get("access_token").asText();
            Jwt.verify(accessToken, realm.realm.jwksUri());
            JsonNode payload = Jwt.payload(accessToken);
            assertThat(payload.get("sub").asText()).isEqualTo(realm.alice);
            assertThat(payload.get("azp").asText()).isEqualTo(EntityRealm.API_CLIENT);
            assertThat(payload.get("entity").asText()).isEqualTo(realm.acme);
            assertThat(payload.get("flags")).extracting(JsonNode::asText).containsExactly("read", "write");
            JsonNode platform = Jwt.payload(granted.json().get("platform_access_token").asText());
            assertThat(platform.get("typ").asText()).isEqualTo("Platform");
            assertThat(platform.get("sub").asText()).isEqualTo(realm.alice);
            assertThat(granted.json().get("platform_expires_in").asInt()).isPositive();

            HttpResult derived = Http.get(url, Http.bearer(accessToken));
            assertThat(derived.status()).as("a grant token cannot manage entity tokens " + derived).isEqualTo(403);
            assertThat(Http.patchJson(url, "{\"expiry\":null}", Http.bearer(accessToken)).status()).isEqualTo(403);

            HttpResult used = Http.get(url, Http.bearer(alice));
            assertThat(used.json().get("lastUsedAt").isNull()).as("lastUsedAt after use").isFalse();
        }

        @Test
        @DisplayName("when she rotates it then only the new secret works, keeping id and expiry, and the old one cannot rotate again")
        void rotate() {
            String expiry = patchExpiryAndFlags();
            String rotatedSecret = rotate(secret);
            assertThat(rotatedSecret).startsWith("pae_").isNotEqualTo(secret);
            HttpResult read = Http.get(url, Http.bearer(alice));
            assertThat(read.json().get("id").asText()).isEqualTo(id);
            assertThat(read.json().get("expiry").asText()).isEqualTo(expiry);
            assertThat(realm.active(secret)).as("rotated-away secret").isFalse();
            assertThat(realm.grant(secret, EntityRealm.API_CLIENT, EntityRealm.API_SECRET).json().get("error").asText())
                    .isEqualTo("invalid_grant");
            assertThat(realm.active(rotatedSecret)).isTrue();

            HttpResult stale = Http.postJson(url + "/refresh", "{\"authenticationToken\":\"" + secret + "\"}", Http.bearer(alice));
            assertThat(stale.status()).as(stale.toString()).isEqualTo(400);
        }

        @Test
        @DisplayName("when she revokes it then it stops working at once, is gone, and every change was audited without a secret")
        void revoke() {
            patchExpiryAndFlags();
            String rotatedSecret = rotate(secret);
            HttpResult deleted = Http.delete(url, Http.bearer(alice));
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
            assertThat(deleted.json().get("id").asText()).isEqualTo(id);
            assertThat(realm.active(rotatedSecret)).as("revoked").isFalse();
            HttpResult grantAfterRevoke = realm.grant(rotatedSecret, EntityRealm.API_CLIENT, EntityRealm.API_SECRET);
            assertThat(grantAfterRevoke.status()).isEqualTo(400);
            assertThat(grantAfterRevoke.json().get("error").asText()).isEqualTo("invalid_grant");
            HttpResult gone = Http.get(url, Http.bearer(alice));
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.json().get("error").asText()).isEqualTo("not_found");

            List<AdminEventRepresentation> events = Polling.await(() -> tokenEvents(), found -> found.size() >= 4, EVENTS,
                    "four entity-token admin events");
            assertThat(events).extracting(AdminEventRepresentation::getOperationType)
                    .containsExactlyInAnyOrder("CREATE", "UPDATE", "ACTION", "DELETE");
            assertThat(events).allSatisfy(event -> {
                assertThat(event.getResourcePath()).isEqualTo("entities/" + realm.acme + "/users/" + realm.alice + "/authentication-token");
                assertThat(event.getAuthDetails().getUserId()).isEqualTo(realm.alice);
                assertThat(event.getRepresentation()).doesNotContain(secret).doesNotContain(rotatedSecret);
            });
        }

        /** Sets a 30-day expiry and the flags read, write (a duplicate dropped); returns the expiry. */
        private String patchExpiryAndFlags() {
            String expiry = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
            HttpResult patched = Http.patchJson(url, "{\"expiry\":\"" + expiry + "\",\"flags\":[\"read\",\"write\",\"read\"]}",
                    Http.bearer(alice));
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            assertThat(patched.json().get("expiry").asText()).isEqualTo(expiry);
            assertThat(patched.json().get("flags")).extracting(JsonNode::asText).containsExactly("read", "write");
            assertThat(patched.json().has("authenticationToken")).isFalse();
            return expiry;
        }

        /** Rotates {@code current}; returns the new secret. */
        private String rotate(String current) {
            HttpResult rotated = Http.postJson(url + "/refresh", "{\"authenticationToken\":\"" + current + "\"}", Http.bearer(alice));
            assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
            assertThat(rotated.json().get("id").asText()).isEqualTo(id);
            return rotated.json().get("authenticationToken").asText();
        }
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

    @Test
    @DisplayName("given bad input when any route receives it then the answer is a 4xx JSON error and nothing changes")
    void badInput() {
        String alice = realm.accessToken("alice");
        String url = realm.tokenUrl(realm.acme, realm.alice);
        Map<String, String> auth = Http.bearer(alice);

        String past = Instant.now().minus(1, ChronoUnit.HOURS).toString();
        List<String> badCreateBodies = List.of("{", "[]", "{\"expiry\":\"" + past + "\"}", "{\"flags\":\"read\"}",
                "{\"unknown\":1}");
        for (String body : badCreateBodies) {
            HttpResult result = Http.postJson(url, body, auth);
            assertThat(result.status()).as(body + " " + result).isEqualTo(400);
            assertThat(result.json().get("error").asText()).isEqualTo("invalid_request");
        }
        assertThat(Http.postRaw(url, "text/plain", "x".getBytes(StandardCharsets.UTF_8), auth).status()).isEqualTo(415);
        assertThat(Http.get(url, auth).status()).as("no token after refused creates").isEqualTo(404);

        HttpResult created = Http.postJson(url, "{\"flags\":[\"a\"],\"expiry\":\"2099-01-01T00:00:00+02:00\"}", auth);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("expiry").asText()).isEqualTo("2098-12-31T22:00:00Z");

        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            tooMany.add("\"f" + i + "\"");
        }
        List<String> badPatches = List.of("", "not json", "{\"expiry\":", "[1,2]", "\"text\"", "{}",
                "{\"expiry\":\"" + past + "\"}", "{\"expiry\":\"tomorrow\"}", "{\"expiry\":\"2099-01-01\"}",
                "{\"expiry\":12345}", "{\"flags\":\"read\"}", "{\"flags\":[1]}", "{\"flags\":[\"\"]}",
                "{\"flags\":[\"has space\"]}", "{\"flags\":[\"" + "x".repeat(65) + "\"]}",
                "{\"flags\":[" + String.join(",", tooMany) + "]}", "{\"flag\":[\"a\"]}");
        for (String body : badPatches) {
            HttpResult result = Http.patchJson(url, body, auth);
            assertThat(result.status()).as(body + " " + result).isEqualTo(400);
            assertThat(result.json().get("error").asText()).isEqualTo("invalid_request");
        }
        assertThat(Http.patchRaw(url, "text/plain", "{}".getBytes(StandardCharsets.UTF_8), auth).status()).isEqualTo(415);
        byte[] huge = ("{\"flags\":[\"" + "a".repeat(70 * 1024) + "\"]}").getBytes(StandardCharsets.UTF_8);
        assertThat(Http.patchRaw(url, "application/json", huge, auth).status()).isEqualTo(413);

        List<String> badRefresh = List.of("{\"authenticationToken\":\"\"}", "{\"authenticationToken\":42}", "{\"authenticationToken\":\"pae_wrong\"}",
                "{\"authenticationToken\":\"" + "x".repeat(2000) + "\"}");
        for (String body : badRefresh) {
            HttpResult result = Http.postJson(url + "/refresh", body, auth);
            assertThat(result.status()).as(body + " " + result).isEqualTo(400);
        }
        HttpResult unchanged = Http.get(url, auth);
        assertThat(unchanged.json().get("flags")).extracting(JsonNode::asText).containsExactly("a");
        assertThat(unchanged.json().get("expiry").asText()).isEqualTo("2098-12-31T22:00:00Z");
        assertThat(Http.patchJson(url, "{\"expiry\":null,\"flags\":null}", auth).json().get("expiry").isNull()).isTrue();
    }

    @Test
    @DisplayName("given a token with an expiry when the expiry passes then introspection and the grant refuse it")
    void expiry() {
        String alice = realm.accessToken("alice");
        String expiry = Instant.now().plusSeconds(3).toString();
        HttpResult created = Http.postJson(realm.tokenUrl(realm.acme, realm.alice), "{\"expiry\":\"" + expiry + "\"}",
                Http.bearer(alice));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.json().get("authenticationToken").asText();
        Polling.await(() -> realm.active(secret), active -> !active, Duration.ofSeconds(30), "the token to expire");
        assertThat(Instant.now()).isAfterOrEqualTo(Instant.parse(expiry));
        HttpResult granted = realm.grant(secret, EntityRealm.API_CLIENT, EntityRealm.API_SECRET);
        assertThat(granted.status()).isEqualTo(400);
        assertThat(granted.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(Http.get(realm.tokenUrl(realm.acme, realm.alice), Http.bearer(alice)).status())
                .as("an expired token is still listed until revoked").isEqualTo(200);
    }

    @Test
    @DisplayName("given introspection and the grant when clients or tokens are wrong then they refuse with OAuth errors")
    void introspectionAndGrantErrors() {
        String secret = realm.create(realm.acme, realm.alice, realm.accessToken("alice")).json().get("authenticationToken").asText();

        assertThat(realm.introspect(secret, null, null).status()).isEqualTo(401);
        assertThat(realm.introspect(secret, EntityRealm.API_CLIENT, "wrong").status()).isEqualTo(401);
        HttpResult publicClient = realm.introspect(secret, "auth-service", null);
        assertThat(publicClient.status()).as(publicClient.toString()).isEqualTo(401);
        assertThat(publicClient.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(realm.introspect(secret, EntityRealm.OTHER_CLIENT, EntityRealm.OTHER_SECRET).json().get("active").asBoolean())
                .as("any confidential client may introspect").isTrue();
        assertThat(Http.postJson(realm.realm.url() + "/entities/introspect", "{\"token\":\"" + secret + "\"}", Map.of()).status())
                .isEqualTo(415);
        HttpResult missing = Http.postForm(realm.realm.url() + "/entities/introspect",
                Map.of("client_id", EntityRealm.API_CLIENT, "client_secret", EntityRealm.API_SECRET), Map.of());
        assertThat(missing.status()).isEqualTo(400);
        for (String unknown : List.of("pae_" + "A".repeat(43), "garbage", secret + "x", secret.toUpperCase())) {
            HttpResult result = realm.introspect(unknown);
            assertThat(result.status()).isEqualTo(200);
            assertThat(result.json().size()).as("only 'active' for " + unknown).isEqualTo(1);
            assertThat(result.json().get("active").asBoolean()).isFalse();
        }

        HttpResult disabled = realm.grant(secret, EntityRealm.OTHER_CLIENT, EntityRealm.OTHER_SECRET);
        assertThat(disabled.status()).isEqualTo(400);
        assertThat(disabled.json().get("error").asText()).isEqualTo("unauthorized_client");
        HttpResult noToken = Http.postForm(realm.realm.tokenEndpoint(), Map.of("grant_type", EntityRealm.GRANT,
                "client_id", EntityRealm.API_CLIENT, "client_secret", EntityRealm.API_SECRET), Map.of());
        assertThat(noToken.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(realm.grant("garbage", EntityRealm.API_CLIENT, EntityRealm.API_SECRET).json().get("error").asText())
                .isEqualTo("invalid_grant");

        JsonNode discovery = Http.get(realm.realm.url() + "/.well-known/openid-configuration", Map.of()).json();
        assertThat(discovery.get("grant_types_supported")).extracting(JsonNode::asText).contains(EntityRealm.GRANT);
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

    /** The secrets of alice's and bob's tokens in acme and carol's in globex. */
    private record Secrets(String alice, String bob, String carol) {
    }

    private Secrets tokensForEveryone(String managerToken) {
        return new Secrets(secretOf(realm.create(realm.acme, realm.alice, managerToken)),
                secretOf(realm.create(realm.acme, realm.bob, managerToken)),
                secretOf(realm.create(realm.globex, realm.carol, managerToken)));
    }

    private List<AdminEventRepresentation> tokenEvents() {
        return realm.realm.adminEvents().stream()
                .filter(event -> "PLATFORM_AUTH_ENTITY_TOKEN".equals(event.getResourceType())).toList();
    }

    private static String secretOf(HttpResult created) {
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("authenticationToken").asText();
    }

    private HttpResult admin(String method, String suffix) {
        String url = keycloak.baseUri() + "/admin/realms/" + realm.realm.name() + "/platform-auth-entity-tokens" + suffix;
        String token = keycloak.admin().tokenManager().getAccessTokenString();
        return "GET".equals(method) ? Http.get(url, Http.bearer(token)) : Http.delete(url, Http.bearer(token));
    }

    private List<JsonNode> adminList(String query) {
        HttpResult result = admin("GET", query);
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        List<JsonNode> tokens = new ArrayList<>();
        result.json().forEach(tokens::add);
        return tokens;
    }
}
