package dev.platformauth.it.terms;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.TestRealm;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.ConfigPropertyRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The terms version: a new version asks again, the realm's removal deletes its log, a bad configuration is refused. */
class TermsIT extends TermsFixture {

    @Test
    @DisplayName("given users who accepted when the version is bumped then their next login asks again; switched off, nothing is asked and the API answers 503")
    void bumpVersion(KeycloakServer keycloak, MailServer mail) {
        try (TestRealm bumped = TermsRealm.create(keycloak, mail, "terms-bump")) {
            assertThat(bumped.resource().flows().getRequiredActionConfigDescription(TermsRealm.ACTION).getProperties())
                    .extracting(ConfigPropertyRepresentation::getName)
                    .contains("platform-auth.terms.version", "platform-auth.terms.url", "platform-auth.terms.url.locales",
                            "platform-auth.terms.text", "platform-auth.terms.text.locales");
            Account account = Account.create(bumped, "t", "example.test");
            BrowserSession first = new BrowserSession(keycloak);
            AuthorizationCodeFlow flow = first.authorizationCodeFlow(bumped);
            flow.code(accept(first, loginUntilTerms(first, flow, account)));

            Account slow = Account.create(bumped, "t", "example.test");
            BrowserSession slowBrowser = new BrowserSession(keycloak);
            AuthorizationCodeFlow slowFlow = slowBrowser.authorizationCodeFlow(bumped);
            Page shown = loginUntilTerms(slowBrowser, slowFlow, slow);
            assertThat(shown.body()).contains("version " + TermsRealm.VERSION);

            TermsRealm.setConfig(bumped, TermsRealm.config("2025-02"));
            BrowserSession second = new BrowserSession(keycloak);
            AuthorizationCodeFlow again = second.authorizationCodeFlow(bumped);
            Page terms = loginUntilTerms(second, again, account);
            assertThat(terms.body()).contains("version 2025-02");
            HttpResult tokens = again.exchange(again.code(accept(second, terms)));
            assertThat(Jwt.payload(tokens.json().get("access_token").asText()).get("terms_version").asText()).isEqualTo("2025-02");
            assertThat(attributes(bumped, account.id()))
                    .containsEntry("platform-auth.terms.version", List.of("2025-02"));

            // the page showed 2025-01 before the bump: accepting it records nothing and shows the new terms
            Page reshown = accept(slowBrowser, shown);
            assertThat(reshown.leftKeycloak()).isFalse();
            assertThat(reshown.body()).contains("version 2025-02").contains("The terms have changed");
            assertThat(attributes(bumped, slow.id())).doesNotContainKey("platform-auth.terms.version");
            assertThat(slowFlow.code(accept(slowBrowser, reshown))).isNotBlank();
            assertThat(attributes(bumped, slow.id())).containsEntry("platform-auth.terms.version", List.of("2025-02"));

            TermsRealm.setConfig(bumped, Map.of("platform-auth.terms.url", TermsRealm.URL));
            Account newcomer = Account.create(bumped, "t", "example.test");
            BrowserSession third = new BrowserSession(keycloak);
            AuthorizationCodeFlow off = third.authorizationCodeFlow(bumped);
            assertThat(off.login(off.start(), newcomer.username(), newcomer.password()).leftKeycloak()).isTrue();
            HttpResult notConfigured = acceptCurrent(bumped, sentinelToken(bumped, newcomer));
            assertThat(notConfigured.status()).as(notConfigured.toString()).isEqualTo(503);
            assertThat(notConfigured.json().get("error").asText()).isEqualTo("not_configured");
        }
    }

