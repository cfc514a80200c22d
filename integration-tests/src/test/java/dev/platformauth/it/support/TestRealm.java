package dev.platformauth.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;

/**
 * A small realm per scenario, deleted on {@link #close()}: unique name, SMTP to the harness
 * GreenMail, user and admin events stored, brute force off, and the public client
 * {@value #AUTH_CLIENT} carrying the product's {@value #PLATFORM_MAPPER} mapper.
 */
public final class TestRealm implements AutoCloseable {

    public static final String AUTH_CLIENT = "auth-service";
    public static final String PLATFORM_MAPPER = "platform-auth-platform-token-mapper";
    public static final String MAIL_FROM = "noreply@platform-auth.test";
    /** The API magic link matches its {@code redirect_uri} exactly, so the app's link target is listed on its own. */
    public static final String MAGIC_LINK_TARGET = "https://app.example.test/magic";
    /** Redirect URIs of the app's code flow: patterns only (the sentinel client's, whose default redirect URI must be concrete). */
    public static final List<String> WILDCARD_REDIRECT_URIS = List.of("http://127.0.0.1/*", "https://app.example.test/*");
    public static final List<String> REDIRECT_URIS = List.of(WILDCARD_REDIRECT_URIS.get(0), WILDCARD_REDIRECT_URIS.get(1), MAGIC_LINK_TARGET);

    private final KeycloakServer server;
    private final String name;

    TestRealm(KeycloakServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** The standard realm, with the platform mapper on {@value #AUTH_CLIENT}. */
    public static TestRealm create(KeycloakServer server, MailServer mail, String namePrefix) {
        return builder(server, mail, namePrefix).create();
    }

    public static TestRealmBuilder builder(KeycloakServer server, MailServer mail, String namePrefix) {
        return new TestRealmBuilder(server, mail, namePrefix);
    }

    public String name() {
        return name;
    }

    /**
     * The same realm as another server answers it (a node of a cluster): its URLs point at
     * {@code node}. Closing either deletes the realm.
     */
    public TestRealm on(KeycloakServer node) {
        return new TestRealm(node, name);
    }

    public RealmResource resource() {
        return server.admin().realm(name);
    }

    public String url() {
        return server.realmUrl(name);
    }

    public String tokenEndpoint() {
        return url() + "/protocol/openid-connect/token";
    }

    public String authorizationEndpoint() {
        return url() + "/protocol/openid-connect/auth";
    }

    public String jwksUri() {
        return url() + "/protocol/openid-connect/certs";
    }

    /** Creates an enabled user with a verified email, first/last name and a non-temporary password; returns its id. */
    public String createUser(String username, String email, String password) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(email);
        user.setEmailVerified(true);
        user.setEnabled(true);
        // Keycloak 24+ user profile: without first and last name the account is "not fully set up"
        user.setFirstName(username);
        user.setLastName("Tester");
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));
        try (Response response = resource().users().create(user)) {
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    /** Creates a public client {@code clientId} with direct access grants (password sign-ins), 201 asserted. */
    public void createPasswordClient(String clientId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        try (Response response = resource().clients().create(client)) {
            assertThat(response.getStatus()).as("creating client " + clientId).isEqualTo(201);
        }
    }

    public ClientRepresentation client(String clientId) {
        return clientResource(clientId).toRepresentation();
    }

    public void updateClient(String clientId, Consumer<ClientRepresentation> change) {
        ClientResource client = clientResource(clientId);
        ClientRepresentation representation = client.toRepresentation();
        change.accept(representation);
        client.update(representation);
    }

    /** Reads the client's attributes, lets {@code change} put or remove some, and writes them back. */
    public void putClientAttributes(String clientId, Consumer<Map<String, String>> change) {
        updateClient(clientId, client -> {
            Map<String, String> attributes = new HashMap<>(client.getAttributes() == null ? Map.of() : client.getAttributes());
            change.accept(attributes);
            client.setAttributes(attributes);
        });
    }

    /** Adds the product's platform-token mapper to the client; fails if the server does not know the mapper. */
    public void addPlatformTokenMapper(String clientId, Map<String, String> config) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("platform token");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper(PLATFORM_MAPPER);
        mapper.setConfig(Map.copyOf(config));
        try (Response response = clientResource(clientId).getProtocolMappers().createMapper(mapper)) {
            if (response.getStatus() != 201) {
                throw new IllegalStateException("Keycloak rejected the " + PLATFORM_MAPPER + " mapper (HTTP "
                        + response.getStatus() + " " + response.readEntity(String.class) + "); is the bundle "
                        + "deployed? Tests that do not need it use TestRealm.builder(...).withoutPlatformMapper()");
            }
        }
    }

