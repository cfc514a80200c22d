package dev.platformauth.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.authorization.PolicyEnforcementMode;
import org.keycloak.representations.idm.authorization.ResourceRepresentation;
import org.keycloak.representations.idm.authorization.ResourceServerRepresentation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Users with roles and the sessions the privilege-boundary tests need in one {@link TestRealm}:
 * role grants, password and refresh grants at the token endpoint (online and offline), the
 * {@code sentinel} API's token and login-as, and Keycloak's own impersonation followed by a sign-in
 * at {@value TestRealm#AUTH_CLIENT} in the same browser.
 */
public final class RealmUsers {

    public static final String SENTINEL_API = "/sentinel/api/v1.0/auth";

    private final TestRealm realm;

    public RealmUsers(TestRealm realm) {
        this.realm = realm;
    }

    /** A new enabled user with a verified email and a password; {@code prefix} makes it readable in failures. */
    public Account create(String prefix) {
        return Account.create(realm, prefix);
    }

    /** Grants {@code user} the client role {@code role} of {@code clientId} (e.g. realm-management's realm-admin). */
    public Account grantClientRole(Account user, String clientId, String role) {
        String id = clientUuid(clientId);
        RoleRepresentation rep = realm.resource().clients().get(id).roles().get(role).toRepresentation();
        realm.resource().users().get(user.id()).roles().clientLevel(id).add(List.of(rep));
        return user;
    }

    /** Grants {@code user} the realm role {@code role}, created when the realm has none yet. */
    public Account grantRealmRole(Account user, String role) {
        if (realm.resource().roles().list().stream().noneMatch(existing -> existing.getName().equals(role))) {
            realm.resource().roles().create(new RoleRepresentation(role, null, false));
        }
        RoleRepresentation rep = realm.resource().roles().get(role).toRepresentation();
        realm.resource().users().get(user.id()).roles().realmLevel().add(List.of(rep));
        return user;
    }

    /** A confidential client {@code clientId} with a service account, to add to a realm representation. */
    public static ClientRepresentation serviceAccountClient(String clientId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setEnabled(true);
        client.setPublicClient(false);
        client.setSecret(clientId + "-secret-0123456789");
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        return client;
    }

    /**
     * A confidential client {@code clientId} with Keycloak's Authorization Services on, in permissive mode
     * with one resource and no policy, so that its UMA grant grants that resource to any signed-in user.
     */
    public static ClientRepresentation resourceServerClient(String clientId) {
        ClientRepresentation client = serviceAccountClient(clientId);
        client.setAuthorizationServicesEnabled(true);
        ResourceServerRepresentation settings = new ResourceServerRepresentation();
        settings.setPolicyEnforcementMode(PolicyEnforcementMode.PERMISSIVE);
        settings.setResources(List.of(new ResourceRepresentation("thing")));
        client.setAuthorizationSettings(settings);
        return client;
    }

    /** Keycloak's UMA grant at {@code tokenEndpoint}: a permission token for {@code resourceServer}, asked with {@code bearer}. */
    public static HttpResult permissionToken(String tokenEndpoint, String bearer, String resourceServer) {
        return permissionToken(tokenEndpoint, List.of(bearer), resourceServer);
    }

    /** Keycloak's UMA grant with one {@code Authorization: Bearer} header for each of {@code bearers}, in order. */
    public static HttpResult permissionToken(String tokenEndpoint, List<String> bearers, String resourceServer) {
        return Http.postFormRepeatingHeader(tokenEndpoint, Map.of("grant_type", "urn:ietf:params:oauth:grant-type:uma-ticket",
                "audience", resourceServer), "Authorization", bearers.stream().map(bearer -> "Bearer " + bearer).toList());
    }

    /** Adds {@code client} to the clients of a realm representation (for {@link TestRealmBuilder#customize}). */
    public static void addClient(RealmRepresentation rep, ClientRepresentation client) {
        List<ClientRepresentation> clients = new ArrayList<>(rep.getClients());
        clients.add(client);
        rep.setClients(clients);
    }

    /** The internal id of the client {@code clientId}. */
    public String clientUuid(String clientId) {
        return realm.resource().clients().findByClientId(clientId).get(0).getId();
    }

    /** The service-account user of the confidential client {@code clientId}. */
    public String serviceAccountId(String clientId) {
        return realm.resource().clients().get(clientUuid(clientId)).getServiceAccountUser().getId();
    }

    /** Password grant of {@code user} at the public client {@code clientId}; {@code scope} may be null. Fails unless 200. */
    public JsonNode passwordGrant(String clientId, Account user, String scope) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", clientId,
                "username", user.username(), "password", user.password()));
        if (scope != null) {
            form.put("scope", scope);
        }
        HttpResult result = Http.postForm(realm.tokenEndpoint(), form, Map.of());
        assertThat(result.status()).as("password grant of %s: %s", user.username(), result).isEqualTo(200);
        return result.json();
    }

    /** An offline session of {@code user} at {@code clientId}: the token response, its refresh token checked to be offline. */
    public JsonNode offlineGrant(String clientId, Account user) {
        JsonNode tokens = passwordGrant(clientId, user, "openid offline_access");
        assertThat(Jwt.payload(tokens.get("refresh_token").asText()).get("typ").asText()).isEqualTo("Offline");
        return tokens;
    }

    /** A refresh-token grant at the public client {@code clientId}, as the client would send it. */
    public HttpResult refresh(String clientId, JsonNode tokens) {
        return Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", tokens.get("refresh_token").asText()), Map.of());
    }

    /** The sentinel API's token of {@code user}. */
    public String sentinelToken(Account user) {
        HttpResult result = Http.postJson(realm.url() + SENTINEL_API + "/token",
                "{\"username\":\"" + user.username() + "\",\"password\":\"" + user.password() + "\"}", Map.of());
        assertThat(result.status()).as("sentinel token of %s: %s", user.username(), result).isEqualTo(200);
        return result.json().get("token").asText();
    }

    /** POST {@code loginAs} for {@code username} with {@code callerToken}. */
    public HttpResult loginAs(String callerToken, String username) {
        return Http.postJson(realm.url() + SENTINEL_API + "/loginAs",
                "{\"username\":\"" + username + "\",\"reason\":\"privilege boundary test\"}", Http.bearer(callerToken));
    }

    /** The token of a login-as session of {@code caller} (signed in with a password) as {@code target}; fails unless 200. */
    public String loginAsToken(Account caller, Account target) {
        HttpResult result = loginAs(sentinelToken(caller), target.username());
        assertThat(result.status()).as("login-as %s -> %s: %s", caller.username(), target.username(), result).isEqualTo(200);
        return result.json().get("token").asText();
    }

    /**
     * Keycloak's own impersonation of {@code target} by the master admin (admin REST API), then an
     * authorization-code sign-in at {@value TestRealm#AUTH_CLIENT} in the browser that holds the
     * impersonation's cookies: auth-service tokens of a user session that carries the impersonator.
     */
    public JsonNode impersonatedAuthServiceTokens(KeycloakServer keycloak, Account target) {
        AuthorizationCodeFlow flow = impersonatedBrowser(keycloak, target).authorizationCodeFlow(realm);
        HttpResult tokens = flow.exchange(flow.code(flow.start()));
        assertThat(tokens.status()).as("code exchange in the impersonated session: %s", tokens).isEqualTo(200);
        return tokens.json();
    }

    /** A browser holding the cookies of Keycloak's own impersonation of {@code target} by the master admin (admin REST API). */
    public BrowserSession impersonatedBrowser(KeycloakServer keycloak, Account target) {
        String url = keycloak.baseUri() + "/admin/realms/" + realm.name() + "/users/" + target.id() + "/impersonation";
        HttpResult impersonated = Http.postEmpty(url, Http.bearer(keycloak.admin().tokenManager().getAccessTokenString()));
        assertThat(impersonated.status()).as("impersonation of %s: %s", target.username(), impersonated).isEqualTo(200);
        BrowserSession browser = new BrowserSession(keycloak);
        browser.adoptCookies(url, impersonated);
        return browser;
    }

    /** Asserts a 403 {@code forbidden} JSON error whose description contains {@code description}. */
    public static void assertForbidden(HttpResult result, String description) {
        assertThat(result.status()).as(result.toString()).isEqualTo(403);
        assertThat(result.json().path("error").asText()).as(result.toString()).isEqualTo("forbidden");
        assertThat(result.json().path("error_description").asText()).as(result.toString()).contains(description);
    }
}
