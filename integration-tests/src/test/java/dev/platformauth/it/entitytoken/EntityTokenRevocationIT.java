package dev.platformauth.it.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation reaches everything the entity-token grant issued: revoking, rotating, the user leaving
 * the entity (membership removed, organization disabled or removed), the user being disabled and the
 * token's expiry end the grant's sessions at once, as Keycloak's own userinfo endpoint and access-token
 * introspection see them; grant sessions are never refreshed; the platform token issued with a grant
 * lives no longer than the grant's access token and carries its entity and flags.
 */
class EntityTokenRevocationIT extends EntityGrantFixture {

    EntityTokenRevocationIT(KeycloakServer keycloak, MailServer mail) {
        super(keycloak, mail, "entities-revocation");
    }

    /** Asserts an admin call answered 204 and closes its response. */
    private static void noContent(Response response) {
        try (response) {
            assertThat(response.getStatus()).isEqualTo(204);
        }
    }

    private String tokenId(String entity, String userId) {
        return Http.get(realm.tokenUrl(entity, userId), Http.bearer(realm.accessToken("manager"))).json().get("id").asText();
    }

    private HttpResult admin(String method, String suffix) {
        String url = keycloak.baseUri() + "/admin/realms/" + realm.realm.name() + "/platform-auth-entity-tokens" + suffix;
        Map<String, String> auth = Http.bearer(keycloak.admin().tokenManager().getAccessTokenString());
        return "DELETE".equals(method) ? Http.delete(url, auth) : Http.get(url, auth);
    }

    @Test
    @DisplayName("given grant tokens when the entity token is revoked through the API then its grant tokens stop at once and others live on")
    void revoked() {
        String aliceToken = grantedAccessToken(entityToken(realm.acme, realm.alice));
        String bobToken = grantedAccessToken(entityToken(realm.acme, realm.bob));
        assertLive(aliceToken, "alice's grant token");

        HttpResult deleted = Http.delete(realm.tokenUrl(realm.acme, realm.alice), Http.bearer(realm.accessToken("alice")));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertEnded(aliceToken, "the revoked token's grant token");
        assertThat(realm.realm.resource().users().get(realm.alice).getUserSessions())
                .noneMatch(userSession -> userSession.getClients().containsValue(EntityRealm.API_CLIENT));
        assertLive(bobToken, "bob's grant token");
    }

    @Test
    @DisplayName("given a grant token when the entity token is rotated then the old grant token stops and the new secret's works")
    void rotated() {
        String secret = entityToken(realm.acme, realm.alice);
        String before = grantedAccessToken(secret);
        HttpResult rotated = Http.postJson(realm.tokenUrl(realm.acme, realm.alice) + "/refresh",
                "{\"authenticationToken\":\"" + secret + "\"}", Http.bearer(realm.accessToken("alice")));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertEnded(before, "the grant token of the rotated-away secret");
        assertLive(grantedAccessToken(rotated.json().get("authenticationToken").asText()), "the new secret's grant token");
    }

    @Test
    @DisplayName("given a grant token when the entity token's flags or expiry change then the grant token stops; the same secret gives the new flags; an unchanged PATCH ends nothing")
    void changed() {
        String secret = entityToken(realm.acme, realm.alice);
        String before = grantedAccessToken(secret);
        String alice = realm.accessToken("alice");

        HttpResult unchanged = Http.patchJson(realm.tokenUrl(realm.acme, realm.alice), "{\"flags\":[\"read\"]}", Http.bearer(alice));
        assertThat(unchanged.status()).as(unchanged.toString()).isEqualTo(200);
        assertLive(before, "the grant token after a PATCH that changed nothing");

        HttpResult flags = Http.patchJson(realm.tokenUrl(realm.acme, realm.alice), "{\"flags\":[\"write\"]}", Http.bearer(alice));
        assertThat(flags.status()).as(flags.toString()).isEqualTo(200);
        assertEnded(before, "the grant token issued with the old flags");
        String after = grantedAccessToken(secret);
        assertLive(after, "a new grant token of the same secret");
        assertThat(Jwt.payload(after).get("flags").toString()).as("the new grant carries the new flags").isEqualTo("[\"write\"]");

        String expiry = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        HttpResult shortened = Http.patchJson(realm.tokenUrl(realm.acme, realm.alice), "{\"expiry\":\"" + expiry + "\"}", Http.bearer(alice));
        assertThat(shortened.status()).as(shortened.toString()).isEqualTo(200);
        assertEnded(after, "the grant token issued before the expiry changed");
    }

    @Test
    @DisplayName("given grant tokens when a realm admin revokes one token, then all of an entity, then their grant tokens stop")
    void revokedByAdmin() {
        String aliceToken = grantedAccessToken(entityToken(realm.acme, realm.alice));
        String bobToken = grantedAccessToken(entityToken(realm.acme, realm.bob));
        assertThat(admin("DELETE", "/" + tokenId(realm.acme, realm.alice)).status()).isEqualTo(204);
        assertEnded(aliceToken, "alice's grant token");
        assertLive(bobToken, "bob's grant token");
        assertThat(admin("DELETE", "?entity=" + realm.acme).json().get("revoked").asInt()).isEqualTo(1);
        assertEnded(bobToken, "bob's grant token");
    }

    @Test
    @DisplayName("given a grant token when its user leaves the entity then the grant token stops at once")
    void memberLeft() {
        String aliceToken = grantedAccessToken(entityToken(realm.acme, realm.alice));
        noContent(realm.realm.resource().organizations().get(realm.acme).members().member(realm.alice).delete());
        assertEnded(aliceToken, "the grant token of a member who left");
    }

