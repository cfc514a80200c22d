package dev.platformauth.it.loginas;

import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakAccountApi;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.OnEveryLine;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static dev.platformauth.it.support.RealmUsers.assertForbidden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login-as session acts inside the APIs but mints nothing lasting: no nested login-as, no
 * associated-account password, no refreshed token, no token from Keycloak's token exchange or UMA
 * grant, no change at Keycloak's account API, against the real Keycloak; the same users signed in themselves still may. See docs/security.md, "Login-as sessions mint no lasting credentials".
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginAsBoundaryIT {

    private TestRealm realm;
    private RealmUsers users;

    /** A confidential client that may use Keycloak's standard token exchange, refresh tokens included. */
    private static final String EXCHANGER = "exchanger";
    /** A client with Keycloak's Authorization Services, whose UMA grant grants a resource to every user. */
    private static final String RESOURCE_SERVER = "resource-server";

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "login-as-boundary", rep -> {
        rep.setEnabledEventTypes(List.of("IMPERSONATE", "IMPERSONATE_ERROR", "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR",
                "TOKEN_EXCHANGE", "TOKEN_EXCHANGE_ERROR", "PERMISSION_TOKEN", "PERMISSION_TOKEN_ERROR"));
        RealmUsers.addClient(rep, exchanger());
        RealmUsers.addClient(rep, RealmUsers.resourceServerClient(RESOURCE_SERVER));
    }));

    private static ClientRepresentation exchanger() {
        ClientRepresentation client = RealmUsers.serviceAccountClient(EXCHANGER);
        client.setAttributes(Map.of("standard.token.exchange.enabled", "true",
                "standard.token.exchange.enableRefreshRequestedTokenType", "SAME_SESSION"));
        return client;
    }

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        // REFRESH_TOKEN_ERROR is not among the types Keycloak stores by default
        realm = REALM.get();
        users = new RealmUsers(realm);
        // the exchanger may exchange the sentinel's tokens: it is in their audience
        realm.addAudience(SentinelRealm.CLIENT, EXCHANGER);
    }

    private Account agent() {
        return users.grantClientRole(users.create("agent"), "realm-management", "impersonation");
    }

    private HttpResult setAssociatedPassword(String token, Account account, String password) {
        return Http.postJson(realm.url() + SentinelRealm.API + "/setAssociatedAccountPassword",
                "{\"username\":\"" + account.username() + "\",\"password\":\"" + password + "\"}", Http.bearer(token));
    }

    private void disable(Account user) {
        UserRepresentation rep = realm.resource().users().get(user.id()).toRepresentation();
        rep.setEnabled(false);
        realm.resource().users().get(user.id()).update(rep);
    }

    @Test
    @DisplayName("given a login-as session of another impersonation holder when it starts a login-as then 403 with an "
            + "IMPERSONATE_ERROR event; signed in himself he may")
    void noNestedLoginAs() {
        Account agent = agent();
        Account secondAgent = agent();
        Account customer = users.create("customer");
        String nested = users.loginAsToken(agent, secondAgent);

        assertForbidden(users.loginAs(nested, customer.username()), "A login-as session cannot start another login-as");
        EventRepresentation error = Polling.await(() -> realm.events("IMPERSONATE_ERROR").stream()
                        .filter(event -> secondAgent.id().equals(event.getDetails().get("impersonator_id"))).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(20), "IMPERSONATE_ERROR of the nested login-as").get(0);
        assertThat(error.getError()).isEqualTo("not_allowed");
        assertThat(error.getDetails()).containsEntry("reason", "login-as session");
        assertThat(realm.resource().users().get(customer.id()).getUserSessions()).as("no session for the customer").isEmpty();

        assertThat(users.loginAs(users.sentinelToken(secondAgent), customer.username()).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("given a login-as session of a user manager when it sets an associated account's password then 403 and "
            + "the account stays as it was; signed in himself he may")
    void noAssociatedPasswordFromLoginAs() {
        Account agent = users.grantClientRole(agent(), "realm-management", "manage-users");
        Account manager = users.grantClientRole(users.create("manager"), "realm-management", "manage-users");
        Account associated = users.create("associated");
        disable(associated);
        String loginAs = users.loginAsToken(agent, manager);
        realm.clearEvents();

        assertForbidden(setAssociatedPassword(loginAs, associated, "Chosen-by-agent-1"),
                "A login-as session cannot set account passwords");
        UserRepresentation unchanged = realm.resource().users().get(associated.id()).toRepresentation();
        assertThat(unchanged.isEnabled()).isFalse();
        assertThat(unchanged.getRequiredActions()).doesNotContain("UPDATE_PASSWORD");
        assertThat(realm.adminEvents()).as("admin events of the refused request (written with it)").isEmpty();

        HttpResult itself = setAssociatedPassword(users.sentinelToken(manager), associated, "Chosen-by-manager-2");
        assertThat(itself.status()).as(itself.toString()).isEqualTo(204);
        assertThat(realm.resource().users().get(associated.id()).toRepresentation().isEnabled()).isTrue();
    }

    @Test
    @DisplayName("given a login-as token when it asks refreshToken for a longer one then 403 with a REFRESH_TOKEN_ERROR event")
    void noRefresh() {
        Account agent = agent();
        Account customer = users.create("customer");
        String loginAs = users.loginAsToken(agent, customer);
        assertForbidden(Http.get(realm.url() + SentinelRealm.API + "/refreshToken", Http.bearer(loginAs)),
                "A login-as session cannot refresh its tokens");
        EventRepresentation error = Polling.await(() -> realm.events("REFRESH_TOKEN_ERROR").stream()
                        .filter(event -> customer.id().equals(event.getUserId())).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(20), "REFRESH_TOKEN_ERROR of the login-as token").get(0);
        assertThat(error.getDetails()).containsEntry("reason", "login-as session");
    }

    @Test
    @OnEveryLine
    @DisplayName("given a login-as token when a client exchanges it at Keycloak's token exchange for lasting tokens then 400 "
            + "with a TOKEN_EXCHANGE_ERROR event; the agent's own token is exchanged")
    void noTokenExchange() {
        issuedForOwnSignInOnly(this::exchange, "A login-as session cannot exchange its tokens", "TOKEN_EXCHANGE_ERROR");
    }

    @Test
    @OnEveryLine
    @DisplayName("given a login-as token when it asks Keycloak's UMA grant for a permission token (with a refresh token) then 400 "
            + "with a PERMISSION_TOKEN_ERROR event; the agent's own token gets one")
    void noPermissionToken() {
        issuedForOwnSignInOnly(token -> RealmUsers.permissionToken(realm.tokenEndpoint(), token, RESOURCE_SERVER),
                "A login-as session cannot obtain permission tokens", "PERMISSION_TOKEN_ERROR");
    }

    @Test
    @OnEveryLine
    @DisplayName("given a login-as token in the first of two Authorization headers when it asks Keycloak's UMA grant for a "
            + "permission token then 400 as with one header: Keycloak reads the first header, and so does the guard")
    void noPermissionTokenBehindASecondHeader() {
        issuedForOwnSignInOnly(token -> RealmUsers.permissionToken(realm.tokenEndpoint(), List.of(token, "a.b.c"), RESOURCE_SERVER),
                "A login-as session cannot obtain permission tokens", "PERMISSION_TOKEN_ERROR");
    }

    /**
     * Asserts that {@code request} (one of Keycloak's grants, given a token) issues tokens, a refresh token
     * among them, for the agent's own sign-in, and refuses the agent's login-as token: 400
     * {@code invalid_request} with {@code description}, and an {@code errorEvent} for the login-as target.
     */
    private void issuedForOwnSignInOnly(Function<String, HttpResult> request, String description, String errorEvent) {
        Account agent = agent();
        Account customer = users.create("customer");
        HttpResult own = request.apply(users.sentinelToken(agent));
        assertThat(own.status()).as("Keycloak issues tokens for a full sign-in: " + own).isEqualTo(200);
        assertThat(own.json().has("refresh_token")).isTrue();

        HttpResult refused = request.apply(users.loginAsToken(agent, customer));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(refused.json().get("error_description").asText()).isEqualTo(description);
        EventRepresentation error = Polling.await(() -> realm.events(errorEvent).stream()
                        .filter(event -> customer.id().equals(event.getUserId())).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(20), errorEvent + " of the login-as token").get(0);
        assertThat(error.getError()).isEqualTo("not_allowed");
        assertThat(error.getDetails()).containsEntry("reason", "login-as session");
    }

    /** Keycloak's standard token exchange of {@code subjectToken} at the exchanger, asking for a refresh token. */
    private HttpResult exchange(String subjectToken) {
        return Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "client_id", EXCHANGER, "client_secret", RealmUsers.serviceAccountClient(EXCHANGER).getSecret(),
                "subject_token", subjectToken, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token"), Map.of());
    }

    @Test
    @OnEveryLine
    @DisplayName("given a login-as token when it changes the target's email or deletes a credential at Keycloak's account API "
            + "then 403 and nothing changes; it reads the profile, and the agent's own token changes the agent's email")
    void keycloakAccountApiReadOnly() {
        Account agent = agent();
        Account customer = users.create("customer");
        KeycloakAccountApi accountApi = new KeycloakAccountApi(realm.url());
        String ownEmail = "renamed-" + agent.email();
        assertThat(accountApi.changeEmail(users.sentinelToken(agent), ownEmail).status())
                .as("a full sign-in changes its own email there").isEqualTo(204);
        assertThat(realm.resource().users().get(agent.id()).toRepresentation().getEmail()).isEqualTo(ownEmail);

        String loginAs = users.loginAsToken(agent, customer);
        assertThat(accountApi.profile(loginAs).json().get("email").asText()).isEqualTo(customer.email());
        HttpResult email = accountApi.changeEmail(loginAs, "taken-over@example.test");
        assertThat(email.status()).as(email.toString()).isEqualTo(403);
        String password = realm.resource().users().get(customer.id()).credentials().get(0).getId();
        HttpResult deleted = accountApi.deleteCredential(loginAs, password);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(403);
        UserRepresentation after = realm.resource().users().get(customer.id()).toRepresentation();
        assertThat(after.getEmail()).isEqualTo(customer.email());
        assertThat(realm.resource().users().get(customer.id()).credentials()).extracting("id").containsExactly(password);
    }
}
