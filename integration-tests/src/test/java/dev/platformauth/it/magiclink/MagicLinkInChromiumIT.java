package dev.platformauth.it.magiclink;

import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.TestRealm;
import dev.platformauth.it.support.browser.BrowserLogin;
import dev.platformauth.it.support.browser.BrowserRealms;
import dev.platformauth.it.support.browser.Chromium;
import dev.platformauth.it.support.browser.EmailPage;
import dev.platformauth.it.support.browser.MagicLinkPages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.EventRepresentation;

import static dev.platformauth.it.support.browser.ThemeMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The magic-link login step in headless Chromium: the link opened in the browser that asked for it,
 * and in another browser whose confirm page names the account; in English and German.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MagicLinkInChromiumIT {

    private static final String MAGIC = "platform-auth-magic-link";

    private MailServer mail;
    private BrowserRealms realms;
    private TestRealm sameBrowserRealm;
    private TestRealm anyBrowserRealm;

    @RegisterExtension
    static final ClassRealm<BrowserRealms> REALM = ClassRealm.of((keycloak, mail) -> new BrowserRealms(keycloak, mail));

    @BeforeAll
    void createRealms(KeycloakServer keycloak, MailServer mail) {
        this.mail = mail;
        realms = REALM.get();
        sameBrowserRealm = realms.create("magic-chromium", MailedLogins.browserFlow("magic", List.of(MAGIC), MAGIC,
                Map.of("platform-auth.magic-link.resend-interval", "0")));
        anyBrowserRealm = realms.create("magic-any-chromium", MailedLogins.browserFlow("magic", List.of(MAGIC), MAGIC,
                Map.of("platform-auth.magic-link.resend-interval", "0", "platform-auth.magic-link.other-browser", "true")));
    }

    /** Asks for a link on the email page of {@code browser}'s login and returns the mailed link. */
    private String requestLink(Chromium browser, Account user, String language, String sentScreenshot) {
        EmailPage emailPage = new EmailPage(browser);
        assertThat(emailPage.title()).isEqualTo(text(language, "platformAuthMagicLinkTitle"));
        emailPage.assertClean(sentScreenshot == null ? null : sentScreenshot.replace("sent", "address"));
        emailPage.submitByKeyboard(user.email());
        MagicLinkPages.Sent sent = new MagicLinkPages.Sent(browser);
        assertThat(sent.title()).isEqualTo(text(language, "platformAuthMagicLinkSentTitle"));
        assertThat(sent.sentTo()).doesNotContain(user.email());
        sent.assertClean(sentScreenshot);
        return MailedLogins.linkIn(mail.awaitOneTo(user.email()));
    }

    @Test
    @DisplayName("given the magic-link login when the mailed link is opened in the same browser and confirmed with the "
            + "keyboard then the app gets its tokens and a LOGIN event says magic-link")
    void sameBrowser() {
        Account user = Account.create(sameBrowserRealm);
        try (Chromium browser = Chromium.start()) {
            BrowserLogin login = realms.login(browser, sameBrowserRealm, null);
            String link = requestLink(browser, user, "en", "login-magic-link-sent");
            sameBrowserRealm.clearEvents();

            browser.open(link);
            MagicLinkPages.Confirm confirm = new MagicLinkPages.Confirm(browser);
            assertThat(confirm.title()).isEqualTo(text("en", "platformAuthMagicLinkConfirmTitle"));
            confirm.assertClean("login-magic-link-confirm");
            confirm.confirmByKeyboard();

            login.platformToken(browser);
            EventRepresentation signedIn = sameBrowserRealm.awaitEvents("LOGIN", Duration.ofSeconds(10)).get(0);
            assertThat(signedIn.getDetails()).containsEntry("login_method", "magic-link");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @ParameterizedTest(name = "ui_locales={0}")
    @ValueSource(strings = {"en", "de"})
    @DisplayName("given links may be opened elsewhere when the link is opened in another (English) browser then its "
            + "confirm page names the account in the language the app asked for, and confirming signs that browser in")
    void otherBrowserAllowed(String language) {
        Account user = Account.create(anyBrowserRealm);
        try (Chromium browser = Chromium.start(); Chromium phone = Chromium.start()) {
            BrowserLogin login = realms.login(browser, anyBrowserRealm, language);
            String link = requestLink(browser, user, language, null);
            assertThat(link).as("the link keeps the login's language").contains("ui_locales=" + language);

            phone.open(link);
            MagicLinkPages.Confirm confirm = new MagicLinkPages.Confirm(phone);
            assertThat(confirm.title()).isEqualTo(text(language, "platformAuthMagicLinkConfirmTitle"));
            assertThat(confirm.account()).isEqualTo(text(language, "platformAuthMagicLinkConfirmAccount", user.email()));
            confirm.assertClean("en".equals(language) ? "login-magic-link-confirm-other-browser" : null);
            confirm.confirmByKeyboard();

            // the link repeats the app's request (state, PKCE challenge): the code arrives in the other browser
            login.platformToken(phone);
        }
    }

    @Test
    @DisplayName("given links bound to their browser when the link is confirmed in another browser then a visible error "
            + "says to open it where it was asked for")
    void otherBrowserRefused() {
        Account user = Account.create(sameBrowserRealm);
        try (Chromium browser = Chromium.start(); Chromium other = Chromium.start()) {
            realms.login(browser, sameBrowserRealm, null);
            String link = requestLink(browser, user, "en", null);

            other.open(link);
            MagicLinkPages.Confirm confirm = new MagicLinkPages.Confirm(other);
            assertThat(confirm.account()).isEqualTo(text("en", "platformAuthMagicLinkConfirmAccount", user.email()));
            confirm.confirmByKeyboard();
            EmailPage refused = new EmailPage(other);
            assertThat(refused.message()).isEqualTo(text("en", "platformAuthMagicLinkOtherBrowser"));
            refused.assertClean(null);
        }
    }

    @Test
    @DisplayName("given a browser set to German when a link is asked for and opened then every page is German")
    void german() {
        Account user = Account.create(sameBrowserRealm);
        // the browser's language, not ui_locales: the link starts a new request, which carries no ui_locales
        try (Chromium browser = Chromium.start("de")) {
            BrowserLogin login = realms.login(browser, sameBrowserRealm, null);
            String link = requestLink(browser, user, "de", "login-magic-link-sent-de");
            assertThat(browser.language()).isEqualTo("de");
            browser.open(link);
            MagicLinkPages.Confirm confirm = new MagicLinkPages.Confirm(browser);
            assertThat(confirm.title()).isEqualTo(text("de", "platformAuthMagicLinkConfirmTitle"));
            confirm.confirmByKeyboard();
            login.platformToken(browser);
        }
    }
}
