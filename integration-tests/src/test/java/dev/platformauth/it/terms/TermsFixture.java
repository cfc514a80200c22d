package dev.platformauth.it.terms;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.LoginForms;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.TestRealm;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm and helpers of {@link TermsIT}, {@link TermsLoginPageIT}, {@link TermsSentinelIT}.
 *
 * Versioned terms ({@code docs/terms.md}) on the real Keycloak: login page, REST acceptance, admin log, claims, events.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TermsFixture {

    static final String ORG_VERSION = "acme-7";
    static final String ORG_URL = "https://acme.test/terms";

    KeycloakServer keycloak;
    MailServer mail;
    TestRealm realm;
    String acmeId;

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

    Account member(String organizationId) {
        Account account = Account.create(realm, "t", "acme.test");
        TermsRealm.addMember(realm, organizationId, account.id());
        return account;
    }

    static Page loginUntilTerms(BrowserSession browser, AuthorizationCodeFlow flow, Account account) {
        Page page = flow.login(flow.start(), account.username(), account.password());
        assertThat(page.leftKeycloak()).as("expected the terms page, got %s", page).isFalse();
        assertThat(LoginForms.termsForm(page)).isNotNull();
        return page;
    }

    static Page accept(BrowserSession browser, Page termsPage) {
        return LoginForms.acceptTerms(browser, termsPage);
    }

    String adminToken() {
        return keycloak.admin().tokenManager().getAccessTokenString();
    }

    String adminUrl(String pathAndQuery) {
        return keycloak.baseUri() + "/admin/realms/" + realm.name() + "/platform-auth-terms/" + pathAndQuery;
    }

    HttpResult log(String query) {
        return Http.get(adminUrl("acceptances?" + query), Http.bearer(adminToken()));
    }

    String sentinelToken(TestRealm in, Account account) {
        HttpResult result = Http.postJson(in.url() + TermsRealm.API + "/token",
                "{\"username\":\"" + account.username() + "\",\"password\":\"" + account.password() + "\"}", Map.of());
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json().get("token").asText();
    }

    HttpResult acceptVersion(TestRealm in, String token, String body) {
        return Http.postJson(in.url() + TermsRealm.API + "/acceptTermsAndConditions", body, Http.bearer(token));
    }

    HttpResult acceptCurrent(TestRealm in, String token) {
        return Http.postRaw(in.url() + TermsRealm.API + "/termsAndConditions", "application/json", new byte[0],
                token == null ? Map.of() : Http.bearer(token));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Grants {@code account} the realm-management role {@code role}; returns the account. */
    Account withRealmManagementRole(Account account, String role) {
        String managementId = realm.resource().clients().findByClientId("realm-management").get(0).getId();
        RoleRepresentation granted = realm.resource().clients().get(managementId).roles().get(role).toRepresentation();
        realm.resource().users().get(account.id()).roles().clientLevel(managementId).add(List.of(granted));
        return account;
    }

    /** The user's attributes as the admin API shows them (never null). */
    static Map<String, List<String>> attributes(TestRealm in, String userId) {
        Map<String, List<String>> attributes = in.resource().users().get(userId).toRepresentation().getAttributes();
        return attributes == null ? Map.of() : attributes;
    }

    List<EventRepresentation> userEvents(String type, String userId) {
        return realm.resource().getEvents(List.of(type), null, userId, null, null, null, 0, 50);
    }

    long logTotal(TestRealm in) {
        HttpResult all = Http.get(keycloak.baseUri() + "/admin/realms/" + in.name() + "/platform-auth-terms/acceptances",
                Http.bearer(adminToken()));
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        return all.json().get("total").asLong();
    }
}
