package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may use a role that grants a power, against the real Keycloak. A caller's role counts only where
 * the token's client has it in its scope, as in Keycloak's admin API: a client set to a limited scope
 * cannot use the token of a user manager or a superuser for the API's permissions (the attack: a relying
 * party that receives such a token, which Keycloak's admin API refuses, uses it at the sentinel or users
 * API instead). And the settings that name those roles (the superuser role, the login-as role) are realm
 * attributes, which need {@code manage-realm} (the attack: a holder of {@code manage-clients} names a
 * role they hold on the {@code auth-service} or {@code sentinel} client, to administer every plain user).
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolePowersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HELD_ROLE = "support";

    private TestRealm realm;
    private RealmUsers users;
    private AuthServiceCalls api;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "client-scope",
            rep -> {
            }));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = REALM.get();
        users = new RealmUsers(realm);
        api = new AuthServiceCalls(realm);
    }

    private ClientResource client(String clientId) {
        return realm.resource().clients().get(users.clientUuid(clientId));
    }

    private void fullScope(String clientId, boolean full) {
        ClientRepresentation rep = client(clientId).toRepresentation();
        rep.setFullScopeAllowed(full);
        client(clientId).update(rep);
    }

    private void mapRealmManagementRoles(String clientId, String... roles) {
        String realmManagement = users.clientUuid("realm-management");
        List<RoleRepresentation> reps = java.util.Arrays.stream(roles)
                .map(role -> realm.resource().clients().get(realmManagement).roles().get(role).toRepresentation()).toList();
        client(clientId).getScopeMappings().clientLevel(realmManagement).add(reps);
    }

    private Account disabledAccount() {
        Account account = users.create("associated");
        UserRepresentation rep = realm.resource().users().get(account.id()).toRepresentation();
        rep.setEnabled(false);
        realm.resource().users().get(account.id()).update(rep);
        return account;
    }

    private HttpResult activate(String token, Account associated) {
        return Http.postJson(realm.url() + SentinelRealm.API + "/setAssociatedAccountPassword",
                "{\"username\":\"" + associated.username() + "\",\"password\":\"Temp-Password-9\"}", Http.bearer(token));
    }

    /** The sentinel API's 403 {@code forbidden} (its errors have no FastAPI {@code detail}). */
    private static void assertForbidden(HttpResult result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(403);
        assertThat(result.json().path("error").asText()).as(result.toString()).isEqualTo("forbidden");
    }

    @Test
    @DisplayName("attack: the sentinel client without realm-management in its scope: a user manager's token activates no "
            + "associated account and starts no login-as (403); once the client's scope maps the roles, both work")
    void sentinelRoutes() {
        Account manager = users.grantClientRole(users.grantClientRole(users.create("manager"), "realm-management", "manage-users"),
                "realm-management", "impersonation");
        Account target = users.create("target");
        Account associated = disabledAccount();
        fullScope(SentinelRealm.CLIENT, false);
        try {
            String limited = users.sentinelToken(manager);
            assertForbidden(activate(limited, associated));
            assertThat(realm.resource().users().get(associated.id()).toRepresentation().isEnabled()).isFalse();
            assertForbidden(users.loginAs(limited, target.username()));

            mapRealmManagementRoles(SentinelRealm.CLIENT, "manage-users", "impersonation");
            String scoped = users.sentinelToken(manager);
            HttpResult activated = activate(scoped, associated);
            assertThat(activated.status()).as(activated.toString()).isEqualTo(204);
            HttpResult loginAs = users.loginAs(scoped, target.username());
            assertThat(loginAs.status()).as(loginAs.toString()).isEqualTo(200);
        } finally {
            fullScope(SentinelRealm.CLIENT, true);
        }
    }

    @Test
    @DisplayName("attack: the auth-service client without the superuser role in its scope: a superuser's token lists and "
            + "updates no users (403); once the client's scope maps the role, it does")
    void usersApi() {
        Account superuser = users.create("super");
        api.grantRealmRole(superuser, "superuser");
        Account target = users.create("target");
        fullScope(TestRealm.AUTH_CLIENT, false);
        try {
            String limited = api.accessToken(superuser);
            FastApiErrors.assertError(Http.get(api.url("/users/"), Http.bearer(limited)), 403, "forbidden",
                    "The user doesn't have enough privileges");
            FastApiErrors.assertError(Http.patchJson(api.url("/users/" + target.id()), "{\"full_name\":\"Taken Over\"}",
                    Http.bearer(limited)), 403, "forbidden", "The user doesn't have enough privileges");
            assertThat(realm.resource().users().get(target.id()).toRepresentation().getLastName()).isNotEqualTo("Over");

            client(TestRealm.AUTH_CLIENT).getScopeMappings().realmLevel()
                    .add(List.of(realm.resource().roles().get("superuser").toRepresentation()));
            String scoped = api.accessToken(superuser);
            HttpResult listed = Http.get(api.url("/users/"), Http.bearer(scoped));
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            HttpResult updated = Http.patchJson(api.url("/users/" + target.id()), "{\"full_name\":\"Renamed Fine\"}",
                    Http.bearer(scoped));
            assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        } finally {
            fullScope(TestRealm.AUTH_CLIENT, true);
        }
    }

    /** A holder of realm-management manage-clients and of the realm role {@value #HELD_ROLE}. */
    private Account clientManager() {
        Account manager = users.grantClientRole(users.create("client-manager"), "realm-management", "manage-clients");
        return users.grantRealmRole(manager, HELD_ROLE);
    }

    /** Sets the client attribute through Keycloak's admin API with {@code account}'s own admin token; 204 asserted. */
    private void setClientAttribute(Account account, String clientId, String name, String value) throws Exception {
        HttpResult login = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", account.username(), "password", account.password()), Map.of());
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        Map<String, String> bearer = Http.bearer(login.json().get("access_token").asText());
        String url = realm.url().replace("/realms/", "/admin/realms/") + "/clients/" + users.clientUuid(clientId);
        HttpResult current = Http.get(url, bearer);
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        ObjectNode client = (ObjectNode) current.json();
        client.with("attributes").put(name, value);
        HttpResult updated = Http.request("PUT", url, "application/json",
                JSON.writeValueAsString(client).getBytes(StandardCharsets.UTF_8), bearer);
        assertThat(updated.status()).as("a client manager may change the client: %s", updated).isEqualTo(204);
    }

    /** {@code call}'s answer while the realm attribute {@code name} names {@value #HELD_ROLE}; the attribute is removed after. */
    private HttpResult withHeldRoleInRealm(String name, java.util.function.Supplier<HttpResult> call) {
        setRealmAttribute(name, HELD_ROLE);
        try {
            return call.get();
        } finally {
            setRealmAttribute(name, null);
        }
    }

    private void setRealmAttribute(String name, String value) {
        realm.update(rep -> {
            Map<String, String> attributes = new HashMap<>(rep.getAttributes() == null ? Map.of() : rep.getAttributes());
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
            rep.setAttributes(attributes);
        });
    }

    @Test
    @DisplayName("attack: a client manager names a role they hold as the superuser role on auth-service: the users API still "
            + "refuses them (403); the same role in the realm attribute makes them a superuser")
    void superuserRoleIsTheRealms() throws Exception {
        Account manager = clientManager();
        Account victim = users.create("victim");
        setClientAttribute(manager, TestRealm.AUTH_CLIENT, "platform-auth.superuser-role", HELD_ROLE);

        HttpResult refused = Http.patchJson(api.url("/users/" + victim.id()), "{\"password\":\"Taken-over-pw-1\"}",
                Http.bearer(api.accessToken(manager)));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(api.login(victim.username(), "Taken-over-pw-1").status()).isEqualTo(400);

        HttpResult renamed = withHeldRoleInRealm("platform-auth.superuser-role", () -> Http.patchJson(
                api.url("/users/" + victim.id()), "{\"full_name\":\"Renamed Fine\"}", Http.bearer(api.accessToken(manager))));
        assertThat(renamed.status()).as("the realm's setting counts: %s", renamed).isEqualTo(200);
    }

    @Test
    @DisplayName("attack: a client manager names a role they hold as the login-as role on sentinel: loginAs still refuses "
            + "them (403); the same role in the realm attribute lets them in")
    void loginAsRoleIsTheRealms() throws Exception {
        Account manager = clientManager();
        Account target = users.create("target");
        setClientAttribute(manager, SentinelRealm.CLIENT, "platform-auth.login-as.role", HELD_ROLE);

        HttpResult refused = users.loginAs(users.sentinelToken(manager), target.username());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);

        HttpResult allowed = withHeldRoleInRealm("platform-auth.login-as.role",
                () -> users.loginAs(users.sentinelToken(manager), target.username()));
        assertThat(allowed.status()).as("the realm's setting counts: %s", allowed).isEqualTo(200);
    }
}
