package dev.platformauth.it.sso;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.DemoRealm;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.TestRealm;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auth-service API's login discovery on the real Keycloak: {@code login/feature-flags} follows the realm's
 * configuration as an admin changes it, and {@code login/sso/{provider}} sends the browser through
 * Keycloak's broker to Google, Microsoft, LinkedIn and Okta identity providers (fake client
 * credentials: nothing here reaches the internet).
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginDiscoveryIT {

    private static final String V2 = "/auth-service/api/v2";
    private static final String LEGACY = "/auth-service/api";
    private static final String APP_CALLBACK = "https://app.example.test/callback";
    /** base64url(SHA-256) of some verifier: the shape Keycloak and the API accept. */
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private static final String OKTA_AUTHORIZE = "https://dev-123.okta.com/oauth2/v1/authorize";

    private KeycloakServer keycloak;
    private MailServer mail;
    /** Google under alias "google" (alias rule), Microsoft as "ms-entra", LinkedIn, Okta as "corp-okta" (type rules). */
    private TestRealm realm;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.builder(keycloak, mail, "sso").withoutPlatformMapper().create());

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        realm = REALM.get();
        realm.addIdentityProvider(identityProvider("google", "google", Map.of()));
        realm.addIdentityProvider(identityProvider("ms-entra", "microsoft", Map.of()));
        realm.addIdentityProvider(identityProvider("linkedin", "linkedin-openid-connect", Map.of()));
        realm.addIdentityProvider(okta("corp-okta"));
    }

    private static IdentityProviderRepresentation identityProvider(String alias, String providerId, Map<String, String> config) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId(providerId);
        idp.setEnabled(true);
        Map<String, String> all = new HashMap<>(config);
        all.put("clientId", alias + "-client-id");
        all.put("clientSecret", "not-a-real-secret");
        idp.setConfig(all);
        return idp;
    }

    /** Okta as Keycloak knows it: a generic OIDC provider whose endpoints are on an Okta org host. */
    private static IdentityProviderRepresentation okta(String alias) {
        return identityProvider(alias, "oidc", Map.of(
                "authorizationUrl", OKTA_AUTHORIZE,
                "tokenUrl", "https://dev-123.okta.com/oauth2/v1/token",
                "clientAuthMethod", "client_secret_post",
                "syncMode", "IMPORT"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode flags(TestRealm target) {
        HttpResult result = Http.get(target.url() + V2 + "/login/feature-flags", Map.of());
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.header("Content-Type")).startsWith("application/json");
        assertThat(result.header("Cache-Control")).contains("no-store");
        return result.json();
    }

    private HttpResult sso(String prefix, String provider, String query) {
        return Http.get(realm.url() + prefix + "/login/sso/" + provider + (query.isEmpty() ? "" : "?" + query), Map.of());
    }

    private static void assertError(HttpResult result, int status, String error) {
        FastApiErrors.assertError(result, status, error);
    }

    /** The 302 of our endpoint: into the realm's authorization endpoint with exactly these parameters. */
    private URI assertIntoAuthorizationEndpoint(HttpResult result, String idpAlias, Map<String, String> extra) {
        assertThat(result.status()).as(result.toString()).isEqualTo(302);
        assertThat(result.header("Cache-Control")).contains("no-store");
        URI location = URI.create(result.header("Location"));
        assertThat(location.getScheme() + "://" + location.getRawAuthority() + location.getRawPath())
                .isEqualTo(realm.authorizationEndpoint());
        Map<String, String> expected = new HashMap<>(Map.of(
                "client_id", TestRealm.AUTH_CLIENT,
                "response_type", "code",
                "scope", "openid",
                "redirect_uri", APP_CALLBACK,
                "kc_idp_hint", idpAlias));
        expected.putAll(extra);
        assertThat(AuthorizationCodeFlow.query(location)).containsExactlyInAnyOrderEntriesOf(expected);
        return location;
    }

    /** Keycloak's answer to the authorization request: straight on to its broker endpoint for that identity provider. */
    private void assertBrokerRedirect(URI authorizationRequest, String idpAlias) {
        HttpResult broker = Http.get(authorizationRequest.toString(), Map.of());
        assertThat(broker.status()).as(broker.toString()).isIn(302, 303);
        URI next = authorizationRequest.resolve(broker.header("Location"));
        assertThat(next.getPath()).isEqualTo("/realms/" + realm.name() + "/broker/" + idpAlias + "/login");
        assertThat(AuthorizationCodeFlow.query(next)).containsEntry("client_id", TestRealm.AUTH_CLIENT);
    }

    @Nested
    @DisplayName("given identity providers for the four providers")
    class Redirects {

        @HappyPath
        @ParameterizedTest(name = "{0} via {1}")
        @CsvSource({
                "google, google, https://accounts.google.com/o/oauth2/v2/auth",
                "microsoft, ms-entra, https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
                "okta, corp-okta, " + OKTA_AUTHORIZE})
        @DisplayName("when the SSO login starts then it goes through Keycloak's broker to the provider's authorization URL")
        void throughTheBroker(String provider, String alias, String idpAuthorizationUrl) {
            String query = "redirect_uri=" + encode(APP_CALLBACK) + "&state=st-42&code_challenge=" + CHALLENGE
                    + "&code_challenge_method=S256";
            URI authorizationRequest = assertIntoAuthorizationEndpoint(sso(V2, provider, query), alias, Map.of(
                    "state", "st-42", "code_challenge", CHALLENGE, "code_challenge_method", "S256"));
            assertBrokerRedirect(authorizationRequest, alias);

            // the whole way in a cookie-keeping browser: Keycloak leaves for the identity provider
            Page left = new BrowserSession(keycloak).get(realm.url() + V2 + "/login/sso/" + provider + "?" + query);
            assertThat(left.leftKeycloak()).as(left.toString()).isTrue();
            URI idpRequest = left.redirectLocation();
            assertThat(idpRequest.getScheme() + "://" + idpRequest.getRawAuthority() + idpRequest.getRawPath())
                    .isEqualTo(idpAuthorizationUrl);
            Map<String, String> idpQuery = AuthorizationCodeFlow.query(idpRequest);
            assertThat(idpQuery).containsEntry("client_id", alias + "-client-id")
                    .containsEntry("redirect_uri", realm.url() + "/broker/" + alias + "/endpoint")
                    .containsEntry("response_type", "code")
                    .containsKey("state");
        }

        @Test
        @DisplayName("when the LinkedIn login starts then Keycloak's broker is asked for the LinkedIn identity provider")
        void linkedIn() {
            URI authorizationRequest = assertIntoAuthorizationEndpoint(
                    sso(V2, "linkedin", "redirect_uri=" + encode(APP_CALLBACK)), "linkedin", Map.of());
            // The hop after this one is where Keycloak's LinkedIn provider reads LinkedIn's
            // well-known document from the internet on first use; there is none here.
            assertBrokerRedirect(authorizationRequest, "linkedin");
        }

        @Test
        @DisplayName("when the legacy api prefix is used then the redirect is the same")
        void legacyPrefix() {
            assertIntoAuthorizationEndpoint(sso(LEGACY, "google", "redirect_uri=" + encode(APP_CALLBACK)), "google", Map.of());
        }

        @Test
        @DisplayName("when the state holds reserved characters then it arrives unchanged")
        void stateRoundTrip() {
            String state = "a b{c}&d=é/?#%";
            assertIntoAuthorizationEndpoint(sso(V2, "google", "redirect_uri=" + encode(APP_CALLBACK) + "&state=" + encode(state)),
                    "google", Map.of("state", state));
        }

        @Test
        @DisplayName("when a challenge comes without a method then S256 is sent on")
        void defaultChallengeMethod() {
            assertIntoAuthorizationEndpoint(sso(V2, "okta", "redirect_uri=" + encode(APP_CALLBACK) + "&code_challenge=" + CHALLENGE),
                    "corp-okta", Map.of("code_challenge", CHALLENGE, "code_challenge_method", "S256"));
        }

        @Test
        @DisplayName("when redirect_uri is a loopback address with a port then Keycloak's loopback rule admits it")
        void loopbackRedirect() {
            HttpResult result = sso(V2, "google", "redirect_uri=" + encode("http://127.0.0.1:45678/cb"));
            assertThat(result.status()).as(result.toString()).isEqualTo(302);
            assertThat(AuthorizationCodeFlow.query(URI.create(result.header("Location"))))
                    .containsEntry("redirect_uri", "http://127.0.0.1:45678/cb");
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {

        @ParameterizedTest
        @ValueSource(strings = {"", "redirect_uri=", "state=x"})
        @DisplayName("a missing redirect_uri gives 422 'missing' at query.redirect_uri")
        void missingRedirectUri(String query) {
            FastApiErrors.assertInvalid(sso(V2, "google", query), "missing", "query", "redirect_uri");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "redirect_uri=https%3A%2F%2Fevil.example.test%2Fcallback",
                "redirect_uri=https%3A%2F%2Fapp.example.test.evil.test%2Fcallback",
                "redirect_uri=https%3A%2F%2Fapp.example.test%2Fcb%3Fcode%3Dstolen",
                "redirect_uri=not%20a%20uri%20%5E",
                "redirect_uri=https%3A%2F%2Fapp.example.test%2Fa&redirect_uri=https%3A%2F%2Fapp.example.test%2Fb"})
        @DisplayName("an unregistered, malformed or repeated redirect_uri gives 400 invalid_request")
        void redirectUri(String query) {
            assertError(sso(V2, "google", query), 400, "invalid_request");
        }

        @ParameterizedTest
        @ValueSource(strings = {"code_challenge_method=plain&code_challenge=" + CHALLENGE, "code_challenge=short",
                "code_challenge_method=S256"})
        @DisplayName("a PKCE parameter other than an S256 challenge gives 400 invalid_request")
        void pkce(String pkce) {
            assertError(sso(V2, "google", "redirect_uri=" + encode(APP_CALLBACK) + "&" + pkce), 400, "invalid_request");
        }

        @Test
        @DisplayName("a redirect_uri or state over its length limit gives 422 string_too_long")
        void tooLong() {
            FastApiErrors.assertInvalid(sso(V2, "google", "redirect_uri=" + encode(APP_CALLBACK + "/" + "a".repeat(3000))),
                    "string_too_long", "query", "redirect_uri");
            FastApiErrors.assertInvalid(sso(V2, "google", "redirect_uri=" + encode(APP_CALLBACK) + "&state=" + "s".repeat(2000)),
                    "string_too_long", "query", "state");
        }

        @ParameterizedTest
        @ValueSource(strings = {"github", "Google", "facebook", "%20"})
        @DisplayName("a provider other than the four gives 404 not_found")
        void unknownProvider(String provider) {
            assertError(sso(V2, provider, "redirect_uri=" + encode(APP_CALLBACK)), 404, "not_found");
            assertError(sso(LEGACY, provider, "redirect_uri=" + encode(APP_CALLBACK)), 404, "not_found");
        }
    }

    /** Its SSO redirect for {@code provider}, to the app's callback. */
    private static HttpResult sso(TestRealm target, String provider) {
        return Http.get(target.url() + V2 + "/login/sso/" + provider + "?redirect_uri=" + encode(APP_CALLBACK), Map.of());
    }

    @HappyPath
    @Test
    @DisplayName("given an admin changing the realm when flags and SSO redirects are requested after each change then they follow it")
    void followsAdminChanges() {
        try (TestRealm changing = TestRealm.builder(keycloak, mail, "flags").withoutPlatformMapper().create()) {
            JsonNode initial = flags(changing);
            assertThat(initial.get("password_login").asBoolean()).isTrue();
            assertThat(initial.get("registration").asBoolean()).as("the API's sign-up, on by default").isTrue();
            assertThat(initial.get("passwordless").asBoolean()).isTrue();
            assertThat(initial.get("magic_link").asBoolean()).isFalse();
            assertThat(initial.get("email_otp").asBoolean()).isFalse();
            assertThat(initial.get("sso").fieldNames()).toIterable().containsExactly("google", "microsoft", "linkedin", "okta");
            initial.get("sso").forEach(flag -> assertThat(flag.asBoolean()).isFalse());
            assertThat(Http.get(changing.url() + LEGACY + "/login/feature-flags", Map.of()).json()).isEqualTo(initial);
            for (String provider : List.of("google", "microsoft", "linkedin", "okta")) {
                assertError(sso(changing, provider), 404, "sso_not_configured");
            }

            changing.updateClient(TestRealm.AUTH_CLIENT, client -> client.getAttributes().put("platform-auth.signup.enabled", "false"));
            changing.update(rep -> rep.setRegistrationAllowed(true));
            assertThat(flags(changing).get("registration").asBoolean()).as("the login pages' switch does not count").isFalse();

            changing.updateClient(TestRealm.AUTH_CLIENT, client -> client.setDirectAccessGrantsEnabled(false));
            assertThat(flags(changing).get("password_login").asBoolean()).isFalse();
            changing.updateClient(TestRealm.AUTH_CLIENT, client -> client.setDirectAccessGrantsEnabled(true));
            assertThat(flags(changing).get("password_login").asBoolean()).isTrue();

            // the realm's direct-grant flow stops checking passwords
            AuthenticationExecutionInfoRepresentation passwordStep = changing.resource().flows().getExecutions("direct grant")
                    .stream().filter(e -> "direct-grant-validate-password".equals(e.getProviderId())).findFirst().orElseThrow();
            passwordStep.setRequirement("DISABLED");
            changing.resource().flows().updateExecutions("direct grant", passwordStep);
            assertThat(flags(changing).get("password_login").asBoolean()).isFalse();

            changing.updateClient(TestRealm.AUTH_CLIENT, client -> client.getAttributes().put("platform-auth.magic-link.enabled", "true"));
            assertThat(flags(changing).get("magic_link").asBoolean()).isTrue();
            assertThat(flags(changing).get("email_otp").asBoolean()).isFalse();

            changing.addIdentityProvider(identityProvider("google", "google", Map.of()));
            changing.addIdentityProvider(identityProvider("linked", "linkedin-openid-connect", Map.of()));
            changing.addIdentityProvider(okta("okta-prod"));
            IdentityProviderRepresentation linkOnlyMicrosoft = identityProvider("microsoft", "microsoft", Map.of());
            linkOnlyMicrosoft.setLinkOnly(true);
            changing.addIdentityProvider(linkOnlyMicrosoft);
            // an OIDC provider that is not on an Okta host is not Okta
            changing.addIdentityProvider(identityProvider("corp", "oidc", Map.of(
                    "authorizationUrl", "https://login.example.test/authorize", "tokenUrl", "https://login.example.test/token")));
            JsonNode withIdps = flags(changing).get("sso");
            assertThat(withIdps.get("google").asBoolean()).isTrue();
            assertThat(withIdps.get("microsoft").asBoolean()).isFalse();
            assertThat(withIdps.get("linkedin").asBoolean()).isTrue();
            assertThat(withIdps.get("okta").asBoolean()).isTrue();
            assertThat(sso(changing, "google").status()).isEqualTo(302);
            assertThat(AuthorizationCodeFlow.query(URI.create(sso(changing, "okta").header("Location"))))
                    .containsEntry("kc_idp_hint", "okta-prod");
            assertError(sso(changing, "microsoft"), 404, "sso_not_configured");

            changing.updateIdentityProvider("google", idp -> idp.setEnabled(false));
            changing.updateIdentityProvider("linked", idp -> idp.setLinkOnly(true));
            JsonNode afterDisable = flags(changing).get("sso");
            assertThat(afterDisable.get("google").asBoolean()).isFalse();
            assertThat(afterDisable.get("linkedin").asBoolean()).isFalse();
            assertThat(afterDisable.get("okta").asBoolean()).isTrue();
            assertError(sso(changing, "google"), 404, "sso_not_configured");
            assertError(sso(changing, "linkedin"), 404, "sso_not_configured");

            changing.updateClient(TestRealm.AUTH_CLIENT, client -> client.setStandardFlowEnabled(false));
            assertThat(flags(changing).get("sso").get("okta").asBoolean()).isFalse();
            assertError(sso(changing, "okta"), 404, "sso_not_configured");

            changing.update(rep -> rep.setSmtpServer(new HashMap<>()));
            JsonNode noMail = flags(changing);
            assertThat(noMail.get("passwordless").asBoolean()).isFalse();
            assertThat(noMail.get("magic_link").asBoolean()).isFalse();
        }
    }

    @Test
    @DisplayName("given the demo realm when imported then Google and Okta are offered and its browser flow honours kc_idp_hint")
    void demoRealm() throws Exception {
        try (DemoRealm demo = DemoRealm.importInto(keycloak, mail)) {
            String url = demo.url();
            HttpResult flags = Http.get(url + V2 + "/login/feature-flags", Map.of());
            assertThat(flags.status()).as(flags.toString()).isEqualTo(200);
            JsonNode sso = flags.json().get("sso");
            assertThat(sso.get("google").asBoolean()).isTrue();
            assertThat(sso.get("okta").asBoolean()).isTrue();
            assertThat(sso.get("microsoft").asBoolean()).isFalse();
            assertThat(sso.get("linkedin").asBoolean()).isFalse();
            assertThat(flags.json().get("password_login").asBoolean()).isTrue();
            assertThat(flags.json().get("passwordless").asBoolean()).isTrue();

            Page left = new BrowserSession(keycloak).get(url + V2 + "/login/sso/okta?redirect_uri=" + encode("http://127.0.0.1:3000/cb"));
            assertThat(left.leftKeycloak()).as(left.toString()).isTrue();
            assertThat(left.redirectLocation().toString()).startsWith(OKTA_AUTHORIZE + "?");
        }
    }

    @Test
    @DisplayName("given a realm without the auth-service client when either endpoint is called then 503 not_configured")
    void notConfigured() {
        try (TestRealm bare = TestRealm.builder(keycloak, mail, "noclient").withoutPlatformMapper()
                .customize(rep -> rep.setClients(List.of())).create()) {
            assertError(Http.get(bare.url() + V2 + "/login/feature-flags", Map.of()), 503, "not_configured");
            assertError(Http.get(bare.url() + LEGACY + "/login/feature-flags", Map.of()), 503, "not_configured");
            assertError(Http.get(bare.url() + V2 + "/login/sso/google?redirect_uri=" + encode(APP_CALLBACK), Map.of()),
                    503, "not_configured");
        }
    }
}
