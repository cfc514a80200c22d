package dev.platformauth.it.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.keycloak.representations.idm.AdminEventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm and helpers of {@link EntityTokenErrorsIT}, {@link EntityTokenLifecycleIT}, {@link EntityTokensIT},
 * {@link EntityTokenRaceIT}.
 *
 * Per-entity authentication tokens ({@code docs/entity-tokens.md}) against the real Keycloak: the
 * REST lifecycle with both caller styles, the permission rules, every bad input, introspection, the
 * grant, expiry, rotation, revocation, the admin resource and the removal cascades. Runs on H2 and,
 * in the second failsafe execution, on PostgreSQL.
 */
@KeycloakIntegrationTest
abstract class EntityTokensFixture {

    static final Duration EVENTS = Duration.ofSeconds(20);

    final KeycloakServer keycloak;
    final MailServer mail;
    EntityRealm realm;

    EntityTokensFixture(KeycloakServer keycloak, MailServer mail) {
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

    /** The secrets of alice's and bob's tokens in acme and carol's in globex. */
    record Secrets(String alice, String bob, String carol) {
    }

    Secrets tokensForEveryone(String managerToken) {
        return new Secrets(secretOf(realm.create(realm.acme, realm.alice, managerToken)),
                secretOf(realm.create(realm.acme, realm.bob, managerToken)),
                secretOf(realm.create(realm.globex, realm.carol, managerToken)));
    }

    List<AdminEventRepresentation> tokenEvents() {
        return realm.realm.adminEvents().stream()
                .filter(event -> "PLATFORM_AUTH_ENTITY_TOKEN".equals(event.getResourceType())).toList();
    }

    static String secretOf(HttpResult created) {
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("authenticationToken").asText();
    }

    HttpResult admin(String method, String suffix) {
        String url = keycloak.baseUri() + "/admin/realms/" + realm.realm.name() + "/platform-auth-entity-tokens" + suffix;
        String token = keycloak.admin().tokenManager().getAccessTokenString();
        return "GET".equals(method) ? Http.get(url, Http.bearer(token)) : Http.delete(url, Http.bearer(token));
    }

    List<JsonNode> adminList(String query) {
        HttpResult result = admin("GET", query);
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        List<JsonNode> tokens = new ArrayList<>();
        result.json().forEach(tokens::add);
        return tokens;
    }
}