    @Test
    @DisplayName("given the terms check after the sign-in sub-flow when the version is bumped then a login through the SSO cookie "
            + "asks again; with the check in the forms sub-flow the cookie login skips it")
    void bumpAsksOnCookieLogin(KeycloakServer keycloak, MailServer mail) {
        try (TestRealm everyLogin = TermsRealm.create(keycloak, mail, "terms-sso", null, TermsRealm.Layout.AFTER_SIGN_IN);
             TestRealm inForms = TermsRealm.create(keycloak, mail, "terms-forms")) {
            BrowserSession browser = new BrowserSession(keycloak);
            Account account = Account.create(everyLogin, "t", "example.test");
            AuthorizationCodeFlow first = browser.authorizationCodeFlow(everyLogin);
            first.code(accept(browser, loginUntilTerms(browser, first, account)));
            AuthorizationCodeFlow unchanged = browser.authorizationCodeFlow(everyLogin);
            assertThat(unchanged.code(unchanged.start())).as("the same version: the cookie signs in at once").isNotBlank();

            TermsRealm.setConfig(everyLogin, TermsRealm.config("2025-02"));
            AuthorizationCodeFlow silent = browser.authorizationCodeFlow(everyLogin);
            Page refused = browser.get(silent.authorizationUrl() + "&prompt=none");
            assertThat(AuthorizationCodeFlow.query(refused.redirectLocation())).as("prompt=none after the bump")
                    .containsEntry("error", "interaction_required").doesNotContainKey("code");
            AuthorizationCodeFlow afterBump = browser.authorizationCodeFlow(everyLogin);
            Page terms = afterBump.start();
            assertThat(terms.leftKeycloak()).as("expected the terms page, got %s", terms).isFalse();
            assertThat(terms.body()).contains("version 2025-02");
            HttpResult tokens = afterBump.exchange(afterBump.code(accept(browser, terms)));
            assertThat(Jwt.payload(tokens.json().get("access_token").asText()).get("terms_version").asText()).isEqualTo("2025-02");
            assertThat(attributes(everyLogin, account.id())).containsEntry("platform-auth.terms.version", List.of("2025-02"));

            // the other layout: the cookie login never reaches the check
            BrowserSession other = new BrowserSession(keycloak);
            Account member = Account.create(inForms, "t", "example.test");
            AuthorizationCodeFlow firstInForms = other.authorizationCodeFlow(inForms);
            firstInForms.code(accept(other, loginUntilTerms(other, firstInForms, member)));
            TermsRealm.setConfig(inForms, TermsRealm.config("2025-02"));
            AuthorizationCodeFlow cookieInForms = other.authorizationCodeFlow(inForms);
            assertThat(cookieInForms.code(cookieInForms.start())).isNotBlank();
            assertThat(attributes(inForms, member.id())).containsEntry("platform-auth.terms.version", List.of(TermsRealm.VERSION));
        }
    }

    @Test
    @DisplayName("given an admin impersonating a user who has not accepted the terms when the impersonation signs in through "
            + "the cookie then no terms page is shown and nothing is recorded; the user's own terms action stays, and the user is asked")
    void impersonationNeverAccepts(KeycloakServer keycloak, MailServer mail) {
        try (TestRealm everyLogin = TermsRealm.create(keycloak, mail, "terms-imp", null, TermsRealm.Layout.AFTER_SIGN_IN)) {
            Account account = Account.create(everyLogin, "t", "example.test");
            UserResource user = everyLogin.resource().users().get(account.id());
            UserRepresentation withAction = user.toRepresentation();
            withAction.setRequiredActions(List.of(TermsRealm.ACTION));
            user.update(withAction);

            BrowserSession impersonator = new RealmUsers(everyLogin).impersonatedBrowser(keycloak, account);
            AuthorizationCodeFlow flow = impersonator.authorizationCodeFlow(everyLogin);
            Page afterCookie = flow.start();
            assertThat(afterCookie.redirectLocation()).as("straight back to the client, got %s", afterCookie).isNotNull();
            HttpResult tokens = flow.exchange(flow.code(afterCookie));
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            assertThat(Jwt.payload(tokens.json().get("access_token").asText()).has("terms_version")).isFalse();
            assertThat(attributes(everyLogin, account.id())).doesNotContainKey("platform-auth.terms.version");
            assertThat(user.toRepresentation().getRequiredActions()).containsExactly(TermsRealm.ACTION);

            BrowserSession own = new BrowserSession(keycloak);
            AuthorizationCodeFlow ownFlow = own.authorizationCodeFlow(everyLogin);
            assertThat(ownFlow.code(accept(own, loginUntilTerms(own, ownFlow, account)))).isNotBlank();
            assertThat(attributes(everyLogin, account.id())).containsEntry("platform-auth.terms.version", List.of(TermsRealm.VERSION));
        }
    }

    @Test
    @DisplayName("given a realm whose users accepted terms when the realm is deleted then its log rows go with it: "
            + "a new realm under the same id starts with an empty log")
    void realmRemovalDeletesLog(KeycloakServer keycloak, MailServer mail) {
        String realmId = UUID.randomUUID().toString();
        TestRealm doomed = TermsRealm.create(keycloak, mail, "terms-gone", realmId);
        try {
            Account account = Account.create(doomed, "t", "example.test");
            assertThat(acceptCurrent(doomed, sentinelToken(doomed, account)).status()).isEqualTo(200);
            assertThat(logTotal(doomed)).isEqualTo(1);
        } finally {
            doomed.close();
        }
        try (TestRealm reborn = TermsRealm.create(keycloak, mail, "terms-gone", realmId)) {
            assertThat(reborn.resource().toRepresentation().getId()).isEqualTo(realmId);
            assertThat(logTotal(reborn)).isZero();
        }
    }

    @Test
    @DisplayName("given an invalid terms URL when an admin saves the config then Keycloak refuses it")
    void invalidConfig(KeycloakServer keycloak, MailServer mail) {
        Map<String, String> bad = TermsRealm.config(TermsRealm.VERSION);
        bad.put("platform-auth.terms.url", "javascript:alert(1)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TermsRealm.setConfig(realm, bad))
                .isInstanceOf(jakarta.ws.rs.BadRequestException.class);
        assertThat(realm.resource().flows().getRequiredActionConfig(TermsRealm.ACTION).getConfig())
                .containsEntry("platform-auth.terms.url", TermsRealm.URL);
    }
}
