package dev.platformauth.it.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;

import static dev.platformauth.it.support.RealmUsers.assertForbidden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entity tokens are lasting credentials: a login-as session may read and revoke them but not create,
 * change or rotate one, and a user manager mints them only for users within login-as containment
 * (never a realm admin, a holder of a role he lacks or a service account), against the real
 * Keycloak. The admin events name the real caller, and sessions of the entity-token grant mint
 * nothing either. See docs/security.md.
 */
@KeycloakIntegrationTest
class EntityTokenBoundaryIT {

    private static final String SENTINEL = "sentinel";
    private static final String SERVICE_CLIENT = "reporting-api";

    private final KeycloakServer keycloak;
    private final MailServer mail;
    private EntityRealm realm;
    private RealmUsers users;

    EntityTokenBoundaryIT(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
    }

    @BeforeEach
    void createRealm() {
        realm = EntityRealm.create(keycloak, mail, "entity-boundary");
        users = new RealmUsers(realm.realm);
        realm.realm.resource().clients().create(sentinelClient()).close();
        realm.realm.resource().clients().create(RealmUsers.serviceAccountClient(SERVICE_CLIENT)).close();
    }

    @AfterEach
    void deleteRealm() {
        realm.close();
    }

    /** The public client the sentinel API acts as (login-as lives there). */
    private static ClientRepresentation sentinelClient() {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(SENTINEL);
        client.setEnabled(true);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setAttributes(Map.of("platform-auth.entity-token.grant.enabled", "true"));
        return client;
    }

    /** A new user, member of acme, with the password the tests sign in with. */
    private Account acmeMember(String prefix) {
        Account user = users.create(prefix);
        join(user.id());
        return user;
    }

    private void join(String userId) {
        try (Response response = realm.realm.resource().organizations().get(realm.acme).members().addMember(userId)) {
            assertThat(response.getStatus()).as("add member").isEqualTo(201);
        }
    }

    private String token(Account user) {
        return users.passwordGrant(TestRealm.AUTH_CLIENT, user, null).get("access_token").asText();
    }

    private String url(String userId) {
        return realm.tokenUrl(realm.acme, userId);
    }

    private List<AdminEventRepresentation> tokenEvents(String userId, String operation) {
        return Polling.await(() -> realm.realm.adminEvents().stream()
                        .filter(event -> "PLATFORM_AUTH_ENTITY_TOKEN".equals(event.getResourceType())
                                && operation.equals(event.getOperationType())
                                && event.getResourcePath().endsWith("/users/" + userId + "/authentication-token"))
                        .toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(20), operation + " admin event of the token of " + userId);
    }

    @Test
    @DisplayName("given a login-as session of a member when it creates, changes or rotates her token then 403; it may read "
            + "and revoke it, and the revocation's admin event names the agent")
    void loginAsMintsNothing() {
        Account agent = users.grantClientRole(users.create("agent"), "realm-management", "impersonation");
        Account member = acmeMember("member");
        String loginAs = users.loginAsToken(agent, member);

        assertForbidden(realm.create(realm.acme, member.id(), loginAs), "A login-as session cannot create entity tokens");
        assertThat(Http.get(url(member.id()), Http.bearer(loginAs)).status()).as("nothing was created").isEqualTo(404);

        HttpResult own = realm.create(realm.acme, member.id(), token(member));
        assertThat(own.status()).as("signed in herself: " + own).isEqualTo(201);
        String secret = own.json().get("authenticationToken").asText();
        String expiry = "2099-01-01T00:00:00Z";
        assertThat(Http.patchJson(url(member.id()), "{\"expiry\":\"" + expiry + "\"}", Http.bearer(token(member))).status())
                .isEqualTo(200);

        assertForbidden(Http.patchJson(url(member.id()), "{\"expiry\":null}", Http.bearer(loginAs)),
                "A login-as session cannot change entity tokens");
        assertForbidden(Http.postJson(url(member.id()) + "/refresh", "{\"authenticationToken\":\"" + secret + "\"}",
                Http.bearer(loginAs)), "A login-as session cannot rotate entity tokens");
        HttpResult read = Http.get(url(member.id()), Http.bearer(loginAs));
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().get("expiry").asText()).as("the expiry stays").isEqualTo(expiry);
        assertThat(realm.active(secret)).as("the secret was not rotated away").isTrue();