    /**
     * Puts {@code audienceClientId} into the {@code aud} of the access tokens issued to {@code clientId}
     * (Keycloak's audience mapper): Keycloak 26.7's token introspection answers only clients in the
     * token's audience.
     */
    public void addAudience(String clientId, String audienceClientId) {
        addAudienceMapper(clientId, "included.client.audience", audienceClientId);
    }

    /** Puts the free-form {@code audience} into the {@code aud} of the access tokens issued to {@code clientId}. */
    public void addCustomAudience(String clientId, String audience) {
        addAudienceMapper(clientId, "included.custom.audience", audience);
    }

    private void addAudienceMapper(String clientId, String configKey, String audience) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("audience " + audience);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-audience-mapper");
        mapper.setConfig(Map.of(configKey, audience, "access.token.claim", "true", "introspection.token.claim", "true"));
        try (Response response = clientResource(clientId).getProtocolMappers().createMapper(mapper)) {
            assertThat(response.getStatus()).as("audience mapper on " + clientId).isEqualTo(201);
        }
    }

    public void update(Consumer<RealmRepresentation> change) {
        RealmRepresentation realm = resource().toRepresentation();
        change.accept(realm);
        resource().update(realm);
    }

    /** Creates an identity provider in this realm (201 asserted, Keycloak's message shown otherwise). */
    public void addIdentityProvider(IdentityProviderRepresentation idp) {
        try (Response response = resource().identityProviders().create(idp)) {
            assertThat(response.getStatus()).as("creating identity provider %s: %s", idp.getAlias(),
                    response.hasEntity() ? response.readEntity(String.class) : "").isEqualTo(201);
        }
    }

    /** An OpenID Connect identity provider {@code alias} at an upstream that is never called (for links and stored tokens). */
    public static IdentityProviderRepresentation unreachableOidcProvider(String alias) {
        IdentityProviderRepresentation upstream = new IdentityProviderRepresentation();
        upstream.setAlias(alias);
        upstream.setProviderId("oidc");
        upstream.setEnabled(true);
        upstream.setConfig(new HashMap<>(Map.of("clientId", "upstream-client", "clientSecret", "upstream-secret",
                "authorizationUrl", "https://upstream.example.test/authorize", "tokenUrl", "https://upstream.example.test/token")));
        return upstream;
    }

    /** Links the user {@code userId} to the account {@code upstreamUserId} ({@code upstreamUserName}) of identity provider {@code alias}; 204 asserted. */
    public void linkIdentity(String userId, String alias, String upstreamUserId, String upstreamUserName) {
        FederatedIdentityRepresentation link = new FederatedIdentityRepresentation();
        link.setIdentityProvider(alias);
        link.setUserId(upstreamUserId);
        link.setUserName(upstreamUserName);
        try (Response response = resource().users().get(userId).addFederatedIdentity(alias, link)) {
            assertThat(response.getStatus()).as("linking user %s to %s", userId, alias).isEqualTo(204);
        }
    }

    /** Reads, changes and writes back one identity provider of this realm. */
    public void updateIdentityProvider(String alias, Consumer<IdentityProviderRepresentation> change) {
        var provider = resource().identityProviders().get(alias);
        IdentityProviderRepresentation idp = provider.toRepresentation();
        change.accept(idp);
        provider.update(idp);
    }

    /** Stored user events of {@code type}, newest first. */
    public List<EventRepresentation> events(String type) {
        return resource().getEvents(List.of(type), null, null, null, null, null, 0, 100);
    }

    /** Waits for at least one stored user event of {@code type}; returns the events, newest first. */
    public List<EventRepresentation> awaitEvents(String type, Duration timeout) {
        return Polling.await(() -> events(type), found -> !found.isEmpty(), timeout, type + " event in realm " + name);
    }

    /** Stored admin events, newest first. */
    public List<AdminEventRepresentation> adminEvents() {
        return resource().getAdminEvents();
    }

    public void clearEvents() {
        resource().clearEvents();
        resource().clearAdminEvents();
    }

    /** Deletes the realm; a realm already gone is fine. */
    @Override
    public void close() {
        try {
            resource().remove();
        } catch (NotFoundException alreadyGone) {
            // nothing to delete
        }
    }

    private ClientResource clientResource(String clientId) {
        List<ClientRepresentation> found = resource().clients().findByClientId(clientId);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no client '" + clientId + "' in realm " + name);
        }
        return resource().clients().get(found.get(0).getId());
    }
}
