package dev.platformauth.it.mailedlogin;

import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.Map;

/** One realm per API test class, with magic links and email OTP switched on and no resend interval. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiRealmTest {

    protected TestRealm realm;
    protected MailServer mail;
    protected KeycloakServer keycloak;

    /** The realm name prefix. */
    protected abstract String realmPrefix();

    /** More client attributes of {@code auth-service}. */
    protected Map<String, String> clientAttributes() {
        return Map.of();
    }

    /** More changes to the realm before it is created (e.g. a browser flow). */
    protected void customize(RealmRepresentation representation) {
    }

    /** The realm of the class: the standard test realm with the API features on and {@link #customize}. */
    protected TestRealm newRealm(KeycloakServer keycloak, MailServer mail) {
        return TestRealm.builder(keycloak, mail, realmPrefix())
                .customize(MailedLogins.apiEnabled(clientAttributes()))
                .customize(this::customize)
                .create();
    }

    /** The API's email-only sign-ins in this realm. */
    protected EmailSignIns signIns() {
        return new EmailSignIns(realm, mail);
    }

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        realm = newRealm(keycloak, mail);
    }

    @AfterAll
    void deleteRealm() {
        if (realm != null) {
            realm.close();
        }
    }
}