        HttpResult revoked = Http.delete(url(member.id()), Http.bearer(loginAs));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(realm.active(secret)).isFalse();
        AdminEventRepresentation delete = tokenEvents(member.id(), "DELETE").get(0);
        assertThat(delete.getAuthDetails().getUserId()).isEqualTo(member.id());
        assertThat(delete.getDetails()).containsEntry("impersonator_id", agent.id());
    }

    @Test
    @DisplayName("given a user manager when he creates, changes or rotates the token of a realm admin, a holder of a role "
            + "he lacks or a service account then 403; a plain member's works and its events name him")
    void managerContainment() {
        Account manager = users.grantClientRole(users.create("manager"), "realm-management", "manage-users");
        String managerToken = token(manager);
        Account root = users.grantClientRole(acmeMember("root"), "realm-management", "realm-admin");
        Account agent = users.grantClientRole(acmeMember("agent"), "realm-management", "impersonation");
        Account payroll = users.grantRealmRole(acmeMember("payroll"), "payroll");
        for (Account target : List.of(root, agent, payroll)) {
            assertForbidden(realm.create(realm.acme, target.id(), managerToken), "role the caller does not hold");
        }
        String serviceAccount = users.serviceAccountId(SERVICE_CLIENT);
        join(serviceAccount);
        assertForbidden(realm.create(realm.acme, serviceAccount, managerToken), "service account");

        // the realm admin's own token: a user manager may see and revoke it, but neither rotate nor change it
        String rootSecret = realm.create(realm.acme, root.id(), token(root)).json().get("authenticationToken").asText();
        assertForbidden(Http.postJson(url(root.id()) + "/refresh", "{\"authenticationToken\":\"" + rootSecret + "\"}",
                Http.bearer(managerToken)), "role the caller does not hold");
        assertForbidden(Http.patchJson(url(root.id()), "{\"flags\":[\"admin\"]}", Http.bearer(managerToken)),
                "role the caller does not hold");
        assertThat(realm.active(rootSecret)).isTrue();
        assertThat(Http.get(url(root.id()), Http.bearer(managerToken)).status()).isEqualTo(200);

        String memberId = realm.alice;
        HttpResult created = realm.create(realm.acme, memberId, managerToken);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.json().get("authenticationToken").asText();
        HttpResult rotated = Http.postJson(url(memberId) + "/refresh", "{\"authenticationToken\":\"" + secret + "\"}",
                Http.bearer(managerToken));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String authServiceId = users.clientUuid(TestRealm.AUTH_CLIENT);
        for (String operation : List.of("CREATE", "ACTION")) {
            AdminEventRepresentation event = tokenEvents(memberId, operation).get(0);
            assertThat(event.getAuthDetails().getUserId()).as("the real caller, not the target").isEqualTo(manager.id());
            assertThat(event.getAuthDetails().getClientId()).isEqualTo(authServiceId);
            assertThat(event.getAuthDetails().getIpAddress()).isEqualTo("127.0.0.1");
            assertThat(event.getDetails() == null ? Map.of() : event.getDetails()).doesNotContainKey("impersonator_id");
        }
    }

    @Test
    @DisplayName("given an access token of the entity-token grant at the sentinel client when it asks sentinel's "
            + "refreshToken for a fresh one then 403: the grant's sessions are no full sign-ins")
    void grantSessionsMintNothing() {
        String secret = realm.create(realm.acme, realm.alice, realm.accessToken("alice")).json().get("authenticationToken").asText();
        HttpResult granted = Http.postForm(realm.realm.tokenEndpoint(), Map.of("grant_type", EntityRealm.GRANT,
                "entity_token", secret, "client_id", SENTINEL), Map.of());
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        String grantToken = granted.json().get("access_token").asText();

        assertForbidden(Http.get(realm.realm.url() + RealmUsers.SENTINEL_API + "/refreshToken", Http.bearer(grantToken)),
                "A session opened with an entity token cannot refresh its tokens");
        HttpResult signIn = Http.postForm(realm.realm.tokenEndpoint(), Map.of("grant_type", "password",
                "client_id", SENTINEL, "username", "alice", "password", EntityRealm.PASSWORD), Map.of());
        assertThat(signIn.status()).as(signIn.toString()).isEqualTo(200);
        HttpResult signedIn = Http.get(realm.realm.url() + RealmUsers.SENTINEL_API + "/refreshToken",
                Http.bearer(signIn.json().get("access_token").asText()));
        assertThat(signedIn.status()).as("a full sign-in may: " + signedIn).isEqualTo(200);
    }

    @Test
    @DisplayName("given a realm admin when he creates another realm admin's token then 201: peers reach each other")
    void realmAdminsReachPeers() {
        Account root = users.grantClientRole(acmeMember("root"), "realm-management", "realm-admin");
        Account otherRoot = users.grantClientRole(acmeMember("root"), "realm-management", "realm-admin");
        HttpResult created = realm.create(realm.acme, otherRoot.id(), token(root));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode token = created.json();
        assertThat(token.get("userId").asText()).isEqualTo(otherRoot.id());
    }
}
