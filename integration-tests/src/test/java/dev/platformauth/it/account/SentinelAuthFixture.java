package dev.platformauth.it.account;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm and calls of the sentinel API's ITs ({@code token}, {@code refreshToken}, {@code clientToken},
 * {@code loginAs}, {@code setAssociatedAccountPassword}) on the real Keycloak: the sentinel client, a
 * confidential client with a service account and one without.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SentinelAuthFixture {

    static final String API_CLIENT = "reporting-api";
    static final String API_SECRET = "reporting-api-secret-0123456789";
    /** Keycloak's client authenticators other than the client secret: signed JWT, JWT signed with the secret, X.509. */
    static final List<String> OTHER_AUTHENTICATORS = List.of("client-jwt", "client-secret-jwt", "client-x509");

    TestRealm realm;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "sentinel-auth", rep -> {
        rep.setEnabledEventTypes(List.of("LOGIN", "LOGIN_ERROR", "REFRESH_TOKEN", "CLIENT_LOGIN", "CLIENT_LOGIN_ERROR",
                "IMPERSONATE", "IMPERSONATE_ERROR"));
        ClientRepresentation api = new ClientRepresentation();
        api.setClientId(API_CLIENT);
        api.setPublicClient(false);
        api.setSecret(API_SECRET);
        api.setServiceAccountsEnabled(true);
        api.setStandardFlowEnabled(false);
        ClientRepresentation noServiceAccount = new ClientRepresentation();
        noServiceAccount.setClientId("plain-confidential");
        noServiceAccount.setPublicClient(false);
        noServiceAccount.setSecret(API_SECRET);
        List<ClientRepresentation> clients = new java.util.ArrayList<>(rep.getClients());
        clients.add(api);
        clients.add(noServiceAccount);
        // clients that must authenticate otherwise than with their secret, though one is stored
        for (String authenticator : OTHER_AUTHENTICATORS) {
            ClientRepresentation other = new ClientRepresentation();
            other.setClientId("api-" + authenticator);
            other.setPublicClient(false);
            other.setClientAuthenticatorType(authenticator);
            other.setSecret(API_SECRET);
            other.setServiceAccountsEnabled(true);
            other.setStandardFlowEnabled(false);
            clients.add(other);
        }
        rep.setClients(clients);
        }));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = REALM.get();
    }

    String url(String path) {
        return realm.url() + SentinelRealm.API + path;
    }

    HttpResult token(String username, String password) {
        return Http.postJson(url("/token"), "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", Map.of());
    }

    String tokenOf(Account account) {
        HttpResult result = token(account.username(), account.password());
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json().get("token").asText();
    }

    HttpResult loginAs(String callerToken, String body) {
        return Http.postJson(url("/loginAs"), body, Http.bearer(callerToken));
    }

    void grantClientRole(Account account, String clientId, String role) {
        String id = realm.resource().clients().findByClientId(clientId).get(0).getId();
        RoleRepresentation rep = realm.resource().clients().get(id).roles().get(role).toRepresentation();
        realm.resource().users().get(account.id()).roles().clientLevel(id).add(List.of(rep));
    }

    void grantRealmRole(Account account, String role) {
        if (realm.resource().roles().list().stream().noneMatch(existing -> existing.getName().equals(role))) {
            realm.resource().roles().create(new RoleRepresentation(role, null, false));
        }
        realm.resource().users().get(account.id()).roles().realmLevel()
                .add(List.of(realm.resource().roles().get(role).toRepresentation()));
    }

    static void assertError(HttpResult result, int status, String error) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.json().path("error").asText()).as(result.toString()).isEqualTo(error);
    }

    HttpResult clientToken(String clientId, String secret) {
        return Http.postJson(url("/clientToken"), "{\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret + "\"}", Map.of());
    }

    String clientUuid(String clientId) {
        return realm.resource().clients().findByClientId(clientId).get(0).getId();
    }
}
