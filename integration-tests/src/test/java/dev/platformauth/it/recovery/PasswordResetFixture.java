package dev.platformauth.it.recovery;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;

import static dev.platformauth.it.support.ResetLinks.linkIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm and helpers of {@link PasswordResetApiIT}, {@link PasswordResetIT}.
 *
 * The sentinel API's passwordReset, GET/POST password (reset token as Bearer), the reset landing page and
 * usernameRequest on the real Keycloak, from the captured mail to the new password.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PasswordResetFixture {

    static final String PASSWORD_POLICY = "length(12) and passwordHistory(1)";
    static final Pattern HIDDEN_TOKEN = Pattern.compile("<input type=\"hidden\" name=\"token\" value=\"([^\"]+)\"/>");
    static final Pattern FORM_ACTION = Pattern.compile("<form id=\"kc-platform-auth-reset-form\"[^>]*action=\"([^\"]+)\"");

    TestRealm realm;
    KeycloakServer keycloak;
    MailServer mail;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "sentinel-reset", rep -> {
        rep.setPasswordPolicy(PASSWORD_POLICY);
        // the reset page must say no-referrer even where the realm's own header setting says otherwise
        rep.setBrowserSecurityHeaders(Map.of("referrerPolicy", "strict-origin-when-cross-origin"));
        rep.getClients().stream().filter(client -> SentinelRealm.CLIENT.equals(client.getClientId())).forEach(client ->
                client.setAttributes(new HashMap<>(Map.of(
                        "platform-auth.password-reset.resend-interval", "0",
                        "platform-auth.username-reminder.resend-interval", "0"))));
        }));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        realm = REALM.get();
    }

    String url(String path) {
        return realm.url() + SentinelRealm.API + path;
    }

    String pageUrl() {
        return realm.url() + "/sentinel/password-reset";
    }

    HttpResult token(String username, String password) {
        return Http.postJson(url("/token"), "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", Map.of());
    }

    String accessTokenOf(Account account) {
        HttpResult signedIn = token(account.username(), account.password());
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        return signedIn.json().get("token").asText();
    }

    HttpResult requestReset(String username) {
        return Http.postJson(url("/passwordReset"), "{\"username\":\"" + username + "\"}", Map.of());
    }

    HttpResult setPassword(String resetToken, String password) {
        return Http.postJson(url("/password"), "{\"password\":\"" + password + "\"}", Http.bearer(resetToken));
    }

    /** Requests a reset for {@code account} and returns the link of the mail that arrives (one more than before). */
    URI resetLink(Account account, String asked) {
        int before = mail.messagesTo(account.email()).size();
        HttpResult accepted = requestReset(asked);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        List<MimeMessage> messages = mail.awaitMessagesTo(account.email(), before + 1, Duration.ofSeconds(20));
        return linkIn(messages.get(messages.size() - 1));
    }

    static void assertError(HttpResult result, int status, String error) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.json().path("error").asText()).as(result.toString()).isEqualTo(error);
    }

    List<EventRepresentation> userEvents(String type, String userId) {
        return Polling.await(() -> realm.events(type).stream().filter(e -> userId.equals(e.getUserId())).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(10), type + " event of user " + userId);
    }
}
