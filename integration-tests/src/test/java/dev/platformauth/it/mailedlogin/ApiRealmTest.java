package dev.platformauth.it.mailedlogin;

import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

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

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        realm = TestRealm.builder(keycloak, mail, realmPrefix()).customize(MailedLogins.apiEnabled(Map.of())).create();
    }

    @AfterAll
    void deleteRealm() {
        if (realm != null) {
            realm.close();
        }
    }
}
