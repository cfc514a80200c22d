package dev.platformauth.it.entitytoken;

import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entity tokens live in Keycloak's database: after a restart of Keycloak the same secret still
 * introspects active and still gets an access token. Restarts the shared server, so it runs only in
 * the PostgreSQL failsafe execution, where the entity-token ITs run alone.
 */
@KeycloakIntegrationTest
class EntityTokenRestartIT {

    @Test
    @DisplayName("given a token when Keycloak restarts then the token, its settings and its last use are still there")
    void survivesRestart(KeycloakServer keycloak, MailServer mail) {
        try (EntityRealm realm = EntityRealm.create(keycloak, mail, "entities-restart")) {
            String alice = realm.accessToken("alice");
            String url = realm.tokenUrl(realm.acme, realm.alice);
            HttpResult created = Http.postJson(url, "{\"flags\":[\"durable\"],\"expiry\":\"2099-06-30T12:00:00Z\"}",
                    Http.bearer(alice));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String secret = created.json().get("authenticationToken").asText();
            assertThat(realm.active(secret)).isTrue();

            keycloak.restart();

            HttpResult introspected = realm.introspect(secret);
            assertThat(introspected.json().get("active").asBoolean()).as(introspected.toString()).isTrue();
            assertThat(introspected.json().get("flags").get(0).asText()).isEqualTo("durable");
            HttpResult granted = realm.grant(secret, EntityRealm.API_CLIENT, EntityRealm.API_SECRET);
            assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
            HttpResult read = Http.get(url, Http.bearer(realm.accessToken("alice")));
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("id").asText()).isEqualTo(created.json().get("id").asText());
            assertThat(read.json().get("expiry").asText()).isEqualTo("2099-06-30T12:00:00Z");
            assertThat(read.json().get("lastUsedAt").isNull()).as("the use before the restart was kept").isFalse();
        }
    }
}
