package dev.platformauth.it.emailotp;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.EmailSignIns;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.LoginForms;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.Realms;
import dev.platformauth.it.support.TestRealm;
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

import static org.assertj.core.api.Assertions.assertThat;

/** The email-OTP authenticator through the real login pages, as first and as second factor. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailOtpBrowserFlowIT {

    private static final String OTP = "platform-auth-email-otp";
    /** No resend interval, 5 entries per code, 6 per account and day. */
    private static final Map<String, String> LIMITED = Map.of("platform-auth.email-otp.resend-interval", "0",
            "platform-auth.email-otp.max-attempts", "5", "platform-auth.email-otp.max-account-attempts", "6",
            "platform-auth.email-otp.account-attempt-window", "86400");

    private KeycloakServer keycloak;
    private MailServer mail;
    private TestRealm otpRealm;
    private TestRealm secondFactorRealm;

    @RegisterExtension
    static final ClassRealm<Realms> REALMS = ClassRealm.of(Realms::new);

    @BeforeAll
    void createRealms(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        otpRealm = REALMS.get().create("otp-flow", MailedLogins.browserFlow("otp", List.of(OTP), OTP,
                Map.of("platform-auth.email-otp.resend-interval", "60")));
        secondFactorRealm = REALMS.get().create("otp-2fa", MailedLogins.browserFlow("otp2", List.of("auth-username-password-form", OTP), OTP,
                Map.of("platform-auth.email-otp.resend-interval", "0")));
    }

    @HappyPath
    @Test
    @DisplayName("given the email-OTP flow as first factor when the mailed code is entered then the app gets both tokens")
    void otpFirstFactor() {
        Account user = Account.create(otpRealm);
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = browser.authorizationCodeFlow(otpRealm);
        Page codePage = LoginForms.enterEmail(browser, flow.start(), user.email());
        assertThat(LoginForms.codeForm(codePage)).isNotNull();
        String otp = MailedLogins.otpIn(mail.awaitOneTo(user.email()));
        otpRealm.clearEvents();

        String wrongCode = otp.equals("000000") ? "111111" : "000000";
        Page wrong = LoginForms.enterCode(browser, codePage, wrongCode);
        assertThat(wrong.leftKeycloak()).isFalse();
        assertThat(wrong.errorMessage()).isNotBlank();
        EventRepresentation failure = otpRealm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0);
        assertThat(failure.getError()).isEqualTo("invalid_code");
        assertThat(failure.getDetails()).containsEntry("login_method", "email-otp");

        Page resent = LoginForms.resend(browser, wrong);
        assertThat(resent.errorMessage()).isNotBlank(); // cooldown of 60 s

        Page done = LoginForms.enterCode(browser, resent, otp);
        assertThat(done.leftKeycloak()).as(done.toString()).isTrue();
        assertThat(flow.exchange(flow.code(done)).status()).isEqualTo(200);
        EventRepresentation login = otpRealm.awaitEvents("LOGIN", Duration.ofSeconds(10)).get(0);
        assertThat(login.getDetails()).containsEntry("login_method", "email-otp");
        assertThat(mail.messagesTo(user.email())).hasSize(1);
    }

    @Test
    @DisplayName("given email OTP after the password form when the password is right then the code page follows and "
            + "the mailed code signs in")
    void otpSecondFactor() {
        Account user = Account.create(secondFactorRealm);
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = browser.authorizationCodeFlow(secondFactorRealm);
        Page codePage = flow.login(flow.start(), user.username(), user.password());
        assertThat(LoginForms.codeForm(codePage)).as(codePage.toString()).isNotNull();
        assertThat(LoginForms.hasEmailForm(codePage)).as(codePage.toString()).isFalse();
        String otp = MailedLogins.otpIn(mail.awaitOneTo(user.email()));
        Page done = LoginForms.enterCode(browser, codePage, otp);
        assertThat(done.leftKeycloak()).as(done.toString()).isTrue();
        assertThat(flow.exchange(flow.code(done)).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("given the email-OTP flow when 5 wrong codes are entered then even the right code is refused "
            + "with a too_many_attempts LOGIN_ERROR")
    void otpAttemptLimit() {
        Account user = Account.create(secondFactorRealm);
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = browser.authorizationCodeFlow(secondFactorRealm);
        Page page = flow.login(flow.start(), user.username(), user.password());
        String otp = MailedLogins.otpIn(mail.awaitOneTo(user.email()));
        String wrongCode = otp.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            page = LoginForms.enterCode(browser, page, wrongCode);
        }
        secondFactorRealm.clearEvents();
        Page refused = LoginForms.enterCode(browser, page, otp);
        assertThat(refused.leftKeycloak()).isFalse();
        assertThat(refused.errorMessage()).isNotBlank();
        EventRepresentation error = secondFactorRealm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0);
        assertThat(error.getError()).isEqualTo("too_many_attempts");
    }

    @Test
    @DisplayName("given a failure limit per account when its failures are used up over two logins then the right code "
            + "of the second login is refused with a too_many_attempts LOGIN_ERROR and a page that says how long to wait")
    void otpAccountLimit() {
        TestRealm limited = REALMS.get().create("otp-2fa-limit", MailedLogins.browserFlow("otp3",
                List.of("auth-username-password-form", OTP), OTP, LIMITED));
        Account user = Account.create(limited);
        BrowserSession first = new BrowserSession(keycloak);
        AuthorizationCodeFlow firstFlow = first.authorizationCodeFlow(limited);
        Page page = firstFlow.login(firstFlow.start(), user.username(), user.password());
        String firstCode = MailedLogins.otpIn(mail.awaitOneTo(user.email()));
        for (int i = 0; i < 5; i++) {
            page = LoginForms.enterCode(first, page, MailedLogins.wrongOtp(firstCode, i));
        }

        BrowserSession second = new BrowserSession(keycloak);
        AuthorizationCodeFlow secondFlow = second.authorizationCodeFlow(limited);
        Page secondPage = secondFlow.login(secondFlow.start(), user.username(), user.password());
        List<MimeMessage> mails = mail.awaitMessagesTo(user.email(), 2, Duration.ofSeconds(20));
        String secondCode = MailedLogins.otpIn(mails.get(mails.size() - 1));
        Page wrong = LoginForms.enterCode(second, secondPage, MailedLogins.wrongOtp(secondCode, 0));
        limited.clearEvents();
        Page refused = LoginForms.enterCode(second, wrong, secondCode);
        assertThat(refused.leftKeycloak()).isFalse();
        assertThat(refused.errorMessage()).as("a new code would not help: the page says to wait (the window's 24 h, in minutes)")
                .startsWith("Too many wrong codes for this account. Try again in ").endsWith(" min.")
                .doesNotContain("Request a new code");
        EventRepresentation error = limited.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0);
        assertThat(error.getError()).isEqualTo("too_many_attempts");
    }

    @Test
    @DisplayName("given the email OTP as second factor when the account's API entries are used up then its login "
            + "pages still take the right code: the second factor counts in a window of its own")
    void apiEntriesLeaveTheSecondFactorAlone() {
        TestRealm both = REALMS.get().create("otp-2fa-api", MailedLogins.browserFlow("otp4",
                List.of("auth-username-password-form", OTP), OTP, LIMITED).andThen(MailedLogins.apiEnabled(LIMITED)));
        Account user = Account.create(both);
        EmailSignIns api = new EmailSignIns(both, mail);
        for (int code = 0; code < 2; code++) {
            String otp = api.emailOtp(user.email());
            for (int i = 0; i < (code == 0 ? 5 : 1); i++) {
                assertThat(api.verify(user.email(), MailedLogins.wrongOtp(otp, i)).status()).isEqualTo(400);
            }
            if (code == 1) {
                assertThat(api.verify(user.email(), otp).status()).as("the API's window is full").isEqualTo(429);
            }
        }

        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = browser.authorizationCodeFlow(both);
        Page codePage = flow.login(flow.start(), user.username(), user.password());
        List<MimeMessage> mails = mail.awaitMessagesTo(user.email(), 3, Duration.ofSeconds(20));
        Page done = LoginForms.enterCode(browser, codePage, MailedLogins.otpIn(mails.get(2)));
        assertThat(done.leftKeycloak()).as(done.toString()).isTrue();
    }

    @Test
    @DisplayName("given the email-OTP flow when a code from another login is entered then it is refused")
    void otpBoundToLogin() {
        Account user = Account.create(secondFactorRealm);
        BrowserSession first = new BrowserSession(keycloak);
        AuthorizationCodeFlow firstFlow = first.authorizationCodeFlow(secondFactorRealm);
        firstFlow.login(firstFlow.start(), user.username(), user.password());
        String otp = MailedLogins.otpIn(mail.awaitOneTo(user.email()));

        BrowserSession second = new BrowserSession(keycloak);
        AuthorizationCodeFlow secondFlow = second.authorizationCodeFlow(secondFactorRealm);
        Page secondCodePage = secondFlow.login(secondFlow.start(), user.username(), user.password());
        mail.awaitMessagesTo(user.email(), 2, Duration.ofSeconds(20));
        Page refused = LoginForms.enterCode(second, secondCodePage, otp);
        assertThat(refused.leftKeycloak()).isFalse();
        assertThat(refused.errorMessage()).isNotBlank();
    }
}
