package dev.platformauth.it.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Entity tokens: bad input, expiry, and the errors of introspection and the grant. */
class EntityTokenErrorsIT extends EntityTokensFixture {

    EntityTokenErrorsIT(KeycloakServer keycloak, MailServer mail) {
        super(keycloak, mail);
    }

    @Nested
    @DisplayName("given bad input when any route receives it then the answer is a 4xx JSON error and nothing changes")
    class BadInput {

        @Test
        @DisplayName("refused creates leave no token; a good one has its expiry in UTC")
        void create() {
            String alice = realm.accessToken("alice");
            String url = realm.tokenUrl(realm.acme, realm.alice);
            Map<String, String> auth = Http.bearer(alice);

            String past = Instant.now().minus(1, ChronoUnit.HOURS).toString();
            List<String> badCreateBodies = List.of("{", "[]", "{\"expiry\":\"" + past + "\"}", "{\"flags\":\"read\"}",
                    "{\"unknown\":1}", "{\"expiry\":\"+999999999-12-31T23:59:59Z\"}");
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
        }

        @Test
        @DisplayName("refused patches and refreshes change nothing; a null expiry and flags clear them")
        void patchAndRefresh() {
            String alice = realm.accessToken("alice");
            String url = realm.tokenUrl(realm.acme, realm.alice);
            Map<String, String> auth = Http.bearer(alice);
            String past = Instant.now().minus(1, ChronoUnit.HOURS).toString();
            HttpResult created = Http.postJson(url, "{\"flags\":[\"a\"],\"expiry\":\"2099-01-01T00:00:00+02:00\"}", auth);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);

            List<String> tooMany = new ArrayList<>();
            for (int i = 0; i < 33; i++) {
                tooMany.add("\"f" + i + "\"");
            }
            List<String> badPatches = List.of("", "not json", "{\"expiry\":", "[1,2]", "\"text\"", "{}",
                    "{\"expiry\":\"" + past + "\"}", "{\"expiry\":\"tomorrow\"}", "{\"expiry\":\"+999999999-12-31T23:59:59Z\"}", "{\"expiry\":\"2099-01-01\"}",
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
}
