package dev.platformauth.it.loginas;

import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static dev.platformauth.it.support.RealmUsers.assertForbidden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code setAssociatedAccountPassword} and {@code loginAs} obey login-as containment against the real
 * Keycloak: a user manager never sets the password of (and so takes over) a realm admin, an
 * impersonation holder, a holder of any role he lacks or a service account; plain accounts still
 * work, with admin events naming the manager. See docs/security.md, "Acting for another user obeys
 * login-as containment".
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActingForContainmentIT {

    private static final String SERVICE_CLIENT = "reporting-api";

    private TestRealm realm;
    private RealmUsers users;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "acting-for",
            rep -> RealmUsers.addClient(rep, RealmUsers.serviceAccountClient(SERVICE_CLIENT))));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = REALM.get();
        users = new RealmUsers(realm);
    }

    private HttpResult setAssociatedPassword(String token, String username, String password) {
        return Http.postJson(realm.url() + SentinelRealm.API + "/setAssociatedAccountPassword",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", Http.bearer(token));
    }

    private HttpResult signIn(Account user, String password) {
        return Http.postJson(realm.url() + SentinelRealm.API + "/token",
                "{\"username\":\"" + user.username() + "\",\"password\":\"" + password + "\"}", Map.of());
    }

    @Test
    @DisplayName("given a user manager when he sets the password of a realm admin, an impersonation holder, a holder of "
            + "another role or a service account then 403 and their passwords stay")
    void managerCannotTakeOverBeyondHisRoles() {
        Account manager = users.grantClientRole(users.create("manager"), "realm-management", "manage-users");
        String token = users.sentinelToken(manager);
        List<Account> beyond = List.of(
                users.grantClientRole(users.create("root"), "realm-management", "realm-admin"),
                users.grantClientRole(users.create("agent"), "realm-management", "impersonation"),
                users.grantRealmRole(users.create("payroll"), "payroll"));
        for (Account target : beyond) {
            assertForbidden(setAssociatedPassword(token, target.username(), "Taken-over-pass-1"), "role the caller does not hold");
            assertThat(signIn(target, target.password()).status()).as("password of " + target.username()).isEqualTo(200);
            assertThat(realm.resource().users().get(target.id()).toRepresentation().getRequiredActions()).isNullOrEmpty();
        }
        assertForbidden(setAssociatedPassword(token, "service-account-" + SERVICE_CLIENT, "Taken-over-pass-1"),
                "service account");
    }

    @Test
    @DisplayName("given a user manager when he activates a plain account then 204 and the admin events name him, his client "
            + "and his address, never the account")
    void plainAccountsStillWork() {
        Account manager = users.grantClientRole(users.create("manager"), "realm-management", "manage-users");
        Account account = users.create("associated");
        UserRepresentation rep = realm.resource().users().get(account.id()).toRepresentation();
        rep.setEnabled(false);
        realm.resource().users().get(account.id()).update(rep);
        realm.clearEvents();

        HttpResult set = setAssociatedPassword(users.sentinelToken(manager), account.username(), "Welcome-pass-2");
        assertThat(set.status()).as(set.toString()).isEqualTo(204);

        List<AdminEventRepresentation> events = Polling.await(() -> realm.adminEvents().stream()
                        .filter(event -> event.getResourcePath() != null && event.getResourcePath().startsWith("users/" + account.id()))
                        .toList(),
                found -> found.size() >= 2, Duration.ofSeconds(20), "UPDATE and ACTION admin events of the activation");
        String sentinelId = users.clientUuid(SentinelRealm.CLIENT);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getAuthDetails().getUserId()).isEqualTo(manager.id());
            assertThat(event.getAuthDetails().getClientId()).isEqualTo(sentinelId);
            assertThat(event.getAuthDetails().getIpAddress()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    @DisplayName("given an impersonation holder when he logs in as a service account then 403 forbidden, from the same rule")
    void loginAsServiceAccount() {
        Account agent = users.grantClientRole(users.create("agent"), "realm-management", "impersonation");
        assertForbidden(users.loginAs(users.sentinelToken(agent), "service-account-" + SERVICE_CLIENT), "service account");
        Polling.await(() -> realm.events("IMPERSONATE_ERROR").stream()
                        .filter(event -> agent.id().equals(event.getDetails().get("impersonator_id"))
                                && "service account".equals(event.getDetails().get("reason"))).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(20), "IMPERSONATE_ERROR naming the service account");
    }
}
