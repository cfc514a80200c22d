package dev.platformauth.it.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A realm with Organizations on, the organization {@code acme} (members alice and bob), the
 * organization {@code globex} (member carol), a user manager {@code manager} (realm-management
 * {@code manage-users}, member of nothing), the confidential client {@value #API_CLIENT} with the
 * entity-token grant switched on and {@value #OTHER_CLIENT} without it.
 */
public final class EntityRealm implements AutoCloseable {

    public static final String API_CLIENT = "platform-api";
    public static final String API_SECRET = "platform-api-secret";
    public static final String OTHER_CLIENT = "other-api";
    public static final String OTHER_SECRET = "other-api-secret";
    public static final String GRANT = "urn:platform-auth:grant-type:entity-token";
    public static final String PASSWORD = "Passw0rd!entity";
    /** The API client's grant lifetime (the default is 300 s). */
    public static final int GRANT_LIFETIME = 120;

    public final TestRealm realm;
    public final String alice;
    public final String bob;
    public final String carol;
    public final String manager;
    public final String acme;
    public final String globex;

    private EntityRealm(EntityRealm other, TestRealm realm) {
        this.realm = realm;
        this.alice = other.alice;
        this.bob = other.bob;
        this.carol = other.carol;
        this.manager = other.manager;
        this.acme = other.acme;
        this.globex = other.globex;
    }

    /** The same realm, users and organizations as another server answers them (a node of a cluster). */
    public EntityRealm on(KeycloakServer node) {
        return new EntityRealm(this, realm.on(node));
    }

    private EntityRealm(TestRealm realm) {
        this.realm = realm;
        try {
            alice = realm.createUser("alice", "alice@" + realm.name() + ".test", PASSWORD);
            bob = realm.createUser("bob", "bob@" + realm.name() + ".test", PASSWORD);
            carol = realm.createUser("carol", "carol@" + realm.name() + ".test", PASSWORD);
            manager = realm.createUser("manager", "manager@" + realm.name() + ".test", PASSWORD);
            String realmManagement = realm.resource().clients().findByClientId("realm-management").get(0).getId();
            RoleRepresentation manageUsers = realm.resource().clients().get(realmManagement).roles().get("manage-users").toRepresentation();
            realm.resource().users().get(manager).roles().clientLevel(realmManagement).add(List.of(manageUsers));
            acme = organization("acme", alice, bob);
            globex = organization("globex", carol);
        } catch (RuntimeException e) {
            realm.close();
            throw e;
        }
    }

    public static EntityRealm create(KeycloakServer keycloak, MailServer mail, String prefix) {
        TestRealm realm = TestRealm.builder(keycloak, mail, prefix).customize(rep -> {
            rep.setOrganizationsEnabled(true);
            List<ClientRepresentation> clients = new ArrayList<>(rep.getClients());
            clients.add(confidential(API_CLIENT, API_SECRET, true));
            clients.add(confidential(OTHER_CLIENT, OTHER_SECRET, false));
            rep.setClients(clients);
        }).create();
        // the grant builds a token response like any other: the platform token comes with it
        realm.addPlatformTokenMapper(API_CLIENT, Map.of());
        return new EntityRealm(realm);
    }

    private static ClientRepresentation confidential(String clientId, String secret, boolean grant) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setEnabled(true);
        client.setProtocol("openid-connect");
        client.setPublicClient(false);
        client.setSecret(secret);
        client.setStandardFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        if (grant) {
            client.setAttributes(Map.of("platform-auth.entity-token.grant.enabled", "true",
                    "platform-auth.entity-token.grant.lifetime", Integer.toString(GRANT_LIFETIME)));
        }
        return client;
    }

    /** Creates an organization with alias {@code alias} and these members; returns its id. */
    public String organization(String alias, String... members) {
        OrganizationRepresentation organization = new OrganizationRepresentation();
        organization.setName(alias + " " + realm.name());
        organization.setAlias(alias);
        organization.setEnabled(true);
        organization.addDomain(new OrganizationDomainRepresentation(alias + "-" + realm.name() + ".test"));
        String id;
        try (Response response = realm.resource().organizations().create(organization)) {
            assertThat(response.getStatus()).as("create organization " + alias).isEqualTo(201);
            id = CreatedResponseUtil.getCreatedId(response);
        }
        for (String member : members) {
            try (Response response = realm.resource().organizations().get(id).members().addMember(member)) {
                assertThat(response.getStatus()).as("add member").isEqualTo(201);
            }
        }
        return id;
    }

    /** An access token of {@code username} from the {@code auth-service} client (password grant). */
    public String accessToken(String username) {
        return signIn(username).get("access_token").asText();
    }

    /** The token response of a password grant of {@code username} at the {@code auth-service} client (both tokens). */
    public JsonNode signIn(String username) {
        HttpResult result = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "password",
                "client_id", TestRealm.AUTH_CLIENT, "username", username, "password", PASSWORD), Map.of());
        assertThat(result.status()).as("password grant for " + username + ": " + result).isEqualTo(200);
        return result.json();
    }

    public String tokenUrl(String entity, String userId) {
        return realm.url() + "/entities/" + entity + "/users/" + userId + "/authentication-token";
    }

    /** The API's header callers: token, userid, apikey. */
    public static Map<String, String> callerHeaders(String token, String userId, String apiKey) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("token", token);
        }
        if (userId != null) {
            headers.put("userid", userId);
        }
        if (apiKey != null) {
            headers.put("apikey", apiKey);
        }
        return headers;
    }

    public HttpResult create(String entity, String userId, String bearer) {
        return Http.postEmpty(tokenUrl(entity, userId), Http.bearer(bearer));
    }

    public HttpResult introspect(String secret) {
        return introspect(secret, API_CLIENT, API_SECRET);
    }

    public HttpResult introspect(String secret, String clientId, String clientSecret) {
        Map<String, String> form = new HashMap<>();
        form.put("token", secret);
        if (clientId != null) {
            form.put("client_id", clientId);
        }
        if (clientSecret != null) {
            form.put("client_secret", clientSecret);
        }
        return Http.postForm(realm.url() + "/entities/introspect", form, Map.of());
    }

    public HttpResult grant(String secret, String clientId, String clientSecret) {
        return Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", GRANT, "entity_token", secret,
                "client_id", clientId, "client_secret", clientSecret), Map.of());
    }

    /** Whether the API client's introspection calls the secret active. */
    public boolean active(String secret) {
        HttpResult result = introspect(secret);
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json().get("active").asBoolean();
    }

    @Override
    public void close() {
        realm.close();
    }
}