    @Test
    @DisplayName("given grant tokens when their organization is disabled or removed then they stop at once")
    void organizationDisabledOrRemoved() {
        String aliceToken = grantedAccessToken(entityToken(realm.acme, realm.alice));
        String carolToken = grantedAccessToken(entityToken(realm.globex, realm.carol));

        OrganizationRepresentation acme = realm.realm.resource().organizations().get(realm.acme).toRepresentation();
        acme.setEnabled(false);
        noContent(realm.realm.resource().organizations().get(realm.acme).update(acme));
        assertEnded(aliceToken, "the grant token of a disabled organization");
        assertLive(carolToken, "a grant token of another organization");

        noContent(realm.realm.resource().organizations().get(realm.globex).delete());
        assertEnded(carolToken, "the grant token of a removed organization");
    }

    @Test
    @DisplayName("given a grant token when its user is disabled and enabled again then the grant token stays ended; her sign-in session does not")
    void userDisabled() {
        String aliceToken = grantedAccessToken(entityToken(realm.acme, realm.alice));
        String signedIn = realm.accessToken("alice");
        setEnabled(realm.alice, false);
        assertEnded(aliceToken, "the grant token of a disabled user");
        setEnabled(realm.alice, true);
        assertEnded(aliceToken, "the grant token after the user is enabled again");
        assertThat(Http.get(realm.tokenUrl(realm.acme, realm.alice), Http.bearer(signedIn)).status())
                .as("her password session is Keycloak's business: it works again").isEqualTo(200);
    }

    private void setEnabled(String userId, boolean enabled) {
        UserRepresentation user = realm.realm.resource().users().get(userId).toRepresentation();
        user.setEnabled(enabled);
        realm.realm.resource().users().get(userId).update(user);
    }

    @Test
    @DisplayName("given an entity token expiring before the grant lifetime when granted then the access and platform tokens end with it")
    void expiryCapsTheGrant() {
        Instant expiry = Instant.now().plusSeconds(20);
        String secret = entityToken(realm.acme, realm.alice, "{\"flags\":[\"read\",\"write\"],\"expiry\":\"" + expiry + "\"}");
        JsonNode granted = grant(secret, EntityRealm.API_CLIENT, EntityRealm.API_SECRET);
        String accessToken = granted.get("access_token").asText();
        assertThat(granted.get("expires_in").asLong()).isBetween(1L, 20L);
        JWTClaimsSet access = Jwt.verify(accessToken, realm.realm.jwksUri());
        assertThat(access.getExpirationTime().toInstant()).isBeforeOrEqualTo(expiry);

        // the platform token of the grant: no longer than the access token, with its entity and flags
        assertThat(granted.get("platform_expires_in").asLong()).isBetween(0L, granted.get("expires_in").asLong());
        JWTClaimsSet platform = Jwt.verify(granted.get("platform_access_token").asText(), realm.realm.jwksUri());
        assertThat(platform.getExpirationTime()).isBeforeOrEqualTo(access.getExpirationTime());
        assertThat(platform.getClaim("entity")).isEqualTo(realm.acme);
        assertThat(platform.getClaim("flags")).isEqualTo(List.of("read", "write"));

        assertLive(accessToken, "the grant token before the entity token expires");
        Polling.await(() -> userinfo(accessToken).status(), status -> status == 401, Duration.ofSeconds(60),
                "userinfo to refuse the grant token");
        assertThat(Instant.now()).isAfterOrEqualTo(expiry.minusSeconds(1));
        assertThat(introspectedActive(accessToken)).isFalse();
    }

    @Test
    @DisplayName("given grant tokens when the sentinel or auth-service refresh routes are called then they refuse: the grant's lifetime holds")
    void neverRefreshed() {
        realm.realm.update(rep -> rep.setEnabledEventTypes(List.of("REFRESH_TOKEN", "REFRESH_TOKEN_ERROR", "LOGIN")));
        realm.realm.createPasswordClient("sentinel");
        String secret = entityToken(realm.acme, realm.alice);

        String apiToken = grantedAccessToken(secret);
        String sentinelRefresh = realm.realm.url() + "/sentinel/api/v1.0/auth/refreshToken";
        HttpResult foreign = Http.get(sentinelRefresh, Http.bearer(apiToken));
        assertThat(foreign.status()).as("another client's token " + foreign).isEqualTo(401);

        // the sentinel and auth clients with the grant switched on: their own refresh routes refuse
        for (String clientId : List.of("sentinel", "auth-service")) {
            realm.realm.putClientAttributes(clientId, attributes -> attributes.put("platform-auth.entity-token.grant.enabled", "true"));
        }
        String sentinelToken = grant(secret, "sentinel", null).get("access_token").asText();
        HttpResult refused = Http.get(sentinelRefresh, Http.bearer(sentinelToken));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("forbidden");
        String authServiceToken = grant(secret, "auth-service", null).get("access_token").asText();
        for (String version : List.of("/auth-service/api/v2", "/auth-service/api")) {
            HttpResult refreshed = Http.postJson(realm.realm.url() + version + "/users/refresh-access-token", "",
                    Http.bearer(authServiceToken));
            assertThat(refreshed.status()).as(version + " " + refreshed).isEqualTo(403);
            assertThat(refreshed.json().get("error").asText()).isEqualTo("forbidden");
        }
        assertThat(realm.realm.awaitEvents("REFRESH_TOKEN_ERROR", Duration.ofSeconds(10)))
                .anySatisfy(event -> assertThat(event.getUserId()).isEqualTo(realm.alice));
        assertLive(apiToken, "the grant token itself, refused a refresh");
    }
}
