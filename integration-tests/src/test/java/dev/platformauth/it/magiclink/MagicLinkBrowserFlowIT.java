package dev.platformauth.it.magiclink;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.LoginForms;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.Realms;
import dev.platformauth.it.support.TestRealm;
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

/** The magic-link authenticator through the real login pages. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MagicLinkBrowserFlowIT {

    private static final String MAGIC = "platform-auth-magic-link";

    private KeycloakServer keycloak;
    private MailServer mail;
    private TestRealm magicRealm;
    private TestRealm magicAnyBrowserRealm;

    @RegisterExtension
    static final ClassRealm<Realms> REALMS = ClassRealm.of(Realms::new);

    @BeforeAll
    void createRealms(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        magicRealm = REALMS.get().create("magic-flow", MailedLogins.browserFlow("magic", List.of(MAGIC), MAGIC,
                Map.of("platform-auth.magic-link.resend-interval", "0")));
        magicAnyBrowserRealm = REALMS.get().create("magic-any", MailedLogins.browserFlow("magic", List.of(MAGIC), MAGIC,
                Map.of("platform-auth.magic-link.resend-interval", "0", "platform-auth.magic-link.other-browser", "true")));
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

    @Test
    @DisplayName("attack: a realm whose referrer policy lets URLs leave (unsafe-url): the link's landing pages still say "
            + "no-referrer, keep the realm's other security headers, and take the token out of the address bar")
    void landingPagesLeakNoLink() {
        Map<String, String> before = magicRealm.resource().toRepresentation().getBrowserSecurityHeaders();
        Map<String, String> permissive = new java.util.HashMap<>(before);
        permissive.put("referrerPolicy", "unsafe-url");
        permissive.put("xFrameOptions", "DENY");
        magicRealm.update(rep -> rep.setBrowserSecurityHeaders(permissive));
        try {
            Account user = Account.create(magicRealm);
            BrowserSession browser = new BrowserSession(keycloak);
            AuthorizationCodeFlow flow = browser.authorizationCodeFlow(magicRealm);
            String link = requestLink(browser, flow, user);
            Page confirm = browser.get(link);
            assertThat(LoginForms.confirmationForm(confirm)).as(confirm.toString()).isNotNull();
            assertThat(confirm.headers().allValues("Referrer-Policy")).containsExactly("no-referrer");
            assertThat(confirm.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(confirm.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(confirm.body()).contains("history.replaceState").contains("query.delete(\"platform_auth_magic_link\")");

            String token = AuthorizationCodeFlow.query(java.net.URI.create(link)).get("platform_auth_magic_link");
            Page invalid = new BrowserSession(keycloak).get(link.replace(token, token + "x"));
            assertThat(invalid.errorMessage()).as(invalid.toString()).isNotBlank();
            assertThat(invalid.headers().allValues("Referrer-Policy")).containsExactly("no-referrer");
            assertThat(invalid.headers().firstValue("X-Frame-Options")).contains("DENY");
        } finally {
            magicRealm.update(rep -> rep.setBrowserSecurityHeaders(before));
        }
    }

    @HappyPath
    @Test
    @DisplayName("given the magic-link flow when the link is opened (GET twice) and confirmed (POST) in the same browser "
            + "then the app gets a code for its login; the GETs spent nothing")
    void magicLinkSameBrowser() {
        Account user = Account.create(magicRealm);
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
        Account user = Account.create(magicRealm);
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
        Account user = Account.create(magicAnyBrowserRealm);
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

}
