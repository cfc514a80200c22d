package dev.platformauth.it.okta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.OktaHookRequests;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The Okta token hook: which account a request enriches, and which it must not. */
class OktaTokenHookIT extends OktaHookFixture {

    @HappyPath
    @Test
    @DisplayName("given a user linked to the Okta user when Okta calls then organizations, roles and terms version go into both tokens")
    void linkedByFederatedIdentity() {
        Account account = account(true);
        String oktaId = oktaUserId();
        linkToOkta(account, oktaId);
        try (Response response = realm.resource().organizations().get(northstarId).members().addMember(account.id())) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
        realm.resource().users().get(account.id()).roles().realmLevel()
                .add(List.of(realm.resource().roles().get("teacher").toRepresentation()));
        UserRepresentation user = realm.resource().users().get(account.id()).toRepresentation();
        user.setAttributes(new HashMap<>(Map.of(TERMS, List.of("2024-09"))));
        realm.resource().users().get(account.id()).update(user);

        // the Okta profile's email differs: the link decides
        HttpResult result = hook(OktaHookRequests.tokensTransform(oktaId, "terry.t@okta-only.test"));
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.header("Cache-Control")).contains("no-store");
        JsonNode answer = result.json();
        assertThat(answer.get("commands")).hasSize(2);
        assertThat(answer.at("/commands/0/type").asText()).isEqualTo("com.okta.access.patch");
        assertThat(answer.at("/commands/1/type").asText()).isEqualTo("com.okta.identity.patch");
        for (String type : List.of("com.okta.access.patch", "com.okta.identity.patch")) {
            Map<String, JsonNode> claims = added(answer, type);
            assertThat(claims).containsOnlyKeys("organizations", "roles", "terms_version");
            assertThat(claims.get("organizations")).hasSize(1);
            assertThat(claims.get("organizations").get(0).get("id").asText()).isEqualTo(northstarId);
            assertThat(claims.get("organizations").get(0).get("alias").asText()).isEqualTo("northstar");
            List<String> roles = new ArrayList<>();
            claims.get("roles").forEach(role -> roles.add(role.asText()));
            assertThat(roles).contains("teacher", "default-roles-" + realm.name()).doesNotContain("admin");
            assertThat(claims.get("terms_version").asText()).isEqualTo("2024-09");
        }

        // disabled: never enriched
        user.setEnabled(false);
        realm.resource().users().get(account.id()).update(user);
        assertNoCommands(hook(OktaHookRequests.tokensTransform(oktaId, account.email())));
    }

    @Test
    @DisplayName("given no link when Okta vouches for the email of an account Keycloak verified then that account is enriched; "
            + "unverified in Keycloak or linked elsewhere is not")
    void byVerifiedEmail() {
        Account verified = account(true);
        HttpResult result = hook(OktaHookRequests.tokensTransform(oktaUserId(), verified.email()));
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        Map<String, JsonNode> claims = added(result.json(), "com.okta.access.patch");
        assertThat(claims).containsOnlyKeys("organizations", "roles"); // no terms accepted yet
        assertThat(claims.get("organizations")).isEmpty();

        Account unverified = account(false);
        assertNoCommands(hook(OktaHookRequests.tokensTransform(oktaUserId(), unverified.email())));

        Account linkedElsewhere = account(true);
        linkToOkta(linkedElsewhere, oktaUserId());
        assertNoCommands(hook(OktaHookRequests.tokensTransform(oktaUserId(), linkedElsewhere.email())));
    }

    @Test
    @DisplayName("given an Okta user whose profile login or unverified ID-token email names another account's address "
            + "when Okta calls then that account's organizations and roles never reach the Okta tokens")
    void unprovenAddressesMatchNothing() {
        Account victim = account(true);
        try (Response response = realm.resource().organizations().get(northstarId).members().addMember(victim.id())) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
        realm.resource().users().get(victim.id()).roles().realmLevel()
                .add(List.of(realm.resource().roles().get("teacher").toRepresentation()));
        String attacker = oktaUserId();

        // an Okta login is chosen by its owner (or an Okta admin) and proves nothing about the address
        assertNoCommands(hook(OktaHookRequests.accessOnly(attacker, victim.email())));
        assertNoCommands(hook(OktaHookRequests.tokensTransform(attacker, victim.email(), "attacker-" + attacker + "@elsewhere.test", true)));
        // the ID token names the address but Okta does not say it verified it: absent, false or not a boolean
        assertNoCommands(hook(OktaHookRequests.tokensTransform(attacker, victim.email(), victim.email(), null)));
        assertNoCommands(hook(OktaHookRequests.tokensTransform(attacker, victim.email(), victim.email(), false)));
        assertNoCommands(hook(OktaHookRequests.tokensTransform(attacker, victim.email(), victim.email(), null)
                .replace("\"ver\": 1", "\"email_verified\": \"true\", \"ver\": 1")));

        // the owner of the address, verified by Okta, is enriched
        HttpResult proven = hook(OktaHookRequests.tokensTransform(attacker, "terry@okta-login.test", victim.email(), true));
        assertThat(proven.status()).as(proven.toString()).isEqualTo(200);
        Map<String, JsonNode> claims = added(proven.json(), "com.okta.access.patch");
        assertThat(claims.get("organizations").findValuesAsText("id")).containsExactly(northstarId);
        assertThat(claims.get("roles").toString()).contains("teacher");
    }

    @Test
    @DisplayName("given an unknown Okta user when Okta calls then 200 with no commands")
    void unknownUser() {
        assertNoCommands(hook(OktaHookRequests.tokensTransform(oktaUserId(), "nobody-" + UUID.randomUUID() + "@" + DOMAIN)));
    }
}
