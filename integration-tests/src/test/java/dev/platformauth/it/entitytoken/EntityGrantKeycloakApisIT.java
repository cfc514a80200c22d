package dev.platformauth.it.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakAccountApi;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakAdminApi;
import dev.platformauth.it.support.KeycloakLines;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.OnEveryLine;
import dev.platformauth.it.support.OwnerManagedResources;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RoleRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tokens of the entity-token grant get nothing lasting from Keycloak's own endpoints: no exchanged or
 * permission tokens, no change at the account API, no administration at the admin API (lightweight access
 * tokens included), while the same user signed in with a password still may. See docs/entity-tokens.md.
 */
class EntityGrantKeycloakApisIT extends EntityGrantFixture {

    EntityGrantKeycloakApisIT(KeycloakServer keycloak, MailServer mail) {
        super(keycloak, mail, "entities-keycloak-apis");
    }

    @Test
    @DisplayName("given a grant token when its client exchanges it at Keycloak's token exchange for lasting tokens then 400 "
            + "with a TOKEN_EXCHANGE_ERROR event: the grant's lifetime holds")
    void neverExchanged() {
        realm.realm.update(rep -> rep.setEnabledEventTypes(List.of("TOKEN_EXCHANGE", "TOKEN_EXCHANGE_ERROR")));
        realm.realm.putClientAttributes(EntityRealm.API_CLIENT, attributes -> {
            attributes.put("standard.token.exchange.enabled", "true");
            attributes.put("standard.token.exchange.enableRefreshRequestedTokenType", "SAME_SESSION");
        });
        String apiToken = grantedAccessToken(entityToken(realm.acme, realm.alice));

        HttpResult refused = Http.postForm(realm.realm.tokenEndpoint(), Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "client_id", EntityRealm.API_CLIENT, "client_secret", EntityRealm.API_SECRET,
                "subject_token", apiToken, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token"), Map.of());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(refused.json().get("error_description").asText())
                .isEqualTo("A session opened with an entity token cannot exchange its tokens");
        assertThat(realm.realm.awaitEvents("TOKEN_EXCHANGE_ERROR", Duration.ofSeconds(10))).anySatisfy(event -> {
            assertThat(event.getUserId()).isEqualTo(realm.alice);
            assertThat(event.getDetails()).containsEntry("reason", "entity-token session");
        });
        assertLive(apiToken, "the grant token itself, refused an exchange");
    }

    @Test
    @DisplayName("given a grant token when it asks Keycloak's UMA grant for a permission token (with a refresh token) then 400 "
            + "with a PERMISSION_TOKEN_ERROR event: the grant's lifetime holds")
    void noPermissionToken() {
        realm.realm.update(rep -> rep.setEnabledEventTypes(List.of("PERMISSION_TOKEN", "PERMISSION_TOKEN_ERROR")));
        realm.realm.resource().clients().create(RealmUsers.resourceServerClient("resource-server")).close();
        String apiToken = grantedAccessToken(entityToken(realm.acme, realm.alice));

        HttpResult refused = RealmUsers.permissionToken(realm.realm.tokenEndpoint(), apiToken, "resource-server");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("error_description").asText())
                .isEqualTo("A session opened with an entity token cannot obtain permission tokens");
        assertThat(realm.realm.awaitEvents("PERMISSION_TOKEN_ERROR", Duration.ofSeconds(10))).anySatisfy(event -> {
            assertThat(event.getUserId()).isEqualTo(realm.alice);
            assertThat(event.getDetails()).containsEntry("reason", "entity-token session");
        });
    }

    @Test
    @DisplayName("given a grant token when it changes the user's email at Keycloak's account API then 403 and nothing changes; "
            + "it reads the profile")
    void keycloakAccountApiReadOnly() {
        String apiToken = grantedAccessToken(entityToken(realm.acme, realm.alice));
        KeycloakAccountApi accountApi = new KeycloakAccountApi(realm.realm.url());
        String email = realm.realm.resource().users().get(realm.alice).toRepresentation().getEmail();
        assertThat(accountApi.profile(apiToken).json().get("email").asText()).isEqualTo(email);
        HttpResult changed = accountApi.changeEmail(apiToken, "taken-over@example.test");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(403);
        assertThat(realm.realm.resource().users().get(realm.alice).toRepresentation().getEmail()).isEqualTo(email);
    }

