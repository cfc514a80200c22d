package dev.platformauth.it.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm and helpers of {@link EntityTokenRevocationIT} and {@link EntityGrantKeycloakApisIT}: a realm per
 * test whose API client may introspect its own tokens, entity tokens created by the user manager, the
 * entity-token grant, and whether Keycloak's userinfo endpoint and access-token introspection take a token.
 */
@KeycloakIntegrationTest
abstract class EntityGrantFixture {

    final KeycloakServer keycloak;
    private final MailServer mail;
    private final String prefix;
    EntityRealm realm;

    EntityGrantFixture(KeycloakServer keycloak, MailServer mail, String prefix) {
        this.keycloak = keycloak;
        this.mail = mail;
        this.prefix = prefix;
    }

    @BeforeEach
    void createRealm() {
        realm = EntityRealm.create(keycloak, mail, prefix);
        // Keycloak's introspection answers only clients in the token's audience
        realm.realm.addAudience(EntityRealm.API_CLIENT, EntityRealm.API_CLIENT);
    }

    @AfterEach
    void deleteRealm() {
        realm.close();
    }

    /** A new entity token of {@code userId} in {@code entity}, created by the user manager; its secret. */
    String entityToken(String entity, String userId, String body) {
        HttpResult created = Http.postJson(realm.tokenUrl(entity, userId), body, Http.bearer(realm.accessToken("manager")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("authenticationToken").asText();
    }

    String entityToken(String entity, String userId) {
        return entityToken(entity, userId, "{\"flags\":[\"read\"]}");
    }

    /** The entity-token grant at the API client, with the openid scope (Keycloak's userinfo wants it). */
    JsonNode grant(String secret, String clientId, String clientSecret) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", EntityRealm.GRANT, "entity_token", secret,
                "client_id", clientId, "scope", "openid"));
        if (clientSecret != null) {
            form.put("client_secret", clientSecret);
        }
        HttpResult granted = Http.postForm(realm.realm.tokenEndpoint(), form, Map.of());
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        assertThat(granted.json().has("refresh_token")).as("the grant never issues a refresh token").isFalse();
        return granted.json();
    }

    String grantedAccessToken(String secret) {
        return grant(secret, EntityRealm.API_CLIENT, EntityRealm.API_SECRET).get("access_token").asText();
    }

    HttpResult userinfo(String accessToken) {
        return Http.get(realm.realm.url() + "/protocol/openid-connect/userinfo", Http.bearer(accessToken));
    }

    /** Keycloak's own RFC 7662 introspection of an access token, by the confidential API client; 200 asserted. */
    JsonNode introspection(String accessToken) {
        HttpResult result = Http.postForm(realm.realm.url() + "/protocol/openid-connect/token/introspect",
                Map.of("token", accessToken, "client_id", EntityRealm.API_CLIENT, "client_secret", EntityRealm.API_SECRET), Map.of());
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json();
    }

    boolean introspectedActive(String accessToken) {
        return introspection(accessToken).get("active").asBoolean();
    }

    void assertLive(String accessToken, String what) {
        assertThat(userinfo(accessToken).status()).as("userinfo accepts " + what).isEqualTo(200);
        assertThat(introspectedActive(accessToken)).as("introspection: " + what + " active").isTrue();
    }

    void assertEnded(String accessToken, String what) {
        assertThat(userinfo(accessToken).status()).as("userinfo refuses " + what).isEqualTo(401);
        assertThat(introspectedActive(accessToken)).as("introspection: " + what + " inactive").isFalse();
    }
}
