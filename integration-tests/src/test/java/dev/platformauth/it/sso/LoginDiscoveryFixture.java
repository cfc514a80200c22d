package dev.platformauth.it.sso;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm and helpers of {@link LoginDiscoveryIT}, {@link SsoRedirectIT}.
 *
 * The auth-service API's login discovery on the real Keycloak: {@code login/feature-flags} follows the realm's
 * configuration as an admin changes it, and {@code login/sso/{provider}} sends the browser through
 * Keycloak's broker to Google, Microsoft, LinkedIn and Okta identity providers (fake client
 * credentials: nothing here reaches the internet).
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LoginDiscoveryFixture {

    static final String V2 = "/auth-service/api/v2";
    static final String LEGACY = "/auth-service/api";
    static final String APP_CALLBACK = "https://app.example.test/callback";
    /** base64url(SHA-256) of some verifier: the shape Keycloak and the API accept. */
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    static final String OKTA_AUTHORIZE = "https://dev-123.okta.com/oauth2/v1/authorize";

    KeycloakServer keycloak;
    MailServer mail;
    /** Google under alias "google" (alias rule), Microsoft as "ms-entra", LinkedIn, Okta as "corp-okta" (type rules). */
    TestRealm realm;

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

    static IdentityProviderRepresentation identityProvider(String alias, String providerId, Map<String, String> config) {
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
    static IdentityProviderRepresentation okta(String alias) {
        return identityProvider(alias, "oidc", Map.of(
                "authorizationUrl", OKTA_AUTHORIZE,
                "tokenUrl", "https://dev-123.okta.com/oauth2/v1/token",
                "clientAuthMethod", "client_secret_post",
                "syncMode", "IMPORT"));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static JsonNode flags(TestRealm target) {
        HttpResult result = Http.get(target.url() + V2 + "/login/feature-flags", Map.of());
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.header("Content-Type")).startsWith("application/json");
        assertThat(result.header("Cache-Control")).contains("no-store");
        return result.json();
    }

    HttpResult sso(String prefix, String provider, String query) {
        return Http.get(realm.url() + prefix + "/login/sso/" + provider + (query.isEmpty() ? "" : "?" + query), Map.of());
    }

    static void assertError(HttpResult result, int status, String error) {
        FastApiErrors.assertError(result, status, error);
    }

    /** The 302 of our endpoint: into the realm's authorization endpoint with exactly these parameters. */
    URI assertIntoAuthorizationEndpoint(HttpResult result, String idpAlias, Map<String, String> extra) {
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
    void assertBrokerRedirect(URI authorizationRequest, String idpAlias) {
        HttpResult broker = Http.get(authorizationRequest.toString(), Map.of());
        assertThat(broker.status()).as(broker.toString()).isIn(302, 303);
        URI next = authorizationRequest.resolve(broker.header("Location"));
        assertThat(next.getPath()).isEqualTo("/realms/" + realm.name() + "/broker/" + idpAlias + "/login");
        assertThat(AuthorizationCodeFlow.query(next)).containsEntry("client_id", TestRealm.AUTH_CLIENT);
    }

    /** Its SSO redirect for {@code provider}, to the app's callback. */
    static HttpResult sso(TestRealm target, String provider) {
        return Http.get(target.url() + V2 + "/login/sso/" + provider + "?redirect_uri=" + encode(APP_CALLBACK), Map.of());
    }
}
