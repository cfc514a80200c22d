package dev.platformauth.it.sso;

import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.DemoRealm;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.OktaHookRequests;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.OrganizationRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sentinel API's {@code sso/initiate}: Keycloak Organizations → an authorization URL through the broker.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsoInitiateIT extends SsoOktaFixture {

    @Test
    @DisplayName("given the demo realm when imported then alice's domain starts SSO through okta and the hook adds her organization to the tokens of her Okta-verified address")
    void demoRealm(MailServer mail) throws Exception {
        try (DemoRealm demo = DemoRealm.importInto(keycloak, mail)) {
            String api = demo.url() + SentinelRealm.API;
            HttpResult sso = Http.postJson(api + "/sso/initiate",
                    "{\"email\":\"alice@demo.test\",\"redirectUri\":\"http://127.0.0.1:3000/cb\"}", Map.of());
            assertThat(sso.status()).as(sso.toString()).isEqualTo(200);
            assertThat(AuthorizationCodeFlow.query(URI.create(sso.json().get("authorizationUrl").asText())))
                    .containsEntry("kc_idp_hint", "okta")
                    .containsEntry("login_hint", "alice@demo.test");

            String hookRequest = OktaHookRequests.tokensTransform("00udemo0000000000001", "alice@demo.test");
            HttpResult hook = Http.postJson(api + "/enrichToken", hookRequest, Map.of("Authorization", "demo-okta-hook-secret-change-me"));
            assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
            assertThat(hook.json().at("/commands/0/type").asText()).isEqualTo("com.okta.access.patch");
            assertThat(hook.json().at("/commands/0/value/0/path").asText()).isEqualTo("/claims/organizations");
            // alice belongs to demo-school (SSO) and acme (entity tokens)
            assertThat(hook.json().at("/commands/0/value/0/value").findValuesAsText("alias"))
                    .containsExactlyInAnyOrder("demo-school", "acme");
            assertThat(hook.json().at("/commands/1/type").asText()).isEqualTo("com.okta.identity.patch");
            assertThat(hook.json().get("commands")).hasSize(2);
        }
    }

    @Test
    @DisplayName("given a realm without the sentinel client when either endpoint is called then 503 not_configured")
    void noSentinelClient(MailServer mail) {
        try (TestRealm bare = TestRealm.builder(keycloak, mail, "no-sentinel").withoutPlatformMapper().create()) {
            String api = bare.url() + SentinelRealm.API;
            assertError(Http.postJson(api + "/sso/initiate", "{\"email\":\"teacher@" + DOMAIN + "\"}", Map.of()), 503, "not_configured");
            assertError(Http.postJson(api + "/enrichToken", "{\"data\":{}}", Map.of("Authorization", HOOK_SECRET)), 503, "not_configured");
        }
    }

    private HttpResult initiate(String body) {
        return Http.postJson(url("/sso/initiate"), body, Map.of());
    }

    private HttpResult initiateFor(String email) {
        return initiate("{\"email\":\"" + email + "\",\"redirectUri\":\"" + APP_CALLBACK + "\"}");
    }

    @HappyPath
    @Test
    @DisplayName("given an organization owning the domain when SSO starts then the URL carries the client, hints and PKCE, and Keycloak sends the browser to the identity provider")
    void authorizationUrl() {
        HttpResult result = initiate("{\"email\":\"teacher@" + DOMAIN + "\",\"redirectUri\":\"" + APP_CALLBACK
                + "\",\"state\":\"st-42\",\"codeChallenge\":\"" + CHALLENGE + "\"}");
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.header("Cache-Control")).contains("no-store");
        assertThat(result.json().size()).isEqualTo(1);
        URI authorization = URI.create(result.json().get("authorizationUrl").asText());
        assertThat(authorization.getScheme() + "://" + authorization.getRawAuthority() + authorization.getRawPath())
                .isEqualTo(realm.authorizationEndpoint());
        assertThat(AuthorizationCodeFlow.query(authorization)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "client_id", SentinelRealm.CLIENT,
                "response_type", "code",
                "scope", "openid",
                "redirect_uri", APP_CALLBACK,
                "kc_idp_hint", "okta",
                "login_hint", "teacher@" + DOMAIN,
                "state", "st-42",
                "code_challenge", CHALLENGE,
                "code_challenge_method", "S256"));

        // Keycloak's answer to that URL: straight on to its broker endpoint for "okta"
        HttpResult broker = Http.get(authorization.toString(), Map.of());
        assertThat(broker.status()).as(broker.toString()).isIn(302, 303);
        URI next = authorization.resolve(broker.header("Location"));
        assertThat(next.getPath()).isEqualTo("/realms/" + realm.name() + "/broker/okta/login");

        // the whole way in a cookie-keeping browser: Keycloak leaves for the identity provider's authorization URL
        Page left = new BrowserSession(keycloak).get(authorization.toString());
        assertThat(left.leftKeycloak()).as(left.toString()).isTrue();
        URI idpRequest = left.redirectLocation();
        assertThat(idpRequest.getScheme() + "://" + idpRequest.getRawAuthority() + idpRequest.getRawPath()).isEqualTo(FAKE_AUTHORIZE);
        assertThat(AuthorizationCodeFlow.query(idpRequest))
                .containsEntry("client_id", "okta-client-id")
                .containsEntry("redirect_uri", realm.url() + "/broker/okta/endpoint")
                .containsEntry("login_hint", "teacher@" + DOMAIN)
                .containsEntry("response_type", "code")
                .containsKey("state");
    }

    @HappyPath
    @Test
    @DisplayName("given an organization with a wildcard domain when SSO starts for a subdomain then its identity provider is used")
    void wildcardDomain() {
        for (String email : List.of("pat@staff.district.test", "pat@district.test")) {
            HttpResult result = initiateFor(email);
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(AuthorizationCodeFlow.query(URI.create(result.json().get("authorizationUrl").asText())))
                    .containsEntry("kc_idp_hint", "district-idp");
        }
        assertError(initiateFor("pat@district.test.example"), 404, "sso_not_configured");
    }

    @Test
    @DisplayName("given an upper-case domain when SSO starts then the organization is found all the same")
    void caseInsensitiveDomain() {
        HttpResult result = initiateFor("Teacher@NorthStar.TEST");
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(AuthorizationCodeFlow.query(URI.create(result.json().get("authorizationUrl").asText())))
                .containsEntry("kc_idp_hint", "okta")
                .doesNotContainKeys("state", "code_challenge");
    }

    @Test
    @DisplayName("given no SSO for the domain for any reason when SSO starts then each answer is the same 404 sso_not_configured")
    void notConfigured() {
        HttpResult unknown = initiateFor("someone@elsewhere.test");
        assertError(unknown, 404, "sso_not_configured");
        List<HttpResult> others = new ArrayList<>(List.of(
                initiateFor("someone@noidp.test"),         // an organization without identity provider
                initiateFor("someone@quiet.test")));       // its only identity provider is disabled
        var organization = realm.resource().organizations().get(northstarId);
        OrganizationRepresentation northstar = organization.toRepresentation();
        northstar.setEnabled(false);
        organization.update(northstar).close();
        try {
            others.add(initiateFor("teacher@" + DOMAIN)); // the organization is disabled
        } finally {
            northstar.setEnabled(true);
            organization.update(northstar).close();
        }
        realm.update(rep -> rep.setOrganizationsEnabled(false));
        try {
            others.add(initiateFor("teacher@" + DOMAIN)); // organizations are off in the realm
        } finally {
            realm.update(rep -> rep.setOrganizationsEnabled(true));
        }
        realm.updateClient(SentinelRealm.CLIENT, client -> client.setStandardFlowEnabled(false));
        try {
            others.add(initiateFor("teacher@" + DOMAIN)); // the sentinel client has no browser flow
        } finally {
            realm.updateClient(SentinelRealm.CLIENT, client -> client.setStandardFlowEnabled(true));
        }
        for (HttpResult other : others) {
            assertThat(other.status()).as(other.toString()).isEqualTo(unknown.status());
            assertThat(other.body()).isEqualTo(unknown.body());
            assertThat(other.header("Content-Type")).isEqualTo(unknown.header("Content-Type"));
            assertThat(other.header("Cache-Control")).isEqualTo(unknown.header("Cache-Control"));
        }
        assertThat(initiateFor("teacher@" + DOMAIN).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"email\":\"not-an-email\"}", "{\"email\":\"teacher@\"}", "{\"email\":42}",
            "{\"email\":\"teacher@northstar.test\",\"redirectUri\":\"https://evil.example.test/cb\"}",
            "{\"email\":\"teacher@northstar.test\",\"redirectUri\":\"https://app.example.test/cb\",\"codeChallenge\":\"short\"}",
            "{\"email\":\"teacher@northstar.test\",\"redirectUri\":\"https://app.example.test/cb\",\"codeChallengeMethod\":\"plain\",\"codeChallenge\":\"" + CHALLENGE + "\"}",
            "[\"teacher@northstar.test\"]", "not json"})
    @DisplayName("given malformed input when SSO starts then 400 invalid_request, for known and unknown domains alike")
    void badInput(String body) {
        assertError(initiate(body), 400, "invalid_request");
        assertError(initiate(body.replace(DOMAIN, "elsewhere.test")), 400, "invalid_request");
    }

    @Test
    @DisplayName("given a form body when SSO starts then 415")
    void notJson() {
        assertError(Http.postForm(url("/sso/initiate"), Map.of("email", "teacher@" + DOMAIN), Map.of()), 415, "unsupported_media_type");
    }

    @Test
    @DisplayName("given no redirectUri when the client has only wildcard redirect URIs then 400; with a concrete one it is the default")
    void defaultRedirectUri() {
        assertError(initiate("{\"email\":\"teacher@" + DOMAIN + "\"}"), 400, "invalid_request");
        realm.updateClient(SentinelRealm.CLIENT, client -> {
            List<String> uris = new ArrayList<>(client.getRedirectUris());
            uris.add("https://app.example.test/landing");
            uris.add("https://app.example.test/zzz");
            client.setRedirectUris(uris);
        });
        try {
            HttpResult result = initiate("{\"email\":\"teacher@" + DOMAIN + "\"}");
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(AuthorizationCodeFlow.query(URI.create(result.json().get("authorizationUrl").asText())))
                    .containsEntry("redirect_uri", "https://app.example.test/landing");
        } finally {
            realm.updateClient(SentinelRealm.CLIENT, client -> client.setRedirectUris(TestRealm.WILDCARD_REDIRECT_URIS));
        }
    }
}
