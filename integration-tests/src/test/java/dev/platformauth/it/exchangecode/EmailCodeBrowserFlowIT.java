package dev.platformauth.it.exchangecode;

import dev.platformauth.it.support.Account;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BackgroundWork;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.LoginForms;
import dev.platformauth.it.support.MailCodes;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Email code" authenticator through the real login pages. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailCodeBrowserFlowIT {


    private TestRealm realm;
    private KeycloakServer keycloak;
    private MailServer mail;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.builder(keycloak, mail, "email-code-flow")
            .customize(EmailCodeFlows.browserFlow(Map.of(
                    "platform-auth.code.lifetime", "300",
                    "platform-auth.code.resend-interval", "60")))
            .create());

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        realm = REALM.get();
    }

    private String newEmail(TestRealm in) {
        String name = "w" + UUID.randomUUID().toString().substring(0, 8);
        String email = name + "@example.test";
        in.createUser(name, email, "pw-" + name);
        return email;
    }

    @HappyPath
    @Test
    @DisplayName("given the email-code browser flow when the user enters the mailed code then the app gets both tokens")
    void signIn() throws Exception {
        String email = newEmail(realm);
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = browser.authorizationCodeFlow(realm);
        Page emailPage = flow.start();
        assertThat(emailPage.status()).isEqualTo(200);

        Page codePage = LoginForms.enterEmail(browser, emailPage, email);
        assertThat(LoginForms.codeForm(codePage)).isNotNull();
        assertThat(codePage.body()).doesNotContain(email); // only the masked address is shown
        String code = MailCodes.codeIn(mail.awaitOneTo(email));

        Page wrong = LoginForms.enterCode(browser, codePage, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEEE");
        assertThat(wrong.errorMessage()).isNotBlank();
        EventRepresentation failure = realm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0);
        assertThat(failure.getError()).isEqualTo("invalid_code");
        assertThat(failure.getDetails()).containsEntry("login_method", "exchange-code");

        Page done = LoginForms.enterCode(browser, wrong, code);
        assertThat(done.leftKeycloak()).as(done.toString()).isTrue();
        HttpResult tokens = flow.exchange(flow.code(done));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        JWTClaimsSet platform = Jwt.verify(tokens.json().get("platform_access_token").asText(), realm.jwksUri());
        assertThat(platform.getStringClaim("email")).isEqualTo(email);

        EventRepresentation login = realm.awaitEvents("LOGIN", Duration.ofSeconds(10)).get(0);
        assertThat(login.getDetails()).containsEntry("login_method", "exchange-code");
    }

    @Test
    @DisplayName("given an unknown address when entered then the same code page shows and no mail is sent")
    void unknownAddress() {
        BrowserSession browser = new BrowserSession(keycloak);
        Page emailPage = browser.authorizationCodeFlow(realm).start();
        String unknown = "ghost-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        Account known = Account.create(realm, "c");
        // a known address entered after it is the marker: once its mail job is done, a mail to the unknown one would be there
        BackgroundWork.settle(keycloak, () -> assertThat(LoginForms.codeForm(LoginForms.enterEmail(browser, emailPage, unknown)))
                .isNotNull(), () -> {
                    BrowserSession other = new BrowserSession(keycloak);
                    LoginForms.enterEmail(other, other.authorizationCodeFlow(realm).start(), known.email());
                });
        mail.awaitOneTo(known.email());
        mail.assertNoMessageTo(unknown, Duration.ZERO);
    }

    @Test
    @DisplayName("given a non-email when entered then the email page shows an error")
    void invalidEmail() {
        BrowserSession browser = new BrowserSession(keycloak);
        Page emailPage = browser.authorizationCodeFlow(realm).start();
        Page again = LoginForms.enterEmail(browser, emailPage, "not-an-address");
        assertThat(LoginForms.emailForm(again)).isNotNull();
        assertThat(again.errorMessage()).isNotBlank();
    }

    @Test
    @DisplayName("given a code just sent when resend is asked at once then it is refused until the interval passes")
    void resendCooldown() {
        String email = newEmail(realm);
        BrowserSession browser = new BrowserSession(keycloak);
        // from before the first send: a resend that queued a mail would log its job after that one's
        int mark = BackgroundWork.mark(keycloak);
        Page codePage = LoginForms.enterEmail(browser, browser.authorizationCodeFlow(realm).start(), email);
        mail.awaitOneTo(email);
        Page resent = LoginForms.resend(browser, codePage);
        assertThat(resent.errorMessage()).isNotBlank();
        BackgroundWork.awaitIdle(keycloak, mark);
        assertThat(mail.messagesTo(email)).hasSize(1);
    }

    @Test
    @DisplayName("given a code from another login when entered then it is refused (codes are bound to their login)")
    void boundToLogin() {
        String email = newEmail(realm);
        BrowserSession first = new BrowserSession(keycloak);
        LoginForms.enterEmail(first, first.authorizationCodeFlow(realm).start(), email);
        String code = MailCodes.codeIn(mail.awaitOneTo(email));

        BrowserSession second = new BrowserSession(keycloak);
        Page otherCodePage = LoginForms.enterEmail(second, second.authorizationCodeFlow(realm).start(), "someone-else-" + UUID.randomUUID().toString().substring(0, 6) + "@example.test");
        Page refused = LoginForms.enterCode(second, otherCodePage, code);
        assertThat(refused.leftKeycloak()).isFalse();
        assertThat(refused.errorMessage()).isNotBlank();
    }

    @Test
    @DisplayName("given brute-force protection when wrong codes reach the limit then the account is locked and even the right code is refused")
    void bruteForce() {
        try (TestRealm locked = TestRealm.builder(keycloak, mail, "email-code-bf")
                .customize(EmailCodeFlows.browserFlow(Map.of("platform-auth.code.resend-interval", "0")))
                .customize(rep -> {
                    rep.setBruteForceProtected(true);
                    rep.setFailureFactor(3);
                    rep.setWaitIncrementSeconds(600);
                    rep.setMaxFailureWaitSeconds(900);
                    rep.setQuickLoginCheckMilliSeconds(0L);
                })
                .create()) {
            String email = newEmail(locked);
            String userId = locked.resource().users().searchByEmail(email, true).get(0).getId();
            BrowserSession browser = new BrowserSession(keycloak);
            Page page = LoginForms.enterEmail(browser, browser.authorizationCodeFlow(locked).start(), email);
            mail.awaitOneTo(email);
            for (int i = 0; i < 3; i++) {
                page = LoginForms.enterCode(browser, page, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE" + i);
            }
            // Keycloak's detector records failures asynchronously
            Map<String, Object> status = Polling.await(() -> locked.resource().attackDetection().bruteForceUserStatus(userId),
                    found -> Boolean.TRUE.equals(found.get("disabled")), Duration.ofSeconds(15), "the account's lockout");
            assertThat(((Number) status.get("numFailures")).intValue()).isGreaterThanOrEqualTo(3);

            Page resent = LoginForms.resend(browser, page);
            List<MimeMessage> mails = mail.awaitMessagesTo(email, 2, Duration.ofSeconds(20));
            String rightCode = MailCodes.codeIn(mails.get(1));
            Page refused = LoginForms.enterCode(browser, resent, rightCode);
            assertThat(refused.leftKeycloak()).isFalse();
            assertThat(refused.errorMessage()).isNotBlank();
        }
    }
}
