package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** Expired auth tokens never refresh once their session ended: logout, revocation, a password change, a disabled user. */
class AuthTokenEndsIT extends AuthTokenLifetimesFixture {

    @Test
    @DisplayName("given a user who logged out when the expired token of that session asks to be refreshed then 401")
    void afterLogout() {
        Account user = users.create("logged-out");
        JsonNode tokens = tokens(AuthServiceCalls.V2, user);
        HttpResult logout = Http.postForm(realm.url() + "/protocol/openid-connect/logout", Map.of(
                "client_id", TestRealm.AUTH_CLIENT, "refresh_token", tokens.get("refresh_token").asText()), Map.of());
        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
        String token = tokens.get("access_token").asText();
        awaitExpired(token);
        assertBothRefuse(token);
    }

    @Test
    @DisplayName("given an auth token revoked at Keycloak's revocation endpoint when it asks to be refreshed, before "
            + "and long after its expiry, then 401 each time while its session lives on")
    void afterRevocation() {
        Account user = users.create("revoked");
        String token = tokens(AuthServiceCalls.V2, user).get("access_token").asText();
        HttpResult revoked = Http.postForm(realm.url() + "/protocol/openid-connect/revoke",
                Map.of("client_id", TestRealm.AUTH_CLIENT, "token", token, "token_type_hint", "access_token"), Map.of());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertRefused(refresh(AuthServiceCalls.V2, token), INVALID);
        // Keycloak keeps its own record of a revoked access token for at least 10 seconds, until the
        // token expires: past that, only the refresh routes' own record refuses the token
        Instant keycloakForgets = Instant.now().plusSeconds(12);
        Polling.await(Instant::now, now -> now.isAfter(keycloakForgets), Duration.ofSeconds(20),
                "the end of Keycloak's own revocation record");
        assertBothRefuse(token);
        assertThat(sessionAlive(user, Jwt.payload(token).get("sid").asText())).as("session still alive").isTrue();
    }

    @Test
    @DisplayName("given two sessions of a user when the password is changed in one then the other's expired token is "
            + "refused (401) and the changing session's is refreshed")
    void afterPasswordChange() {
        Account user = users.create("password-changed");
        String other = tokens(AuthServiceCalls.V2, user).get("access_token").asText();
        String own = tokens(AuthServiceCalls.V2, user).get("access_token").asText();
        HttpResult changed = Http.patchJson(realm.url() + AuthServiceCalls.V2 + "/users/me/password",
                "{\"current_password\":\"" + user.password() + "\",\"new_password\":\"" + user.password() + "-new\"}",
                Http.bearer(own));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        awaitExpired(other);
        assertBothRefuse(other);
        HttpResult kept = refresh(AuthServiceCalls.V2, own);
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
    }

    @Test
    @DisplayName("given a user disabled by an admin when the user's expired token asks to be refreshed then 401")
    void afterDisable() {
        Account user = users.create("disabled");
        String token = tokens(AuthServiceCalls.V2, user).get("access_token").asText();
        String sentinel = users.sentinelToken(user);
        UserRepresentation rep = realm.resource().users().get(user.id()).toRepresentation();
        rep.setEnabled(false);
        realm.resource().users().get(user.id()).update(rep);
        awaitExpired(token);
        awaitExpired(sentinel);
        assertBothRefuse(token);
        assertThat(sentinelRefresh(sentinel).status()).isEqualTo(401);
    }
}
