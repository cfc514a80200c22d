package dev.platformauth.it.emailotp;

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

import static dev.platformauth.it.support.browser.ThemeMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email-OTP login step in headless Chromium, as the first factor (address, then code) and as the
 * second factor after the password, with a resend, in English and German.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailOtpInChromiumIT {

    private static final String OTP = "platform-auth-email-otp";
    private static final Map<String, String> NO_RESEND_WAIT = Map.of("platform-auth.email-otp.resend-interval", "0");

    private MailServer mail;
    private BrowserRealms realms;
    private TestRealm firstFactorRealm;
    private TestRealm secondFactorRealm;

    @RegisterExtension
    static final ClassRealm<BrowserRealms> REALM = ClassRealm.of((keycloak, mail) -> new BrowserRealms(keycloak, mail));

    @BeforeAll
    void createRealms(KeycloakServer keycloak, MailServer mail) {
        this.mail = mail;
        realms = REALM.get();
        firstFactorRealm = realms.create("otp-chromium", MailedLogins.browserFlow("otp", List.of(OTP), OTP, NO_RESEND_WAIT));
        secondFactorRealm = realms.create("otp-2fa-chromium",
                MailedLogins.browserFlow("otp", List.of("auth-username-password-form", OTP), OTP, NO_RESEND_WAIT));
    }

    private String newestOtp(String email, int count) {
        List<MimeMessage> messages = mail.awaitMessagesTo(email, count, Duration.ofSeconds(20));
        return MailedLogins.otpIn(messages.get(messages.size() - 1));
    }

    @Test
    @DisplayName("given email OTP as the first factor when a keyboard user asks for a new code then the first one is "
            + "refused with a visible error and the new one signs in")
    void firstFactorWithResend() {
        Account user = Account.create(firstFactorRealm);
        try (Chromium browser = Chromium.start()) {
            BrowserLogin login = realms.login(browser, firstFactorRealm, null);
            EmailPage emailPage = new EmailPage(browser);
            emailPage.assertClean("login-email-otp-address");
            emailPage.submitByKeyboard(user.email());
            CodePage codePage = new CodePage(browser);
            assertThat(codePage.sentTo()).doesNotContain(user.email());
            codePage.assertClean("login-email-otp");
            String first = newestOtp(user.email(), 1);

            codePage.resendByKeyboard();
            codePage = new CodePage(browser);
            assertThat(codePage.message()).isEqualTo(text("en", "platformAuthCodeResent"));
            String second = newestOtp(user.email(), 2);
            firstFactorRealm.clearEvents();

            if (!first.equals(second)) {
                codePage.submitByKeyboard(first);
                codePage = new CodePage(browser);
                assertThat(codePage.error("code")).isEqualTo(text("en", "platformAuthCodeInvalid"));
                codePage.assertClean("login-email-otp-error");
            }
            codePage.submitByKeyboard(second);
            login.platformToken(browser);
            EventRepresentation signedIn = firstFactorRealm.awaitEvents("LOGIN", Duration.ofSeconds(10)).get(0);
            assertThat(signedIn.getDetails()).containsEntry("login_method", "email-otp");
        }
    }

    @Test
    @DisplayName("given email OTP after the password when the password is right then the code page asks no address; "
            + "a wrong code shows an error, a resent code signs in")
    void secondFactor() {
        Account user = Account.create(secondFactorRealm);
        try (Chromium browser = Chromium.start()) {
            BrowserLogin login = realms.login(browser, secondFactorRealm, null);
            LoginPage.signInWithPassword(browser, user.username(), user.password());
            CodePage codePage = new CodePage(browser);
            assertThat(browser.present(EmailPage.EMAIL)).isFalse();
            codePage.assertClean("login-email-otp-second-factor");
            String first = newestOtp(user.email(), 1);

            codePage.submitByKeyboard(MailedLogins.wrongOtp(first, 0));
            codePage = new CodePage(browser);
            assertThat(codePage.error("code")).isEqualTo(text("en", "platformAuthCodeInvalid"));

            codePage.resendByKeyboard();
            codePage = new CodePage(browser);
            codePage.submitByKeyboard(newestOtp(user.email(), 2));
            login.platformToken(browser);
        }
    }

    @Test
    @DisplayName("given a German login (ui_locales=de) with email OTP after the password then the code page and its "
            + "errors are German")
    void secondFactorGerman() {
        Account user = Account.create(secondFactorRealm);
        try (Chromium browser = Chromium.start()) {
            BrowserLogin login = realms.login(browser, secondFactorRealm, "de");
            LoginPage.signInWithPassword(browser, user.username(), user.password());
            CodePage codePage = new CodePage(browser);
            assertThat(codePage.title()).isEqualTo(text("de", "platformAuthCodeTitle"));
            assertThat(browser.language()).isEqualTo("de");
            String otp = newestOtp(user.email(), 1);
            codePage.submitByKeyboard(MailedLogins.wrongOtp(otp, 0));
            codePage = new CodePage(browser);
            assertThat(codePage.error("code")).isEqualTo(text("de", "platformAuthCodeInvalid"));
            codePage.assertClean("login-email-otp-error-de");
            codePage.submitByKeyboard(otp);
            login.platformToken(browser);
        }
    }
}