    @Test
    @OnEveryLine
    @DisplayName("given a grant token of a user who administers users when it calls Keycloak's admin API then 401 (403 "
            + "before Keycloak 26.7), and introspection reports it without realm-management; her password sign-in lists the users")
    void keycloakAdminApiRefused() {
        assertAdministersNothing();
    }

    @Test
    @OnEveryLine
    @DisplayName("given clients with lightweight access tokens, whose roles Keycloak reads from the session, when a "
            + "grant token calls Keycloak's admin API then 401 (403 before Keycloak 26.7); her password sign-in's lightweight "
            + "token lists the users")
    void lightweightTokensToo() {
        for (String clientId : List.of(EntityRealm.API_CLIENT, TestRealm.AUTH_CLIENT)) {
            realm.realm.putClientAttributes(clientId, attributes -> attributes.put("client.use.lightweight.access.token.enabled", "true"));
        }
        assertAdministersNothing();
    }

    /** Alice, given view-users after her entity token was made, lists the realm's users signed in herself; her grant token does not. */
    private void assertAdministersNothing() {
        String secret = entityToken(realm.acme, realm.alice);
        var realmManagement = realm.realm.resource().clients().findByClientId("realm-management").get(0);
        RoleRepresentation viewUsers = realm.realm.resource().clients().get(realmManagement.getId()).roles().get("view-users")
                .toRepresentation();
        realm.realm.resource().users().get(realm.alice).roles().clientLevel(realmManagement.getId()).add(List.of(viewUsers));
        KeycloakAdminApi keycloakApi = new KeycloakAdminApi(realm.realm.url());
        HttpResult own = keycloakApi.users(realm.accessToken("alice"));
        assertThat(own.status()).as("a password sign-in administers users: " + own).isEqualTo(200);

        String granted = grantedAccessToken(secret);
        assertThat(Jwt.payload(granted).path("resource_access").has("realm-management")).as("the grant token's roles").isFalse();
        // Keycloak 26.7 asks the grant type first (401); earlier lines go by the roles taken out of the token (403)
        HttpResult listed = keycloakApi.users(granted);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(KeycloakLines.asksTheGrantType() ? 401 : 403);
        JsonNode introspected = introspection(granted);
        assertThat(introspected.get("active").asBoolean()).as(introspected.toString()).isTrue();
        assertThat(introspected.path("resource_access").has("realm-management")).as("introspection reports the limited token")
                .isFalse();
    }

    @Test
    @OnEveryLine
    @DisplayName("given an API client that is a resource server with owner-managed resources when a grant token shares the "
            + "user's resource through Keycloak's protection API then 403 on 26.7 and nothing is shared; her password sign-in there shares it")
    void noResourceSharing() {
        realm.realm.updateClient(EntityRealm.API_CLIENT, client -> {
            client.setServiceAccountsEnabled(true);
            client.setAuthorizationServicesEnabled(true);
            client.setDirectAccessGrantsEnabled(true);
        });
        String share = OwnerManagedResources.create(realm.realm, EntityRealm.API_CLIENT, "alice-album", realm.alice);

        HttpResult refused = Http.postJson(share, "{\"name\":\"by-grant\",\"users\":[\"bob\"]}",
                Http.bearer(grantedAccessToken(entityToken(realm.acme, realm.alice))));
        if (!KeycloakLines.asksTheGrantType()) {
            // Keycloak 26.4 and 26.5 do not ask the grant type: the known limit in docs/security.md
            assertThat(refused.status()).as(refused.toString()).isEqualTo(200);
            return;
        }
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).as("Keycloak takes it for no token at all").isEqualTo("invalid_bearer_token");
        assertThat(OwnerManagedResources.authorization(realm.realm, EntityRealm.API_CLIENT).policies().policies())
                .noneMatch(policy -> "by-grant".equals(policy.getName()));

        String own = Http.postForm(realm.realm.tokenEndpoint(), Map.of("grant_type", "password", "client_id", EntityRealm.API_CLIENT,
                "client_secret", EntityRealm.API_SECRET, "username", "alice", "password", EntityRealm.PASSWORD), Map.of())
                .json().get("access_token").asText();
        HttpResult shared = Http.postJson(share, "{\"name\":\"by-alice\",\"users\":[\"bob\"]}", Http.bearer(own));
        assertThat(shared.status()).as("the owner's own sign-in shares: " + shared).isEqualTo(200);
    }
}
