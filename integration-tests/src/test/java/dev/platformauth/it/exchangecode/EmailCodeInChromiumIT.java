package dev.platformauth.it.exchangecode;

import dev.platformauth.it.support.Account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailCodes;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import dev.platformauth.it.support.browser.BrowserLogin;
import dev.platformauth.it.support.browser.BrowserRealms;
import dev.platformauth.it.support.browser.Chromium;
import dev.platformauth.it.support.browser.CodePage;
import dev.platformauth.it.support.browser.EmailPage;
import dev.platformauth.it.support.browser.LoginPage;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.openqa.selenium.By;

import static dev.platformauth.it.support.browser.ThemeMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Email code" login step in headless Chromium: keyboard only, with visible errors, a resend,
 * "Try another way" to the password, in English and German; every page accessible and without
 * console errors.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailCodeInChromiumIT {

    private MailServer mail;
    private BrowserRealms realms;
    private TestRealm realm;

    @RegisterExtension
    static final ClassRealm<BrowserRealms> REALM = ClassRealm.of((keycloak, mail) -> new BrowserRealms(keycloak, mail));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.mail = mail;
        realms = REALM.get();
        realm = realms.create("email-code-chromium",
                EmailCodeFlows.browserFlowWithPassword(Map.of("platform-auth.code.resend-interval", "0")));
    }

    private String newestCode(String email, int count) {
        List<MimeMessage> messages = mail.awaitMessagesTo(email, count, Duration.ofSeconds(20));
        return MailCodes.codeIn(messages.get(messages.size() - 1));
    }

    @Test
    @DisplayName("given the email-code login when a keyboard user enters the address, a wrong code, asks for a new one "
            + "and enters it then the app gets both tokens; errors are visible and announced, no page has console errors "
            + "or serious accessibility violations")
    void keyboardOnlySignIn() {
        Account user = Account.create(realm, "c");
        try (Chromium browser = Chromium.start()) {
            BrowserLogin login = realms.login(browser, realm, null);
            EmailPage emailPage = new EmailPage(browser);
            assertThat(emailPage.title()).isEqualTo(text("en", "platformAuthEmailTitle"));
            assertThat(browser.focused()).as("the address field has the focus").isEqualTo(browser.visible(EmailPage.EMAIL));
            emailPage.assertClean("login-email-code-address");
            emailPage.submitByKeyboard(user.email());

            CodePage codePage = new CodePage(browser);
            assertThat(codePage.title()).isEqualTo(text("en", "platformAuthCodeTitle"));
            assertThat(codePage.sentTo()).doesNotContain(user.email()).contains("@example.test");
            assertThat(browser.focused()).as("the code field has the focus").isEqualTo(browser.visible(CodePage.CODE));
            codePage.assertClean("login-email-code");
            String first = newestCode(user.email(), 1);
            realm.clearEvents();

            codePage.submitByKeyboard("AAAAA-BBBBB-CCCCC-DDDDD-EEEEEE");
            codePage = new CodePage(browser);
            assertThat(codePage.error("code")).isEqualTo(text("en", "platformAuthCodeInvalid"));
            codePage.assertClean("login-email-code-error");
            EventRepresentation failure = realm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0);
            assertThat(failure.getError()).isEqualTo("invalid_code");

            codePage.resendByKeyboard();
            codePage = new CodePage(browser);
            assertThat(codePage.message()).isEqualTo(text("en", "platformAuthCodeResent"));
            String second = newestCode(user.email(), 2);
            assertThat(second).isNotEqualTo(first);
            codePage.assertClean(null);

            codePage.submitByKeyboard(second);
            JsonNode tokens = login.tokens();
            assertThat(Jwt.payload(tokens.get("platform_access_token").asText()).get("email").asText()).isEqualTo(user.email());
            EventRepresentation signedIn = realm.awaitEvents("LOGIN", Duration.ofSeconds(10)).get(0);
            assertThat(signedIn.getDetails()).containsEntry("login_method", "exchange-code");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    @DisplayName("given the email-code login when the user picks Deutsch in the language selector then our pages and "
            + "their errors are German")
    void german() {
        Account user = Account.create(realm, "c");
        try (Chromium browser = Chromium.start()) {
            BrowserLogin login = realms.login(browser, realm, null);
            new EmailPage(browser).chooseLanguage("de");
            EmailPage emailPage = new EmailPage(browser);
            browser.awaitText(By.id("kc-page-title"), text("de", "platformAuthEmailTitle"));
            assertThat(browser.language()).isEqualTo("de");
            emailPage.assertClean("login-email-code-address-de");
            emailPage.submitByKeyboard(user.email());

            CodePage codePage = new CodePage(browser);
            assertThat(codePage.title()).isEqualTo(text("de", "platformAuthCodeTitle"));
            codePage.submitByKeyboard("AAAAA-BBBBB-CCCCC-DDDDD-EEEEEE");
            codePage = new CodePage(browser);
            assertThat(codePage.error("code")).isEqualTo(text("de", "platformAuthCodeInvalid"));
            codePage.assertClean("login-email-code-error-de");

            codePage.submitByKeyboard(newestCode(user.email(), 1));
            login.platformToken(browser);
        }
    }

    @Test
    @DisplayName("given the email-code login when the user takes \"Try another way\" then both ways are listed by name "
            + "and username and password sign in")
    void tryAnotherWayToPassword() {
        Account user = Account.create(realm, "c");
        try (Chromium browser = Chromium.start()) {
            BrowserLogin login = realms.login(browser, realm, null);
            List<String> ways = new EmailPage(browser).tryAnotherWay();
            assertThat(ways).containsExactly(text("en", "platform-auth-exchange-code-display-name"), "Username and password");
            browser.screenshot("login-try-another-way", LoginPage.LOGIN_CARD);
            LoginPage.chooseWay(browser, "Username and password");
            LoginPage.signInWithPassword(browser, user.username(), user.password());
            login.platformToken(browser);
            assertThat(mail.messagesTo(user.email())).as("no code was mailed").isEmpty();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
