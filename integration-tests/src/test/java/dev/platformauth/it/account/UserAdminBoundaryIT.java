package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static dev.platformauth.it.support.RealmUsers.assertForbidden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privilege boundaries of {@code PATCH users/{id}} and {@code users/me/password} against the real
 * Keycloak: the {@code superuser} role manages plain users and its peers only, every admin obeys
 * login-as containment, and a login-as session (here Keycloak's own impersonation, then a sign-in at
 * auth-service) changes no password and no account. See docs/security.md.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserAdminBoundaryIT {

    private static final String SERVICE_CLIENT = "reporting-api";

    private TestRealm realm;
    private RealmUsers users;
    private AuthServiceCalls api;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.builder(keycloak, mail, "user-admin-boundary")
            .customize(rep -> RealmUsers.addClient(rep, RealmUsers.serviceAccountClient(SERVICE_CLIENT)))
            .create());

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = REALM.get();
        users = new RealmUsers(realm);
        api = new AuthServiceCalls(realm);
    }

    private String token(Account user) {
        return users.passwordGrant(TestRealm.AUTH_CLIENT, user, null).get("access_token").asText();
    }

    private HttpResult patch(String token, String userId, String body) {
        return Http.patchJson(api.url("/users/" + userId), body, Http.bearer(token));
    }

    private Account superuser() {
        return users.grantRealmRole(users.create("super"), "superuser");
    }

    @Test
    @DisplayName("given a superuser when she sets the password or email of a realm admin, a manage-users or impersonation "
            + "holder or a service account then 403 and nothing changes")
    void superuserCannotTakeOverAdmins() {
        String token = token(superuser());
        Account realmAdmin = users.grantClientRole(users.create("root"), "realm-management", "realm-admin");
        Account manager = users.grantClientRole(users.create("manager"), "realm-management", "manage-users");
        Account agent = users.grantClientRole(users.create("agent"), "realm-management", "impersonation");
        String serviceAccount = users.serviceAccountId(SERVICE_CLIENT);
        realm.clearEvents();
        for (Account target : List.of(realmAdmin, manager, agent)) {
            assertForbidden(patch(token, target.id(), "{\"password\":\"taken-over-password-1\"}"), "role the caller does not hold");
            assertForbidden(patch(token, target.id(), "{\"email\":\"attacker-" + target.username() + "@example.test\"}"),
                    "role the caller does not hold");
            assertForbidden(patch(token, target.id(), "{\"is_active\":false}"), "role the caller does not hold");
            assertThat(api.login(target.username(), target.password()).status()).as("password of " + target.username())
                    .isEqualTo(200);
            UserRepresentation unchanged = realm.resource().users().get(target.id()).toRepresentation();
            assertThat(unchanged.getEmail()).isEqualTo(target.email());
            assertThat(unchanged.isEnabled()).isTrue();
        }
        assertForbidden(patch(token, serviceAccount, "{\"full_name\":\"Taken Over\"}"), "service account");
        assertThat(realm.adminEvents()).as("admin events of the refused updates (written with the request)").isEmpty();
    }

    @Test
    @DisplayName("given a superuser when she updates a plain user or another superuser then 200, and the admin events "
            + "name her, her client and her address")
    void superuserManagesPlainUsersAndPeers() {
        Account admin = superuser();
        String token = token(admin);
        Account plain = users.create("plain");
        Account peer = superuser();
        realm.clearEvents();

        HttpResult updated = patch(token, plain.id(), "{\"full_name\":\"Plain Person\",\"password\":\"a-new-password-7\"}");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(api.login(plain.username(), "a-new-password-7").status()).isEqualTo(200);
        HttpResult peerUpdated = patch(token, peer.id(), "{\"full_name\":\"Peer Person\"}");
        assertThat(peerUpdated.status()).as(peerUpdated.toString()).isEqualTo(200);

        List<AdminEventRepresentation> events = Polling.await(() -> realm.adminEvents().stream()
                        .filter(event -> event.getResourcePath() != null && event.getResourcePath().startsWith("users/" + plain.id()))
                        .toList(),
                found -> found.size() >= 2, Duration.ofSeconds(20), "the admin events of the update");
        String authServiceId = users.clientUuid(TestRealm.AUTH_CLIENT);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getAuthDetails().getUserId()).as("the real caller, not the target").isEqualTo(admin.id());
            assertThat(event.getAuthDetails().getClientId()).isEqualTo(authServiceId);
            assertThat(event.getAuthDetails().getIpAddress()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    @DisplayName("given a manage-users holder when he updates a superuser or a realm admin then 403; a plain user 200; "
            + "a realm admin reaches another realm admin")
    void managersAreContainedToo() {
        String manager = token(users.grantClientRole(users.create("manager"), "realm-management", "manage-users"));
        Account superuser = superuser();
        Account realmAdmin = users.grantClientRole(users.create("root"), "realm-management", "realm-admin");
        assertForbidden(patch(manager, superuser.id(), "{\"password\":\"taken-over-password-2\"}"), "role the caller does not hold");
        assertForbidden(patch(manager, realmAdmin.id(), "{\"full_name\":\"Taken Over\"}"), "role the caller does not hold");
        assertThat(patch(manager, users.create("plain").id(), "{\"full_name\":\"Fine Then\"}").status()).isEqualTo(200);

        String root = token(users.grantClientRole(users.create("root"), "realm-management", "realm-admin"));
        HttpResult peer = patch(root, realmAdmin.id(), "{\"full_name\":\"Fellow Admin\"}");
        assertThat(peer.status()).as(peer.toString()).isEqualTo(200);
    }

    @Test
    @DisplayName("given a manage-users holder without the superuser role when he grants or revokes is_superuser, or creates a "
            + "superuser, then 403 and nothing changes; a superuser may; sending the current value is no change")
    void onlySuperusersMakeSuperusers() {
        String manager = token(users.grantClientRole(users.create("manager"), "realm-management", "manage-users"));
        Account plain = users.create("plain");
        HttpResult granted = patch(manager, plain.id(), "{\"is_superuser\":true,\"full_name\":\"Not Applied\"}");
        assertThat(granted.status()).as(granted.toString()).isEqualTo(403);
        assertThat(granted.body()).contains("The user doesn't have enough privileges");
        assertThat(Http.get(api.url("/users/" + plain.id()), Http.bearer(manager)).json().path("full_name").asText())
                .as("nothing of the refused PATCH applied").isNotEqualTo("Not Applied");
        assertThat(realm.resource().users().get(plain.id()).roles().realmLevel().listEffective())
                .noneMatch(role -> role.getName().equals("superuser"));
        assertThat(patch(manager, plain.id(), "{\"is_superuser\":false}").status()).as("the current value: no change").isEqualTo(200);

        String email = "made-" + System.nanoTime() + "@example.test";
        HttpResult created = Http.postJson(api.url("/users/"), "{\"email\":\"" + email + "\",\"password\":\"made-secret-9\","
                + "\"is_superuser\":true}", Http.bearer(manager));
        assertThat(created.status()).as(created.toString()).isEqualTo(403);
        assertThat(realm.resource().users().searchByEmail(email, true)).as("no account created").isEmpty();

        String superuser = token(superuser());
        Account promoted = users.create("promoted");
        HttpResult byPeer = patch(superuser, promoted.id(), "{\"is_superuser\":true}");
        assertThat(byPeer.status()).as(byPeer.toString()).isEqualTo(200);
        assertThat(byPeer.json().path("is_superuser").asBoolean()).isTrue();
        assertForbidden(patch(manager, promoted.id(), "{\"is_superuser\":false}"), "role the caller does not hold");
    }

    @Test
    @DisplayName("given a login-as session of a superuser at auth-service when it updates a user or changes its own "
            + "password then 403, with an UPDATE_PASSWORD_ERROR event, and nothing changes")
    void loginAsSessionsChangeNothing(KeycloakServer keycloak) {
        Account superuser = superuser();
        Account plain = users.create("plain");
        JsonNode impersonated = users.impersonatedAuthServiceTokens(keycloak, superuser);
        String token = impersonated.get("access_token").asText();

        assertForbidden(patch(token, plain.id(), "{\"password\":\"taken-over-password-3\"}"), "login-as session");
        assertForbidden(patch(token, superuser.id(), "{\"email\":\"new-" + superuser.email() + "\"}"), "login-as session");
        assertThat(api.login(plain.username(), plain.password()).status()).isEqualTo(200);

        HttpResult own = api.changePassword(token, superuser.password(), "chosen-by-the-agent-4");
        assertForbidden(own, "A login-as session cannot change the password");
        assertThat(api.login(superuser.username(), superuser.password()).status()).isEqualTo(200);
        EventRepresentation error = Polling.await(() -> realm.events("UPDATE_PASSWORD_ERROR").stream()
                        .filter(event -> superuser.id().equals(event.getUserId())).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(20), "UPDATE_PASSWORD_ERROR of the login-as session").get(0);
        assertThat(error.getError()).isEqualTo("not_allowed");
        assertThat(error.getDetails()).containsEntry("reason", "login-as session");

        // the same user, signed in herself, may
        HttpResult signedIn = patch(token(superuser), plain.id(), "{\"full_name\":\"Changed Herself\"}");
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        assertThat(api.changePassword(token(superuser), superuser.password(), "chosen-by-herself-5").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("given a login-as session at auth-service when tokens are issued then its platform token lives no longer "
            + "than its access token and names the impersonator in act, and the refresh route refuses the session")
    void loginAsPlatformTokenStaysShort(KeycloakServer keycloak) {
        Account target = users.create("impersonated");
        String masterAdmin = keycloak.admin().realm("master").users().search("admin", true).get(0).getId();
        JsonNode impersonated = users.impersonatedAuthServiceTokens(keycloak, target);

        long accessExpiresIn = impersonated.get("expires_in").asLong();
        assertThat(impersonated.get("platform_expires_in").asLong()).isBetween(1L, accessExpiresIn);
        JsonNode platform = Jwt.payload(impersonated.get("platform_access_token").asText());
        assertThat(platform.get("sub").asText()).isEqualTo(target.id());
        assertThat(platform.path("act").path("sub").asText()).isEqualTo(masterAdmin);
        assertThat(platform.get("exp").asLong() - platform.get("iat").asLong()).isLessThanOrEqualTo(accessExpiresIn);

        assertForbidden(api.refresh(impersonated.get("access_token").asText()), "A login-as session cannot refresh its tokens");
        // a normal sign-in of the same user keeps the configured lifetime and has no act
        JsonNode own = users.passwordGrant(TestRealm.AUTH_CLIENT, target, null);
        assertThat(own.get("platform_expires_in").asLong()).isEqualTo(604_800L);
        assertThat(Jwt.payload(own.get("platform_access_token").asText()).has("act")).isFalse();
    }
}
