package dev.platformauth.it.terms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.LoginForms;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.TestRealm;
import dev.platformauth.it.support.browser.LoginPage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The terms page in the login. */
class TermsLoginPageIT extends TermsFixture {

    @Nested
    @DisplayName("the login page")
    class LoginPage {

        @HappyPath
        @Test
        @DisplayName("given a new user when they sign in then the terms page shows; accept lets them in, logs a row, sets the claim and an event")
        void firstLoginAccept() {
            Account account = Account.create(realm, "t", "example.test");
            BrowserSession browser = new BrowserSession(keycloak);
            AuthorizationCodeFlow flow = browser.authorizationCodeFlow(realm);
            Page terms = loginUntilTerms(browser, flow, account);
            assertThat(terms.body()).contains("version " + TermsRealm.VERSION).contains("href=\"" + TermsRealm.URL + "\"");
            assertThat(terms.element("button[name=decline]")).isNotNull();

            Page done = accept(browser, terms);
            HttpResult tokens = flow.exchange(flow.code(done));
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            assertThat(Jwt.payload(tokens.json().get("access_token").asText()).get("terms_version").asText())
                    .isEqualTo(TermsRealm.VERSION);
            assertThat(Jwt.payload(tokens.json().get("id_token").asText()).get("terms_version").asText())
                    .isEqualTo(TermsRealm.VERSION);
            assertThat(Jwt.payload(tokens.json().get("platform_access_token").asText()).get("terms_version").asText())
                    .isEqualTo(TermsRealm.VERSION);

            assertThat(attributes(realm, account.id())).containsEntry("platform-auth.terms.version", List.of(TermsRealm.VERSION));
            HttpResult rows = log("user=" + account.id());
            assertThat(rows.status()).as(rows.toString()).isEqualTo(200);
            assertThat(rows.json().get("total").asLong()).isEqualTo(1);
            JsonNode row = rows.json().get("items").get(0);
            assertThat(row.get("userId").asText()).isEqualTo(account.id());
            assertThat(row.get("version").asText()).isEqualTo(TermsRealm.VERSION);
            assertThat(row.get("clientId").asText()).isEqualTo(TestRealm.AUTH_CLIENT);
            assertThat(row.get("source").asText()).isEqualTo("login");
            assertThat(row.get("ipAddress").asText()).isNotBlank();
            assertThat(row.get("userAgent").asText()).isNotBlank();
            assertThat(row.get("acceptedAt").asText()).endsWith("Z");
            assertThat(row.path("corpId").asText(null)).as("no organization, no corpId").isNull();

            EventRepresentation event = userEvents("CUSTOM_REQUIRED_ACTION", account.id()).get(0);
            assertThat(event.getDetails()).containsEntry("custom_required_action", "platform-auth-terms")
                    .containsEntry("terms_version", TermsRealm.VERSION).containsEntry("terms_decision", "accepted")
                    .containsEntry("terms_source", "login").containsEntry("terms_log_id", row.get("id").asText());

            BrowserSession again = new BrowserSession(keycloak);
            AuthorizationCodeFlow second = again.authorizationCodeFlow(realm);
            Page direct = second.login(second.start(), account.username(), account.password());
            assertThat(direct.leftKeycloak()).as("accepted users are not asked again: %s", direct).isTrue();
            assertThat(log("user=" + account.id()).json().get("total").asLong()).isEqualTo(1);
        }

        @Test
        @DisplayName("given the terms page when the user declines then the login ends with access_denied, no row and an error event")
        void decline() {
            Account account = Account.create(realm, "t", "example.test");
            BrowserSession browser = new BrowserSession(keycloak);
            AuthorizationCodeFlow flow = browser.authorizationCodeFlow(realm);
            Page terms = loginUntilTerms(browser, flow, account);

            Page declined = LoginForms.declineTerms(browser, terms);
            assertThat(declined.leftKeycloak()).as(declined.toString()).isTrue();
            Map<String, String> query = AuthorizationCodeFlow.query(declined.redirectLocation());
            assertThat(query).containsEntry("error", "access_denied")
                    .containsEntry("error_description", "The user declined the terms and conditions")
                    .containsEntry("state", flow.state()).doesNotContainKey("code");
            assertThat(attributes(realm, account.id()))
                    .doesNotContainKey("platform-auth.terms.version");
            assertThat(log("user=" + account.id()).json().get("total").asLong()).isZero();
            EventRepresentation event = userEvents("CUSTOM_REQUIRED_ACTION_ERROR", account.id()).get(0);
            assertThat(event.getError()).isEqualTo("rejected_by_user");
            assertThat(event.getDetails()).containsEntry("terms_decision", "declined")
                    .containsEntry("terms_version", TermsRealm.VERSION);
        }

        @Test
        @DisplayName("given a German login when the terms page shows then its text is German and the German URL is linked")
        void german() {
            Account account = Account.create(realm, "t", "example.test");
            BrowserSession browser = new BrowserSession(keycloak);
            AuthorizationCodeFlow flow = browser.authorizationCodeFlow(realm);
            Page login = browser.get(flow.authorizationUrl() + "&ui_locales=de");
            Page terms = flow.login(login, account.username(), account.password());
            assertThat(LoginForms.termsForm(terms)).isNotNull();
            assertThat(terms.body()).contains("href=\"" + TermsRealm.URL_DE + "\"").contains("Nutzungsbedingungen")
                    .contains(">Akzeptieren<");
        }

        @Test
        @DisplayName("given an organization member when they sign in then the organization's version and URL apply")
        void organizationOverride() {
            Account account = member(acmeId);
            BrowserSession browser = new BrowserSession(keycloak);
            AuthorizationCodeFlow flow = browser.authorizationCodeFlow(realm);
            Page terms = loginUntilTerms(browser, flow, account);
            assertThat(terms.body()).contains("version " + ORG_VERSION).contains("href=\"" + ORG_URL + "\"")
                    .contains("ACME Inc");

            HttpResult tokens = flow.exchange(flow.code(accept(browser, terms)));
            assertThat(Jwt.payload(tokens.json().get("access_token").asText()).get("terms_version").asText())
                    .isEqualTo(ORG_VERSION);
            JsonNode row = log("user=" + account.username()).json().get("items").get(0);
            assertThat(row.get("version").asText()).isEqualTo(ORG_VERSION);
            assertThat(row.get("corpId").asText()).isEqualTo("acme");
            assertThat(row.get("organizationId").asText()).isEqualTo(acmeId);
        }
    }
}
