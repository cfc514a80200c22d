package dev.platformauth.it.support;

import jakarta.ws.rs.WebApplicationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/** Options for a {@link TestRealm} ({@link TestRealm#builder}); {@link #create()} makes the realm. */
public final class TestRealmBuilder {

    private final KeycloakServer server;
    private final MailServer mail;
    private final String namePrefix;
    private final List<Consumer<RealmRepresentation>> customizations = new ArrayList<>();
    private boolean platformMapper = true;
    private Map<String, String> platformMapperConfig = Map.of();

    TestRealmBuilder(KeycloakServer server, MailServer mail, String namePrefix) {
        this.server = server;
        this.mail = mail;
        this.namePrefix = namePrefix;
    }

    /** Leaves {@value TestRealm#PLATFORM_MAPPER} off the client, for tests that run without the product. */
    public TestRealmBuilder withoutPlatformMapper() {
        this.platformMapper = false;
        return this;
    }

    /** Config of the platform-token mapper added to {@value TestRealm#AUTH_CLIENT}. */
    public TestRealmBuilder platformMapperConfig(Map<String, String> config) {
        this.platformMapperConfig = Map.copyOf(config);
        return this;
    }

    /** Changes the realm representation before it is created (e.g. brute force on). */
    public TestRealmBuilder customize(Consumer<RealmRepresentation> customization) {
        customizations.add(customization);
        return this;
    }

    public TestRealm create() {
        String name = (namePrefix + "-" + randomSuffix()).toLowerCase(Locale.ROOT);
        RealmRepresentation realm = realmRepresentation(name);
        customizations.forEach(customization -> customization.accept(realm));
        try {
            server.admin().realms().create(realm);
        } catch (WebApplicationException e) {
            throw new IllegalStateException("cannot create realm " + name + ": HTTP "
                    + e.getResponse().getStatus() + " " + e.getResponse().readEntity(String.class), e);
        }
        TestRealm testRealm = new TestRealm(server, name);
        if (platformMapper) {
            try {
                testRealm.addPlatformTokenMapper(TestRealm.AUTH_CLIENT, platformMapperConfig);
            } catch (RuntimeException e) {
                testRealm.close();
                throw e;
            }
        }
        return testRealm;
    }

    private RealmRepresentation realmRepresentation(String name) {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(name);
        realm.setEnabled(true);
        realm.setSmtpServer(Map.of(
                "host", "127.0.0.1",
                "port", Integer.toString(mail.smtpPort()),
                "from", TestRealm.MAIL_FROM,
                "fromDisplayName", "Platform Auth tests"));
        realm.setEventsEnabled(true);
        realm.setEventsListeners(List.of("jboss-logging"));
        realm.setEnabledEventTypes(List.of()); // empty: every type is stored
        realm.setAdminEventsEnabled(true);
        realm.setAdminEventsDetailsEnabled(true);
        realm.setBruteForceProtected(false);
        realm.setClients(List.of(authClient()));
        return realm;
    }

    private static ClientRepresentation authClient() {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(TestRealm.AUTH_CLIENT);
        client.setName("Platform Auth service");
        client.setEnabled(true);
        client.setProtocol("openid-connect");
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setStandardFlowEnabled(true);
        client.setRedirectUris(TestRealm.REDIRECT_URIS);
        client.setWebOrigins(List.of("+"));
        return client;
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return suffix.toString();
    }
}
