package dev.platformauth.it.exchangecode;

import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailCodes;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm and helpers of {@link PasswordlessApiIT}, {@link PasswordlessApiInputIT}.
 *
 * The passwordless exchange-code flow over the auth-service API, against the real Keycloak.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PasswordlessApiFixture {

    static final String REQUEST = "/auth-service/api/v2/login/passwordless/request-token";
    static final String EXCHANGE = "/auth-service/api/v2/login/passwordless/exchange-tokens";
    static final String LEGACY_REQUEST = "/auth-service/api/login/passwordless/request-token";
    static final String LEGACY_EXCHANGE = "/auth-service/api/login/passwordless/exchange-tokens";

    TestRealm realm;
    MailServer mail;
    KeycloakServer keycloak;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.builder(keycloak, mail, "passwordless")
            .customize(rep -> rep.getClients().get(0).setAttributes(Map.of(
                    "platform-auth.exchange-code.resend-interval", "0")))
            .create());

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.mail = mail;
        this.keycloak = keycloak;
        // resend interval 0 here: throttling has its own test below
        realm = REALM.get();
    }

    HttpResult request(String path, String email) {
        return Http.postJson(realm.url() + path, "{\"email\":\"" + email + "\"}", Map.of());
    }

    HttpResult exchange(String path, String code) {
        return Http.postJson(realm.url() + path, "{\"code\":\"" + code + "\"}", Map.of());
    }

    /** Requests a code for {@code email} and returns it from the captured mail. */
    String codeFor(String email, int mailsBefore) {
        assertThat(request(REQUEST, email).status()).isEqualTo(202);
        List<MimeMessage> messages = mail.awaitMessagesTo(email, mailsBefore + 1, Duration.ofSeconds(20));
        return MailCodes.codeIn(messages.get(messages.size() - 1));
    }
}
