package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.SentinelRealm;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The sentinel API's {@code loginAs}. */
class SentinelLoginAsIT extends SentinelAuthFixture {

    @Nested
    @DisplayName("loginAs")
    class LoginAsTests {

        private Account impersonator() {
            Account caller = Account.create(realm, "s");
            grantClientRole(caller, "realm-management", "impersonation");
            return caller;
        }

        @HappyPath
        @Test
        @DisplayName("an impersonation holder gets the target's short token with act={sub: caller}, no refresh, and an IMPERSONATE event")
        void impersonates() throws Exception {
            Account caller = impersonator();
            Account target = Account.create(realm, "s");
            HttpResult result = loginAs(tokenOf(caller), "{\"username\":\"" + target.username() + "\",\"reason\":\"ticket 42\"}");
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            JsonNode body = result.json();
            assertThat(body.path("expiresIn").asInt()).isBetween(1, 900);
            JWTClaimsSet claims = Jwt.verify(body.get("token").asText(), realm.jwksUri());
            assertThat(claims.getSubject()).isEqualTo(target.id());
            assertThat(claims.getJSONObjectClaim("act")).containsEntry("sub", caller.id());
            assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isLessThanOrEqualTo(900_000L);

            EventRepresentation event = realm.awaitEvents("IMPERSONATE", Duration.ofSeconds(10)).stream()
                    .filter(e -> target.id().equals(e.getUserId())).findFirst().orElseThrow();
            assertThat(event.getDetails()).containsEntry("impersonator", caller.username())
                    .containsEntry("impersonator_id", caller.id())
                    .containsEntry("login_as_reason", "ticket 42");

            // the refusal below comes from the impersonator note Keycloak keeps on the session
            var sessions = realm.resource().users().get(target.id()).getUserSessions();
            assertThat(sessions).isNotEmpty();
            assertError(Http.get(url("/refreshToken"), Http.bearer(body.get("token").asText())), 403, "forbidden");
        }

        @Test
        @DisplayName("the lifetime is configurable on the sentinel client")
        void lifetime() throws Exception {
            realm.updateClient(SentinelRealm.CLIENT, client -> {
                Map<String, String> attributes = new java.util.HashMap<>(client.getAttributes());
                attributes.put("platform-auth.login-as.lifetime", "120");
                client.setAttributes(attributes);
            });
            try {
                Account caller = impersonator();
                Account target = Account.create(realm, "s");
                JsonNode body = loginAs(tokenOf(caller), "{\"username\":\"" + target.username() + "\"}").json();
                JWTClaimsSet claims = Jwt.verify(body.get("token").asText(), realm.jwksUri());
                assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isLessThanOrEqualTo(120_000L);
                assertThat(body.path("expiresIn").asInt()).isBetween(1, 120);
            } finally {
                realm.updateClient(SentinelRealm.CLIENT, client -> {
                    Map<String, String> attributes = new java.util.HashMap<>(client.getAttributes());
                    attributes.put("platform-auth.login-as.lifetime", "");
                    client.setAttributes(attributes);
                });
            }
        }

        @Test
        @DisplayName("without the impersonation role: 403 and an IMPERSONATE_ERROR event")
        void withoutRole() {
            Account caller = Account.create(realm, "s");
            Account target = Account.create(realm, "s");
            assertError(loginAs(tokenOf(caller), "{\"username\":\"" + target.username() + "\"}"), 403, "forbidden");
            assertThat(realm.awaitEvents("IMPERSONATE_ERROR", Duration.ofSeconds(10)))
                    .anySatisfy(event -> assertThat(event.getDetails()).containsEntry("impersonator_id", caller.id()));
        }

        @Test
        @DisplayName("never a target holding a role the caller lacks: a realm role, a client role via a group, a realm admin")
        void privilegeContainment() {
            Account caller = impersonator();
            String token = tokenOf(caller);

            Account withRealmRole = Account.create(realm, "s");
            grantRealmRole(withRealmRole, "payroll");
            assertError(loginAs(token, "{\"username\":\"" + withRealmRole.username() + "\"}"), 403, "forbidden");

            Account realmAdmin = Account.create(realm, "s");
            grantClientRole(realmAdmin, "realm-management", "realm-admin");
            assertError(loginAs(token, "{\"username\":\"" + realmAdmin.username() + "\"}"), 403, "forbidden");

            Account viaGroup = Account.create(realm, "s");
            var group = new org.keycloak.representations.idm.GroupRepresentation();
            group.setName("auditors-" + UUID.randomUUID().toString().substring(0, 6));
            String groupId;
            try (Response created = realm.resource().groups().add(group)) {
                groupId = CreatedResponseUtil.getCreatedId(created);
            }
            String rmId = realm.resource().clients().findByClientId("realm-management").get(0).getId();
            realm.resource().groups().group(groupId).roles().clientLevel(rmId)
                    .add(List.of(realm.resource().clients().get(rmId).roles().get("view-events").toRepresentation()));
            realm.resource().users().get(viaGroup.id()).joinGroup(groupId);
            assertError(loginAs(token, "{\"username\":\"" + viaGroup.username() + "\"}"), 403, "forbidden");

            // a caller holding the same role may
            grantRealmRole(caller, "payroll");
            assertThat(loginAs(tokenOf(caller), "{\"username\":\"" + withRealmRole.username() + "\"}").status()).isEqualTo(200);
        }

        @Test
        @DisplayName("a disabled user and the caller are 400, a service account 403; an unknown user is 404")
        void refusedTargets() {
            Account caller = impersonator();
            String token = tokenOf(caller);
            Account disabled = Account.create(realm, "s");
            UserRepresentation rep = realm.resource().users().get(disabled.id()).toRepresentation();
            rep.setEnabled(false);
            realm.resource().users().get(disabled.id()).update(rep);
            assertError(loginAs(token, "{\"username\":\"" + disabled.username() + "\"}"), 400, "invalid_request");
            assertError(loginAs(token, "{\"username\":\"service-account-" + API_CLIENT + "\"}"), 403, "forbidden");
            assertError(loginAs(token, "{\"username\":\"" + caller.username() + "\"}"), 400, "invalid_request");
            assertError(loginAs(token, "{\"username\":\"nobody-at-all\"}"), 404, "not_found");
            assertError(loginAs(token, "{}"), 400, "invalid_request");
            assertError(Http.postJson(url("/loginAs"), "{\"username\":\"x\"}", Map.of()), 401, "invalid_token");
        }
    }
}
