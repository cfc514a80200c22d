package dev.platformauth.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Several {@link TestRealm}s of one test class, deleted together on {@link #close()}; with
 * {@link ClassRealm} for classes that need more than one realm:
 * {@code static final ClassRealm<Realms> REALMS = ClassRealm.of(Realms::new);}
 */
public final class Realms implements AutoCloseable {

    private final KeycloakServer keycloak;
    private final MailServer mail;
    private final List<TestRealm> created = new ArrayList<>();

    public Realms(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
    }

    /** A new standard realm with {@code customization} (e.g. its browser flow). */
    public TestRealm create(String prefix, Consumer<RealmRepresentation> customization) {
        TestRealm realm = TestRealm.builder(keycloak, mail, prefix).customize(customization).create();
        created.add(realm);
        return realm;
    }

    @Override
    public void close() {
        created.forEach(TestRealm::close);
    }
}
