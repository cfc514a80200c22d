package dev.platformauth.it.loginas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakAdminApi;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakLines;
import dev.platformauth.it.support.OnEveryLine;
import dev.platformauth.it.support.OwnerManagedResources;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login-as session of an administrator administers nothing at Keycloak's own admin REST API and reads no
 * stored identity-provider token, lightweight access tokens included; the same user signed in himself
 * still does. See docs/security.md, "Login-as sessions mint no lasting credentials".
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginAsKeycloakAdminIT {

    private static final String UPSTREAM = "upstream";
    /** A resource server that introspects the sentinel's tokens and may ask for the JWT form of the answer. */
    private static final String INTROSPECTOR = "introspector";

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "login-as-admin",
            rep -> RealmUsers.addClient(rep, introspector())));

    private static ClientRepresentation introspector() {
        ClientRepresentation client = RealmUsers.serviceAccountClient(INTROSPECTOR);
        client.setAttributes(Map.of("client.introspection.response.allow.jwt.claim.enabled", "true"));
        return client;
    }

    /**
     * Keycloak's admin API refuses a login-as token: 26.7 asks the login-as grant type, which refuses it outright
     * (401, as if there were no token); older lines read no admin role in it (403).
     */
    private static final int REFUSED = KeycloakLines.asksTheGrantType() ? 401 : 403;

    private TestRealm realm;
    private RealmUsers users;
    private KeycloakAdminApi keycloakApi;

    @BeforeAll
    void createRealm() {
        realm = REALM.get();
        users = new RealmUsers(realm);
        keycloakApi = new KeycloakAdminApi(realm.url());
        IdentityProviderRepresentation upstream = TestRealm.unreachableOidcProvider(UPSTREAM);
        upstream.setStoreToken(true);
        realm.addIdentityProvider(upstream);
        // Keycloak's introspection answers only clients in the token's audience
        realm.addAudience(SentinelRealm.CLIENT, INTROSPECTOR);
    }

    /** A user who may log in as others and view the realm's users at Keycloak's admin API. */
    private Account agent() {
        Account agent = users.grantClientRole(users.create("agent"), "realm-management", "impersonation");
        return users.grantClientRole(agent, "realm-management", "view-users");
    }

    @Test
    @OnEveryLine
    @DisplayName("given a login-as token of an administrator peer when it calls Keycloak's admin API (users, Keycloak's own "
            + "impersonation) then 403; the peer's own sign-in lists the users")
    void keycloakAdminApiRefused() {
        Account agent = agent();
        Account peer = agent();
        Account customer = users.create("customer");
        HttpResult own = keycloakApi.users(users.sentinelToken(peer));
        assertThat(own.status()).as("a full sign-in administers users: " + own).isEqualTo(200);

        String loginAs = users.loginAsToken(agent, peer);
        HttpResult listed = keycloakApi.users(loginAs);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(REFUSED);
        HttpResult impersonated = keycloakApi.impersonate(loginAs, customer.id());
        assertThat(impersonated.status()).as(impersonated.toString()).isEqualTo(REFUSED);
        assertThat(realm.resource().users().get(customer.id()).getUserSessions()).as("no session for the customer").isEmpty();
    }

    @Test
    @OnEveryLine
    @DisplayName("given a sentinel client with lightweight access tokens, whose roles Keycloak reads from the session, when a "
            + "login-as token calls Keycloak's admin API then 403; the peer's own sign-in lists the users")
    void lightweightTokensToo() {
        lightweightSentinelTokens(true);
        try {
            Account agent = agent();
            Account peer = agent();
            HttpResult own = keycloakApi.users(users.sentinelToken(peer));
            assertThat(own.status()).as("a full sign-in administers users: " + own).isEqualTo(200);
            HttpResult listed = keycloakApi.users(users.loginAsToken(agent, peer));
            assertThat(listed.status()).as(listed.toString()).isEqualTo(REFUSED);
        } finally {
            lightweightSentinelTokens(false);
        }
    }

    private void lightweightSentinelTokens(boolean on) {
        realm.putClientAttributes(SentinelRealm.CLIENT, attributes -> attributes.put("client.use.lightweight.access.token.enabled",
                Boolean.toString(on)));
    }

    @Test
    @DisplayName("given a login-as token of a user allowed to read stored identity-provider tokens when it asks Keycloak's "
            + "broker endpoint then it is refused (26.7: 400, before: 403); the user's own sign-in gets past the role check")
    void noStoredIdentityProviderToken() {
        Account agent = users.grantClientRole(agent(), "broker", "read-token");
        Account linked = users.grantClientRole(users.create("linked"), "broker", "read-token");
        realm.linkIdentity(linked.id(), UPSTREAM, "upstream-" + linked.id(), linked.username());
        HttpResult own = keycloakApi.storedIdentityProviderToken(users.sentinelToken(linked), UPSTREAM);
        assertThat(own.status()).as("past the role check, no token is stored: " + own).isEqualTo(404);

        HttpResult refused = keycloakApi.storedIdentityProviderToken(users.loginAsToken(agent, linked), UPSTREAM);
        // 26.7 asks the login-as grant type, which refuses the endpoint outright ("Invalid token."); older lines
        // find no read-token role in the token
        assertThat(refused.status()).as(refused.toString()).isEqualTo(KeycloakLines.asksTheGrantType() ? 400 : 403);
    }

    @Test
    @OnEveryLine
    @DisplayName("given a login-as token of an administrator peer when a resource server introspects it, also in the JWT form, "
            + "then no realm-management or account management role is reported and the JWT is refused by Keycloak's admin API; "
            + "the peer's own token reports them")
    void introspectionReportsTheLimitedToken() {
        Account agent = agent();
        Account peer = agent();
        JsonNode own = introspect(users.sentinelToken(peer));
        assertThat(own.path("resource_access").path("realm-management").path("roles").toString()).contains("view-users");
        assertThat(own.path("resource_access").path("account").path("roles").toString()).contains("manage-account");

        JsonNode limited = introspect(users.loginAsToken(agent, peer));
        assertThat(limited.get("active").asBoolean()).isTrue();
        assertThat(limited.path("resource_access").has("realm-management")).isFalse();
        assertThat(limited.path("resource_access").path("account").path("roles").toString()).doesNotContain("manage-account");
        HttpResult listed = keycloakApi.users(limited.get("jwt").asText());
        assertThat(listed.status()).as("the introspection's JWT at Keycloak's admin API: " + listed).isEqualTo(REFUSED);
    }

    @Test
    @OnEveryLine
    @DisplayName("given a sentinel client that is a resource server with owner-managed resources when a login-as token shares the "
            + "target's resource through Keycloak's protection API then it is refused on 26.7 and nothing is shared; the target's "
            + "own sign-in shares it")
    void noResourceSharing() {
        realm.updateClient(SentinelRealm.CLIENT, client -> {
            client.setPublicClient(false);
            client.setSecret("sentinel-secret-0123456789");
            client.setServiceAccountsEnabled(true);
            client.setAuthorizationServicesEnabled(true);
        });
        try {
            Account customer = users.create("customer");
            String share = OwnerManagedResources.create(realm, SentinelRealm.CLIENT, "customer-album", customer.id());
            HttpResult refused = Http.postJson(share, "{\"name\":\"by-login-as\",\"users\":[\"" + agent().username() + "\"]}",
                    Http.bearer(users.loginAsToken(agent(), customer)));
            if (!KeycloakLines.asksTheGrantType()) {
                // Keycloak 26.4 and 26.5 do not ask the grant type: the known limit in docs/security.md
                assertThat(refused.status()).as(refused.toString()).isEqualTo(200);
                return;
            }
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.json().get("error").asText()).as("Keycloak takes it for no token at all").isEqualTo("invalid_bearer_token");
            assertThat(OwnerManagedResources.authorization(realm, SentinelRealm.CLIENT).policies().policies())
                    .noneMatch(policy -> "by-login-as".equals(policy.getName()));
            HttpResult shared = Http.postJson(share, "{\"name\":\"by-customer\",\"users\":[\"" + agent().username() + "\"]}",
                    Http.bearer(users.sentinelToken(customer)));
            assertThat(shared.status()).as("the owner's own sign-in shares: " + shared).isEqualTo(200);
        } finally {
            realm.updateClient(SentinelRealm.CLIENT, client -> {
                client.setAuthorizationServicesEnabled(false);
                client.setServiceAccountsEnabled(false);
                client.setPublicClient(true);
            });
        }
    }

    @Test
    @DisplayName("given the login-as grant type, under which login-as tokens are issued, when a client asks the token endpoint "
            + "for it then 400 unsupported_grant_type and a LOGIN_ERROR event")
    void notATokenEndpointGrant() {
        realm.clearEvents();
        HttpResult refused = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "urn:platform-auth:grant-type:login-as",
                "client_id", SentinelRealm.CLIENT, "username", "anyone"), Map.of());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(realm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)))
                .anyMatch(event -> "not_allowed".equals(event.getError()));
    }

    /** Keycloak's introspection of {@code token} by the introspector, asking for the JWT form too; 200 asserted. */
    private JsonNode introspect(String token) {
        HttpResult result = Http.postForm(realm.url() + "/protocol/openid-connect/token/introspect",
                Map.of("token", token, "client_id", INTROSPECTOR, "client_secret", RealmUsers.serviceAccountClient(INTROSPECTOR).getSecret()),
                Map.of("Accept", "application/jwt"));
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json();
    }
}
