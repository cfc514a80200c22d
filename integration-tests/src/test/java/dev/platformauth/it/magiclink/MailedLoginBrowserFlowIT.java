package dev.platformauth.it.magiclink;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.LoginForms;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The magic-link and email-OTP authenticators through the real login pages. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailedLoginBrowserFlowIT {

    private static final String MAGIC = "platform-auth-magic-link";
    private static final String OTP = "platform-auth-email-otp";

    private KeycloakServer keycloak;
    private MailServer mail;
    private TestRealm magicRealm;
    private TestRealm magicAnyBrowserRealm;
    private TestRealm otpRealm;
    private TestRealm secondFactorRealm;
    private final List<TestRealm> realms = new ArrayList<>();

    @BeforeAll
    void createRealms(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        magicRealm = realm("magic-flow", MailedLogins.browserFlow("magic", List.of(MAGIC), MAGIC,
                Map.of("platform-auth.magic-link.resend-interval", "0")));
        magicAnyBrowserRealm = realm("magic-any", MailedLogins.browserFlow("magic", List.of(MAGIC), MAGIC,
                Map.of("platform-auth.magic-link.resend-interval", "0", "platform-auth.magic-link.other-browser", "true")));
        otpRealm = realm("otp-flow", MailedLogins.browserFlow("otp", List.of(OTP), OTP,
                Map.of("platform-auth.email-otp.resend-interval", "60")));
        secondFactorRealm = realm("otp-2fa", MailedLogins.browserFlow("otp2", List.of("auth-username-password-form", OTP), OTP,
                Map.of("platform-auth.email-otp.resend-interval", "0")));
    }

    private TestRealm realm(String prefix, java.util.function.Consumer<org.keycloak.representations.idm.RealmRepresentation> flow) {
        TestRealm created = TestRealm.builder(keycloak, mail, prefix).customize(flow).create();
        realms.add(created);
        return created;
    }

    @AfterAll
    void deleteRealms() {
        realms.forEach(TestRealm::close);
    }

    private static Account newUser(TestRealm in) {
        return Account.create(in);
    }

    /** Asks for a link in {@code browser}'s login and returns the mailed link. */
    private String requestLink(BrowserSession browser, AuthorizationCodeFlow flow, Account user) {
        Page emailPage = flow.start();
        assertThat(emailPage.status()).as(emailPage.toString()).isEqualTo(200);
        Page sent = LoginForms.enterEmail(browser, emailPage, user.email());
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body()).doesNotContain(user.email());
        return MailedLogins.linkIn(mail.awaitOneTo(user.email()));
    }

    @HappyPath
    @Test
    @DisplayName("given the magic-link flow when the link is opened (GET twice) and confirmed (POST) in the same browser "
            + "then the app gets a code for its login; the GETs spent nothing")
    void magicLinkSameBrowser() {
        Account user = newUser(magicRealm);
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = browser.authorizationCodeFlow(magicRealm);
        String link = requestLink(browser, flow, user);
        assertThat(link).contains("platform_auth_magic_link=").contains("client_id=auth-service");

        // a mail scanner opening the link spends nothing
        HttpResult scanner = Http.get(link, Map.of());
        assertThat(scanner.status()).isEqualTo(200);

        Page confirm = browser.get(link);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(LoginForms.confirmationForm(confirm)).isNotNull();
        assertThat(confirm.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        magicRealm.clearEvents();

        Page done = LoginForms.confirm(browser, confirm);
        assertThat(done.leftKeycloak()).as(done.toString()).isTrue();
        HttpResult tokens = flow.exchange(flow.code(done));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.json().get("platform_access_token").asText()).isNotBlank();

        EventRepresentation login = magicRealm.awaitEvents("LOGIN", Duration.ofSeconds(10)).get(0);
        assertThat(login.getDetails()).containsEntry("login_method", "magic-link");

        // spent: the link now shows the "invalid link" page
        Page again = new BrowserSession(keycloak).get(link);
        assertThat(LoginForms.hasConfirmationForm(again)).as(again.toString()).isFalse();
        assertThat(again.errorMessage()).isNotBlank();
    }

    @Test
    @DisplayName("given the default config when the link is confirmed in another browser then it is refused "
            + "and still works in the browser that asked")
    void magicLinkOtherBrowserRefused() {
        Account user = newUser(magicRealm);
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = browser.authorizationCodeFlow(magicRealm);
        String link = requestLink(browser, flow, user);
        magicRealm.clearEvents();

        BrowserSession other = new BrowserSession(keycloak);
        Page otherConfirm = other.get(link);
        Page refused = LoginForms.confirm(other, otherConfirm);
        assertThat(refused.leftKeycloak()).isFalse();
        assertThat(refused.errorMessage()).isNotBlank();
        EventRepresentation error = magicRealm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0);
        assertThat(error.getError()).isEqualTo("magic_link_other_browser");

        Page done = LoginForms.confirm(browser, browser.get(link));
        assertThat(done.leftKeycloak()).as(done.toString()).isTrue();
        assertThat(flow.exchange(flow.code(done)).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("given other browsers allowed when the link is confirmed in another browser then that browser is signed in")
    void magicLinkOtherBrowserAllowed() {
        Account user = newUser(magicAnyBrowserRealm);
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = browser.authorizationCodeFlow(magicAnyBrowserRealm);
        String link = requestLink(browser, flow, user);

        BrowserSession phone = new BrowserSession(keycloak);
        Page done = LoginForms.confirm(phone, phone.get(link));
        assertThat(done.leftKeycloak()).as(done.toString()).isTrue();
        // the link repeats the app's request (state, PKCE challenge), so the app can redeem the code
        assertThat(flow.exchange(flow.code(done)).status()).isEqualTo(200);
        assertThat(phone.cookie("KEYCLOAK_IDENTITY")).isNotNull();
    }

    @HappyPath
    @Test
    @DisplayName("given the email-OTP flow as first factor when the mailed code is entered then the app gets both tokens")
    void otpFirstFactor() {
        Account user = newUser(otpRealm);
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
        Account user = newUser(secondFactorRealm);
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
        Account user = newUser(secondFactorRealm);
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
    @DisplayName("given the email-OTP flow when a code from another login is entered then it is refused")
    void otpBoundToLogin() {
        Account user = newUser(secondFactorRealm);
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
