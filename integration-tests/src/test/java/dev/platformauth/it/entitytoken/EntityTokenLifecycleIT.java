package dev.platformauth.it.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** An entity token from creation to revocation. */
class EntityTokenLifecycleIT extends EntityTokensFixture {

    EntityTokenLifecycleIT(KeycloakServer keycloak, MailServer mail) {
        super(keycloak, mail);
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
}
