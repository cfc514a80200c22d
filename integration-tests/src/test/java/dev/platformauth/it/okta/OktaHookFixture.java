package dev.platformauth.it.okta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.sso.SsoOktaFixture;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm and helpers of {@link OktaHookConfigIT}, {@link OktaTokenHookIT}.
 *
 * The sentinel API's {@code enrichToken}: Okta's token inline hook, answered in Okta's {@code commands} format.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OktaHookFixture extends SsoOktaFixture {

    Account account(boolean emailVerified) {
        Account account = Account.create(realm, "o", DOMAIN);
        String id = account.id();
        if (!emailVerified) {
            UserRepresentation user = realm.resource().users().get(id).toRepresentation();
            user.setEmailVerified(false);
            realm.resource().users().get(id).update(user);
        }
        return account;
    }

    void linkToOkta(Account account, String oktaUserId) {
        realm.linkIdentity(account.id(), "okta", oktaUserId, account.email());
    }

    static String oktaUserId() {
        return "00u" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
    }

    HttpResult hook(String body, Map<String, String> headers) {
        return Http.postJson(url("/enrichToken"), body, headers);
    }

    HttpResult hook(String body) {
        return hook(body, Map.of("Authorization", HOOK_SECRET));
    }

    /** The claims added by the command of {@code type}, by name. */
    static Map<String, JsonNode> added(JsonNode answer, String type) {
        Map<String, JsonNode> claims = new HashMap<>();
        for (JsonNode command : answer.get("commands")) {
            if (command.get("type").asText().equals(type)) {
                for (JsonNode op : command.get("value")) {
                    assertThat(op.get("op").asText()).isEqualTo("add");
                    assertThat(op.get("path").asText()).startsWith("/claims/");
                    claims.put(op.get("path").asText().substring("/claims/".length()), op.get("value"));
                }
            }
        }
        return claims;
    }

    static void assertNoCommands(HttpResult result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.json().get("commands").isArray()).isTrue();
        assertThat(result.json().get("commands")).isEmpty();
    }
}
