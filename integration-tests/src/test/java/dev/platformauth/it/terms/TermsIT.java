package dev.platformauth.it.terms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.LoginForms;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.TestRealm;
import dev.platformauth.it.support.browser.LoginPage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ConfigPropertyRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** Versioned terms ({@code docs/terms.md}) on the real Keycloak: login page, REST acceptance, admin log, claims, events. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TermsIT {

    private static final String ORG_VERSION = "acme-7";
    private static final String ORG_URL = "https://acme.test/terms";

    private KeycloakServer keycloak;
    private MailServer mail;
    private TestRealm realm;
    private String acmeId;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TermsRealm.create(keycloak, mail, "terms"));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        realm = REALM.get();
        acmeId = TermsRealm.organization(realm, "acme", "acme.test", Map.of(
                "platform-auth.terms.version", List.of(ORG_VERSION),
                "platform-auth.terms.url", List.of(ORG_URL)));
    }

    private Account member(String organizationId) {
        Account account = Account.create(realm, "t", "acme.test");
        TermsRealm.addMember(realm, organizationId, account.id());
        return account;
    }

    private static Page loginUntilTerms(BrowserSession browser, AuthorizationCodeFlow flow, Account account) {
        Page page = flow.login(flow.start(), account.username(), account.password());
        assertThat(page.leftKeycloak()).as("expected the terms page, got %s", page).isFalse();
        assertThat(LoginForms.termsForm(page)).isNotNull();
        return page;
    }

    private static Page accept(BrowserSession browser, Page termsPage) {
        return LoginForms.acceptTerms(browser, termsPage);
    }

    private String adminToken() {
        return keycloak.admin().tokenManager().getAccessTokenString();
    }

    private String adminUrl(String pathAndQuery) {
        return keycloak.baseUri() + "/admin/realms/" + realm.name() + "/platform-auth-terms/" + pathAndQuery;
    }

    private HttpResult log(String query) {
        return Http.get(adminUrl("acceptances?" + query), Http.bearer(adminToken()));
    }

    private String sentinelToken(TestRealm in, Account account) {
        HttpResult result = Http.postJson(in.url() + TermsRealm.API + "/token",
                "{\"username\":\"" + account.username() + "\",\"password\":\"" + account.password() + "\"}", Map.of());
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json().get("token").asText();
    }

    private HttpResult acceptVersion(TestRealm in, String token, String body) {
        return Http.postJson(in.url() + TermsRealm.API + "/acceptTermsAndConditions", body, Http.bearer(token));
    }

    private HttpResult acceptCurrent(TestRealm in, String token) {
        return Http.postRaw(in.url() + TermsRealm.API + "/termsAndConditions", "application/json", new byte[0],
                token == null ? Map.of() : Http.bearer(token));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Grants {@code account} the realm-management role {@code role}; returns the account. */
    private Account withRealmManagementRole(Account account, String role) {
        String managementId = realm.resource().clients().findByClientId("realm-management").get(0).getId();
        RoleRepresentation granted = realm.resource().clients().get(managementId).roles().get(role).toRepresentation();
        realm.resource().users().get(account.id()).roles().clientLevel(managementId).add(List.of(granted));
        return account;
    }

    /** The user's attributes as the admin API shows them (never null). */
    private static Map<String, List<String>> attributes(TestRealm in, String userId) {
        Map<String, List<String>> attributes = in.resource().users().get(userId).toRepresentation().getAttributes();
        return attributes == null ? Map.of() : attributes;
    }

    private List<EventRepresentation> userEvents(String type, String userId) {
        return realm.resource().getEvents(List.of(type), null, userId, null, null, null, 0, 50);
    }

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

    private long logTotal(TestRealm in) {
        HttpResult all = Http.get(keycloak.baseUri() + "/admin/realms/" + in.name() + "/platform-auth-terms/acceptances",
                Http.bearer(adminToken()));
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        return all.json().get("total").asLong();
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

    @Nested
    @DisplayName("the sentinel endpoints")
    class SentinelEndpoints {

        @Test
        @DisplayName("acceptTermsAndConditions: the current version gives the log entry; wrong, missing or unauthenticated input is refused")
        void acceptTermsAndConditions() {
            Account account = Account.create(realm, "t", "example.test");
            String token = sentinelToken(realm, account);

            HttpResult noBearer = Http.postJson(realm.url() + TermsRealm.API + "/acceptTermsAndConditions",
                    "{\"version\":\"" + TermsRealm.VERSION + "\"}", Map.of());
            assertThat(noBearer.status()).isEqualTo(401);
            assertThat(noBearer.json().get("error").asText()).isEqualTo("invalid_token");

            HttpResult old = acceptVersion(realm, token, "{\"version\":\"2024-12\"}");
            assertThat(old.status()).as(old.toString()).isEqualTo(400);
            assertThat(old.json().get("error").asText()).isEqualTo("terms_version_not_current");
            HttpResult missing = acceptVersion(realm, token, "{\"corpId\":null}");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().get("error").asText()).isEqualTo("invalid_request");
            HttpResult wrongType = Http.postRaw(realm.url() + TermsRealm.API + "/acceptTermsAndConditions", "text/plain",
                    "version=2025-01".getBytes(StandardCharsets.UTF_8), Http.bearer(token));
            assertThat(wrongType.status()).isEqualTo(415);
            HttpResult unknownOrg = acceptVersion(realm, token, "{\"corpId\":\"no-such-org\",\"version\":\"" + TermsRealm.VERSION + "\"}");
            assertThat(unknownOrg.status()).isEqualTo(404);
            HttpResult notMember = acceptVersion(realm, token, "{\"corpId\":\"acme\",\"version\":\"" + ORG_VERSION + "\"}");
            assertThat(notMember.status()).isEqualTo(403);
            assertThat(notMember.json().get("error").asText()).isEqualTo("forbidden");
            assertThat(log("user=" + account.id()).json().get("total").asLong()).isZero();

            HttpResult accepted = acceptVersion(realm, token, "{\"version\":\"" + TermsRealm.VERSION + "\"}");
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
            JsonNode entry = accepted.json();
            assertThat(entry.get("userId").asText()).isEqualTo(account.id());
            assertThat(entry.get("version").asText()).isEqualTo(TermsRealm.VERSION);
            assertThat(entry.get("clientId").asText()).isEqualTo(TermsRealm.SENTINEL);
            assertThat(entry.get("source").asText()).isEqualTo("api");
            assertThat(entry.get("id").asText()).isNotBlank();
            assertThat(attributes(realm, account.id()))
                    .containsEntry("platform-auth.terms.version", List.of(TermsRealm.VERSION));
            assertThat(log("user=" + account.id()).json().get("items").get(0).get("id").asText())
                    .isEqualTo(entry.get("id").asText());

            EventRepresentation event = userEvents("CUSTOM_REQUIRED_ACTION", account.id()).get(0);
            assertThat(event.getDetails()).containsEntry("terms_source", "api").containsEntry("terms_decision", "accepted");
            List<EventRepresentation> errors = userEvents("CUSTOM_REQUIRED_ACTION_ERROR", account.id());
            assertThat(errors).extracting(EventRepresentation::getError).contains("invalid_request", "not_allowed");
        }

        @Test
        @DisplayName("acceptTermsAndConditions with corpId: a member accepts the organization's version, not the realm's")
        void organizationVersion() {
            Account account = member(acmeId);
            String token = sentinelToken(realm, account);
            HttpResult realmVersion = acceptVersion(realm, token, "{\"corpId\":\"acme\",\"version\":\"" + TermsRealm.VERSION + "\"}");
            assertThat(realmVersion.status()).isEqualTo(400);
            HttpResult accepted = acceptVersion(realm, token, "{\"corpId\":\"acme\",\"version\":\"" + ORG_VERSION + "\"}");
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
            assertThat(accepted.json().get("corpId").asText()).isEqualTo("acme");
            assertThat(accepted.json().get("organizationId").asText()).isEqualTo(acmeId);
        }

        @Test
        @DisplayName("termsAndConditions records the current version (the organization's for members); without a token 401")
        void termsAndConditions() {
            assertThat(acceptCurrent(realm, null).status()).isEqualTo(401);
            assertThat(acceptCurrent(realm, "not-a-token").status()).isEqualTo(401);

            Account account = Account.create(realm, "t", "example.test");
            HttpResult accepted = acceptCurrent(realm, sentinelToken(realm, account));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
            assertThat(accepted.json().get("version").asText()).isEqualTo(TermsRealm.VERSION);

            Account acme = member(acmeId);
            HttpResult orgAccepted = acceptCurrent(realm, sentinelToken(realm, acme));
            assertThat(orgAccepted.json().get("version").asText()).isEqualTo(ORG_VERSION);
            assertThat(orgAccepted.json().get("corpId").asText()).isEqualTo("acme");

            // the API acceptance counts at the next browser login: no terms page
            BrowserSession browser = new BrowserSession(keycloak);
            AuthorizationCodeFlow flow = browser.authorizationCodeFlow(realm);
            assertThat(flow.login(flow.start(), account.username(), account.password()).leftKeycloak()).isTrue();
        }
    }

    @Test
    @DisplayName("given a login-as token when it accepts terms then 403: nobody accepts on a user's behalf")
    void loginAsCannotAccept() {
        Account support = withRealmManagementRole(Account.create(realm, "t", "example.test"), "impersonation");
        Account target = Account.create(realm, "t", "example.test");
        HttpResult loginAs = Http.postJson(realm.url() + TermsRealm.API + "/loginAs",
                "{\"username\":\"" + target.username() + "\"}", Http.bearer(sentinelToken(realm, support)));
        assertThat(loginAs.status()).as(loginAs.toString()).isEqualTo(200);

        HttpResult refused = acceptCurrent(realm, loginAs.json().get("token").asText());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(log("user=" + target.id()).json().get("total").asLong()).isZero();
    }

    @Nested
    @DisplayName("the admin log")
    class AdminLog {

        @Test
        @DisplayName("query filters by user, version, organization and time, pages, and refuses bad parameters")
        void query() {
            Account plain = Account.create(realm, "t", "example.test");
            acceptCurrent(realm, sentinelToken(realm, plain));
            acceptCurrent(realm, sentinelToken(realm, plain));
            Account acme = member(acmeId);
            acceptCurrent(realm, sentinelToken(realm, acme));

            HttpResult byUser = log("user=" + encode(plain.username()) + "&max=1");
            assertThat(byUser.json().get("total").asLong()).isEqualTo(2);
            assertThat(byUser.json().get("items")).hasSize(1);
            assertThat(byUser.json().get("max").asInt()).isEqualTo(1);
            HttpResult secondPage = log("user=" + plain.id() + "&first=1&max=1");
            assertThat(secondPage.json().get("items").get(0).get("id").asText())
                    .isNotEqualTo(byUser.json().get("items").get(0).get("id").asText());

            HttpResult byOrg = log("organization=acme&user=" + acme.id());
            assertThat(byOrg.json().get("total").asLong()).isEqualTo(1);
            assertThat(log("organization=" + acmeId + "&user=" + acme.id()).json().get("total").asLong()).isEqualTo(1);
            assertThat(log("version=" + ORG_VERSION + "&user=" + plain.id()).json().get("total").asLong()).isZero();
            assertThat(log("version=" + TermsRealm.VERSION + "&user=" + plain.id()).json().get("total").asLong()).isEqualTo(2);
            assertThat(log("from=2999-01-01&user=" + plain.id()).json().get("total").asLong()).isZero();
            assertThat(log("from=2000-01-01T00:00:00Z&to=2999-01-01&user=" + plain.id()).json().get("total").asLong()).isEqualTo(2);
            assertThat(log("to=946684800000&user=" + plain.id()).json().get("total").asLong()).isZero();

            HttpResult badTime = log("from=yesterday");
            assertThat(badTime.status()).isEqualTo(400);
            assertThat(badTime.json().get("error").asText()).isEqualTo("invalid_request");
            assertThat(log("max=ten").status()).isEqualTo(400);
            assertThat(log("first=-1").status()).isEqualTo(400);
        }

        @Test
        @DisplayName("export gives CSV and JSON downloads; other formats are refused")
        void export() {
            Account account = Account.create(realm, "t", "example.test");
            acceptCurrent(realm, sentinelToken(realm, account));

            HttpResult csv = Http.get(adminUrl("acceptances/export?format=csv&user=" + account.id()), Http.bearer(adminToken()));
            assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.header("Content-Disposition")).contains("attachment").contains(".csv");
            assertThat(csv.header("X-Total-Count")).isEqualTo("1");
            String[] lines = csv.body().split("\r\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).isEqualTo("id,userId,version,acceptedAt,clientId,ipAddress,userAgent,organizationId,corpId,source");
            assertThat(lines[1]).contains(account.id()).contains(TermsRealm.VERSION).endsWith(",api");

            HttpResult json = Http.get(adminUrl("acceptances/export?format=json&user=" + account.id()), Http.bearer(adminToken()));
            assertThat(json.status()).isEqualTo(200);
            assertThat(json.json().isArray()).isTrue();
            assertThat(json.json().get(0).get("userId").asText()).isEqualTo(account.id());

            HttpResult xml = Http.get(adminUrl("acceptances/export?format=xml"), Http.bearer(adminToken()));
            assertThat(xml.status()).isEqualTo(400);
        }

        @Test
        @DisplayName("an admin without view-events gets 403, an anonymous caller 401")
        void permissions() {
            Account viewer = withRealmManagementRole(Account.create(realm, "t", "example.test"), "view-users");
            HttpResult login = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "password", "client_id", "admin-cli",
                    "username", viewer.username(), "password", viewer.password()), Map.of());
            assertThat(login.status()).as(login.toString()).isEqualTo(200);

            HttpResult forbidden = Http.get(adminUrl("acceptances"), Http.bearer(login.json().get("access_token").asText()));
            assertThat(forbidden.status()).as(forbidden.toString()).isEqualTo(403);
            assertThat(forbidden.json().get("error").asText()).isEqualTo("forbidden");
            assertThat(Http.get(adminUrl("acceptances"), Map.of()).status()).isEqualTo(401);
        }
    }
}
