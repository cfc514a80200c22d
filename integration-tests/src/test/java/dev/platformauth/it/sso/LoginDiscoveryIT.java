package dev.platformauth.it.sso;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.DemoRealm;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.TestRealm;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The auth-service API's {@code login/feature-flags} as an admin changes the realm, in the demo realm and without the client. */
class LoginDiscoveryIT extends LoginDiscoveryFixture {

    @Nested
    @HappyPath
    @DisplayName("given a realm an admin changes step by step, login/feature-flags and login/sso follow each change")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class FollowsAdminChanges {

        private TestRealm changing;

        @BeforeAll
        void createRealm() {
            changing = TestRealm.builder(keycloak, mail, "flags").withoutPlatformMapper().create();
        }

        @AfterAll
        void deleteRealm() {
            changing.close();
        }

        @Test
        @Order(1)
        @DisplayName("a new realm: password login, sign-up and passwordless on, no magic link, OTP or SSO, on both prefixes")
        void initial() {
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
        }

        @Test
        @Order(2)
        @DisplayName("sign-up follows the client's switch, not the login pages' one")
        void registration() {
            changing.updateClient(TestRealm.AUTH_CLIENT, client -> client.getAttributes().put("platform-auth.signup.enabled", "false"));
            changing.update(rep -> rep.setRegistrationAllowed(true));
            assertThat(flags(changing).get("registration").asBoolean()).as("the login pages' switch does not count").isFalse();
        }

        @Test
        @Order(3)
        @DisplayName("password login follows the client's direct grants and the realm's direct-grant flow")
        void passwordLogin() {
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
        }

        @Test
        @Order(4)
        @DisplayName("magic links switched on show, email OTP stays off")
        void magicLink() {
            changing.updateClient(TestRealm.AUTH_CLIENT, client -> client.getAttributes().put("platform-auth.magic-link.enabled", "true"));
            assertThat(flags(changing).get("magic_link").asBoolean()).isTrue();
            assertThat(flags(changing).get("email_otp").asBoolean()).isFalse();
        }

        @Test
        @Order(5)
        @DisplayName("identity providers added show, except a link-only one and an OIDC provider off Okta's hosts; login/sso redirects")
        void identityProviders() {
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
        }

        @Test
        @Order(6)
        @DisplayName("a disabled or link-only provider disappears")
        void disabledProviders() {
            changing.updateIdentityProvider("google", idp -> idp.setEnabled(false));
            changing.updateIdentityProvider("linked", idp -> idp.setLinkOnly(true));
            JsonNode afterDisable = flags(changing).get("sso");
            assertThat(afterDisable.get("google").asBoolean()).isFalse();
            assertThat(afterDisable.get("linkedin").asBoolean()).isFalse();
            assertThat(afterDisable.get("okta").asBoolean()).isTrue();
            assertError(sso(changing, "google"), 404, "sso_not_configured");
            assertError(sso(changing, "linkedin"), 404, "sso_not_configured");
        }

        @Test
        @Order(7)
        @DisplayName("without the client's standard flow there is no SSO; without SMTP no passwordless or magic link")
        void standardFlowAndSmtp() {
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
