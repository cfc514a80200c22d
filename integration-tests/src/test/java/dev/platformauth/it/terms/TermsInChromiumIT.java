package dev.platformauth.it.terms;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import dev.platformauth.it.support.browser.BrowserLogin;
import dev.platformauth.it.support.browser.BrowserRealms;
import dev.platformauth.it.support.browser.Chromium;
import dev.platformauth.it.support.browser.LoginPage;
import dev.platformauth.it.support.browser.TermsPage;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.platformauth.it.support.browser.ThemeMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The terms page of the terms required action in headless Chromium: accept, decline, a version bump, German. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TermsInChromiumIT {

    private KeycloakServer keycloak;
    private MailServer mail;
    private BrowserRealms realms;
    private TestRealm realm;

    @RegisterExtension
    static final ClassRealm<BrowserRealms> REALM = ClassRealm.of((keycloak, mail) -> new BrowserRealms(keycloak, mail));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        realms = REALM.get();
        realm = realms.adopt(TermsRealm.create(keycloak, mail, "terms-chromium"));
    }

    /** Starts a login of {@code in} and signs in with the password; the terms page follows. */
    private BrowserLogin signIn(Chromium browser, TestRealm in, Account account, String uiLocales) {
        BrowserLogin login = realms.login(browser, in, uiLocales);
        LoginPage.signInWithPassword(browser, account.username(), account.password());
        return login;
    }

    @Test
    @DisplayName("given a new user when they sign in then the terms page shows the version and the link; accepting with "
            + "the keyboard lets them in with the version in the token")
    void accept() {
        Account account = Account.create(realm, "t");
        try (Chromium browser = Chromium.start()) {
            BrowserLogin login = signIn(browser, realm, account, null);
            TermsPage terms = new TermsPage(browser);
            assertThat(terms.title()).isEqualTo(text("en", "platformAuthTermsTitle"));
            assertThat(terms.intro()).isEqualTo(text("en", "platformAuthTermsIntro", TermsRealm.VERSION));
            assertThat(terms.termsLink()).isEqualTo(TermsRealm.URL);
            terms.assertClean("login-terms");
            terms.chooseByKeyboard(TermsPage.ACCEPT);

            String accessToken = login.tokens().get("access_token").asText();
            assertThat(Jwt.payload(accessToken).get("terms_version").asText()).isEqualTo(TermsRealm.VERSION);
            assertThat(realm.awaitEvents("CUSTOM_REQUIRED_ACTION", Duration.ofSeconds(10))).isNotEmpty();
        }
    }

    @Test
    @DisplayName("given the terms page when the user declines with the keyboard then the app gets access_denied")
    void decline() {
        Account account = Account.create(realm, "t");
        try (Chromium browser = Chromium.start()) {
            BrowserLogin login = signIn(browser, realm, account, null);
            new TermsPage(browser).chooseByKeyboard(TermsPage.DECLINE);
            assertThat(login.error()).isEqualTo("access_denied");
        }
    }

    @Test
    @DisplayName("given a user who accepted when the version is bumped then the next login shows the new version")
    void versionBump() {
        TestRealm bumped = realms.adopt(TermsRealm.create(keycloak, mail, "terms-bump-chromium"));
        Account account = Account.create(bumped, "t");
        try (Chromium browser = Chromium.start()) {
            BrowserLogin login = signIn(browser, bumped, account, null);
            new TermsPage(browser).chooseByKeyboard(TermsPage.ACCEPT);
            login.tokens();
        }
        TermsRealm.setConfig(bumped, TermsRealm.config("2025-02"));
        try (Chromium browser = Chromium.start()) {
            BrowserLogin login = signIn(browser, bumped, account, null);
            TermsPage terms = new TermsPage(browser);
            assertThat(terms.intro()).isEqualTo(text("en", "platformAuthTermsIntro", "2025-02"));
            terms.chooseByKeyboard(TermsPage.ACCEPT);
            String accessToken = login.tokens().get("access_token").asText();
            assertThat(Jwt.payload(accessToken).get("terms_version").asText()).isEqualTo("2025-02");
        }
    }

    @Test
    @DisplayName("given a German login (ui_locales=de) when the terms page shows then it is German and links the German terms")
    void german() {
        Account account = Account.create(realm, "t");
        try (Chromium browser = Chromium.start()) {
            BrowserLogin login = signIn(browser, realm, account, "de");
            TermsPage terms = new TermsPage(browser);
            assertThat(terms.title()).isEqualTo(text("de", "platformAuthTermsTitle"));
            assertThat(terms.intro()).isEqualTo(text("de", "platformAuthTermsIntro", TermsRealm.VERSION));
            assertThat(terms.termsLink()).isEqualTo(TermsRealm.URL_DE);
            assertThat(browser.language()).isEqualTo("de");
            terms.assertClean("login-terms-de");
            terms.chooseByKeyboard(TermsPage.ACCEPT);
            assertThat(login.tokens().get("access_token").asText()).isNotBlank();
        }
    }
}
