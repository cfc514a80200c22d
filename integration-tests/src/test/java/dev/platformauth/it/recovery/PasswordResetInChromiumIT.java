package dev.platformauth.it.recovery;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.ResetLinks;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import dev.platformauth.it.support.browser.BrowserLogin;
import dev.platformauth.it.support.browser.Chromium;
import dev.platformauth.it.support.browser.PasswordResetPage;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.platformauth.it.support.browser.ThemeMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The landing page of mailed password-reset links in headless Chromium: a password the realm policy
 * refuses shows the policy's message at the field, a good one is set; in English and German.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordResetInChromiumIT {

    /** Keycloak's own policy messages (its login theme), in the two languages. */
    private static final Map<String, String> MIN_LENGTH_12 = Map.of(
            "en", "Invalid password: minimum length 12.",
            "de", "Ungültiges Passwort: Es muss mindestens 12 Zeichen lang sein.");

    private MailServer mail;
    private TestRealm realm;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "reset-chromium", rep -> {
        BrowserLogin.englishAndGerman().accept(rep);
        rep.setPasswordPolicy("length(12)");
        rep.getClients().stream().filter(client -> SentinelRealm.CLIENT.equals(client.getClientId())).forEach(client ->
                client.setAttributes(new HashMap<>(Map.of("platform-auth.password-reset.resend-interval", "0"))));
        }));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.mail = mail;
        realm = REALM.get();
    }

    /** Asks the sentinel API for a reset of {@code account} and returns the mailed link. */
    private URI resetLink(Account account) {
        HttpResult accepted = Http.postJson(realm.url() + SentinelRealm.API + "/passwordReset",
                "{\"username\":\"" + account.username() + "\"}", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        List<MimeMessage> messages = mail.awaitMessagesTo(account.email(), 1, Duration.ofSeconds(20));
        return ResetLinks.linkIn(messages.get(messages.size() - 1));
    }

    private int signInStatus(Account account, String password) {
        return Http.postJson(realm.url() + SentinelRealm.API + "/token",
                "{\"username\":\"" + account.username() + "\",\"password\":\"" + password + "\"}", Map.of()).status();
    }

    private void resetIn(String language) {
        Account account = Account.create(realm, "r");
        URI link = resetLink(account);
        try (Chromium browser = Chromium.start(language)) {
            browser.open(link.toString());
            PasswordResetPage page = new PasswordResetPage(browser);
            assertThat(page.title()).isEqualTo(text(language, "platformAuthPasswordResetTitle"));
            assertThat(page.account()).isEqualTo(text(language, "platformAuthPasswordResetAccount", account.username()));
            assertThat(browser.language()).isEqualTo(language);
            assertThat(browser.url()).as("the token leaves the address bar").doesNotContain("token=");
            String suffix = language.equals("en") ? "" : "-" + language;
            page.assertClean("password-reset" + suffix);

            page.submitByKeyboard("too-short", "too-short");
            page = new PasswordResetPage(browser);
            assertThat(page.fieldError("password")).isEqualTo(MIN_LENGTH_12.get(language));
            page.assertClean("password-reset-weak" + suffix);
            assertThat(signInStatus(account, account.password())).as("nothing changed yet").isEqualTo(200);

            String newPassword = "Chromium-" + account.username();
            page.submitByKeyboard(newPassword, newPassword);
            page = new PasswordResetPage(browser);
            browser.visible(PasswordResetPage.DONE);
            assertThat(page.title()).isEqualTo(text(language, "platformAuthPasswordResetDoneTitle"));
            page.assertClean("password-reset-done" + suffix);
            assertThat(signInStatus(account, newPassword)).isEqualTo(200);
            assertThat(signInStatus(account, account.password())).isEqualTo(401);

            browser.open(link.toString());
            browser.visible(PasswordResetPage.INVALID);
            new PasswordResetPage(browser).assertClean(null);
        }
    }

    @Test
    @DisplayName("given a mailed reset link when a keyboard user enters a too-short password then the realm policy's "
            + "message shows at the field; a good one is set, the old one stops working, the link is spent")
    void english() {
        resetIn("en");
    }

    @Test
    @DisplayName("given a German browser when the reset link is opened then the page and the policy message are German")
    void german() {
        resetIn("de");
    }
}
