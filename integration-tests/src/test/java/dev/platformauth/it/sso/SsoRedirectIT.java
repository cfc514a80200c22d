package dev.platformauth.it.sso;

import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Page;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The auth-service API's {@code login/sso/{provider}} through Keycloak's broker, and its refusals. */
class SsoRedirectIT extends LoginDiscoveryFixture {

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
}
