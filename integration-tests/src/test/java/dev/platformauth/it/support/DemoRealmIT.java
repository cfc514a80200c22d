package dev.platformauth.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The demo realm of README command one imports into the real Keycloak with the bundle, and the
 * logins the demo prints work: a guard for {@code ./run-demo.sh}, which no other test starts.
 */
@KeycloakIntegrationTest
class DemoRealmIT {

    @RegisterExtension
    static final ClassRealm<DemoRealm> DEMO = ClassRealm.of(DemoRealm::importInto);

    /** alice's sign-in on the auth-service API: 200 with a platform token. */
    private static JsonNode aliceSignsIn() {
        HttpResult login = Http.postForm(DEMO.get().url() + "/auth-service/api/v2/login/access-token",
                Map.of("username", "alice", "password", "alice"), Map.of());
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.json().path("platform_access_token").asText()).isNotBlank();
        return login.json();
    }

    @Test
    @DisplayName("the demo realm imports, alice signs in on the auth-service API and sees both users; magic link and email OTP are on")
    void authServiceApi() {
        String base = DEMO.get().url();
        JsonNode login = aliceSignsIn();
        // the documented auth-token lifetime: 2 days, in a session of up to 14 days
        assertThat(login.path("expires_in").asInt()).isBetween(172790, 172800);

        HttpResult users = Http.get(base + "/auth-service/api/v2/users/", Http.bearer(login.get("access_token").asText()));
        assertThat(users.status()).as(users.toString()).isEqualTo(200);
        assertThat(users.json().path("data").size()).isEqualTo(2);
        assertThat(users.json().path("count").asInt()).isEqualTo(2);

        HttpResult flags = Http.get(base + "/auth-service/api/v2/login/feature-flags", Map.of());
        assertThat(flags.json().get("magic_link").asBoolean()).as(flags.toString()).isTrue();
        assertThat(flags.json().get("email_otp").asBoolean()).as(flags.toString()).isTrue();
    }

    @Test
    @DisplayName("alice signs in on the sentinel API and may log in as bob")
    void sentinelApiAndLoginAs() throws Exception {
        String base = DEMO.get().url();
        HttpResult token = Http.postJson(base + "/sentinel/api/v1.0/auth/token",
                "{\"username\":\"alice\",\"password\":\"alice\"}", Map.of());
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        assertThat(token.json().path("expiresIn").asInt()).isBetween(172790, 172800);
        HttpResult loginAs = Http.postJson(base + "/sentinel/api/v1.0/auth/loginAs", "{\"username\":\"bob\",\"reason\":\"demo\"}",
                Http.bearer(token.json().get("token").asText()));
        assertThat(loginAs.status()).as(loginAs.toString()).isEqualTo(200);
        JWTClaimsSet bob = Jwt.verify(loginAs.json().get("token").asText(), base + "/protocol/openid-connect/certs");
        assertThat(bob.getStringClaim("preferred_username")).isEqualTo("bob");
    }

    @Test
    @DisplayName("alice, a member of acme, gets an entity token, which platform-api trades at the token endpoint")
    void entityTokens() {
        String base = DEMO.get().url();
        JsonNode login = aliceSignsIn();
        String aliceId = Jwt.payload(login.get("access_token").asText()).get("sub").asText();
        HttpResult entityToken = Http.postEmpty(base + "/entities/acme/users/" + aliceId + "/authentication-token",
                Http.bearer(login.get("platform_access_token").asText()));
        assertThat(entityToken.status()).as(entityToken.toString()).isEqualTo(201);
        HttpResult grant = Http.postForm(base + "/protocol/openid-connect/token", Map.of(
                "grant_type", "urn:platform-auth:grant-type:entity-token",
                "entity_token", entityToken.json().get("authenticationToken").asText(),
                "client_id", "platform-api", "client_secret", "platform-api-secret"), Map.of());
        assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
    }

    @Test
    @DisplayName("in a browser, bob signs in with the mailed code and accepts the terms; after a new terms version his "
            + "next login through the SSO cookie shows them again")
    void browserFlowAsksForTermsOnEveryLogin(KeycloakServer keycloak, MailServer mail) {
        DemoRealm demo = DEMO.get();
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow first = appFlow(browser, demo);
        Page codePage = LoginForms.enterEmail(browser, first.start(), "bob@demo.test");
        Page terms = LoginForms.enterCode(browser, codePage, MailCodes.codeIn(mail.awaitOneTo("bob@demo.test")));
        assertThat(LoginForms.termsForm(terms)).as("the terms page, got %s", terms).isNotNull();
        HttpResult tokens = first.exchange(first.code(LoginForms.acceptTerms(browser, terms)));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.json().path("platform_access_token").asText()).isNotBlank();

        RequiredActionConfigRepresentation config = keycloak.admin().realm(demo.name()).flows()
                .getRequiredActionConfig("platform-auth-terms");
        Map<String, String> bumped = new HashMap<>(config.getConfig());
        bumped.put("platform-auth.terms.version", "2099-01");
        config.setConfig(bumped);
        keycloak.admin().realm(demo.name()).flows().updateRequiredActionConfig("platform-auth-terms", config);

        AuthorizationCodeFlow again = appFlow(browser, demo);
        Page reshown = again.start();
        assertThat(LoginForms.termsForm(reshown)).as("the terms page through the cookie, got %s", reshown).isNotNull();
        assertThat(reshown.body()).contains("2099-01");
        assertThat(again.exchange(again.code(LoginForms.acceptTerms(browser, reshown))).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("in a browser, a new user registers through the demo's registration flow and is asked for the terms before the app gets tokens")
    void registrationAsksForTerms(KeycloakServer keycloak) {
        DemoRealm demo = DEMO.get();
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = appFlow(browser, demo);
        Page form = browser.get(flow.authorizationUrl().replace("/openid-connect/auth?", "/openid-connect/registrations?"));
        assertThat(form.element("#kc-register-form")).as("the registration form, got %s", form).isNotNull();
        Page terms = browser.submit(form, "#kc-register-form", Map.of("username", "carol", "email", "carol@demo.test",
                "firstName", "Carol", "lastName", "Demo", "password", "Carol-pw-2025!", "password-confirm", "Carol-pw-2025!"));
        assertThat(LoginForms.termsForm(terms)).as("the terms page after registering, got %s", terms).isNotNull();
        HttpResult tokens = flow.exchange(flow.code(LoginForms.acceptTerms(browser, terms)));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        String current = keycloak.admin().realm(demo.name()).flows().getRequiredActionConfig("platform-auth-terms")
                .getConfig().get("platform-auth.terms.version");
        assertThat(Jwt.payload(tokens.json().get("access_token").asText()).get("terms_version").asText()).isEqualTo(current);
    }

    @Test
    @DisplayName("in a browser, a user who forgot the password resets it through the mailed link of the demo's reset flow and is "
            + "asked for the terms before the app gets tokens")
    void passwordResetAsksForTerms(KeycloakServer keycloak, MailServer mail) {
        DemoRealm demo = DEMO.get();
        UserRepresentation dave = new UserRepresentation();
        dave.setUsername("dave");
        dave.setEmail("dave@demo.test");
        dave.setFirstName("Dave");
        dave.setLastName("Demo");
        dave.setEmailVerified(true);
        dave.setEnabled(true);
        keycloak.admin().realm(demo.name()).users().create(dave).close();

        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = appFlow(browser, demo);
        Page emailPage = flow.start();
        String tabId = AuthorizationCodeFlow.query(URI.create(emailPage.element("form").absUrl("action"))).get("tab_id");
        Page forgot = browser.get(demo.url() + "/login-actions/reset-credentials?client_id=auth-service&tab_id=" + tabId);
        browser.submit(forgot, "#kc-reset-password-form", Map.of("username", "dave"));
        Matcher link = Pattern.compile("https?://\\S+/login-actions/action-token\\?\\S+")
                .matcher(MailServer.textPart(mail.awaitOneTo("dave@demo.test")));
        assertThat(link.find()).as("the reset link in the mail").isTrue();
        Page newPassword = browser.get(link.group());
        Page terms = browser.submit(newPassword, "#kc-passwd-update-form",
                Map.of("password-new", "Dave-pw-2025!", "password-confirm", "Dave-pw-2025!"));
        assertThat(LoginForms.termsForm(terms)).as("the terms page after the reset, got %s", terms).isNotNull();
        HttpResult tokens = flow.exchange(flow.code(LoginForms.acceptTerms(browser, terms)));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(Jwt.payload(tokens.json().get("access_token").asText()).get("preferred_username").asText()).isEqualTo("dave");
        assertThat(Jwt.payload(tokens.json().get("access_token").asText()).has("terms_version")).isTrue();
    }

    @Test
    @DisplayName("in a browser, a new user signing in through the demo's Okta identity provider (pointed at a realm of this "
            + "server) is asked for the terms before the app gets tokens: the provider's post login flow runs the check")
    void identityProviderLoginAsksForTerms(KeycloakServer keycloak, MailServer mail) {
        DemoRealm demo = DEMO.get();
        try (TestRealm upstream = TestRealm.create(keycloak, mail, "okta-stand-in")) {
            ClientRepresentation broker = new ClientRepresentation();
            broker.setClientId("demo-broker");
            broker.setSecret("demo-broker-secret");
            broker.setPublicClient(false);
            broker.setStandardFlowEnabled(true);
            broker.setRedirectUris(List.of(demo.url() + "/broker/okta/endpoint"));
            upstream.resource().clients().create(broker).close();
            Account erin = Account.create(upstream, "erin", "demo.test");

            IdentityProviderResource okta = keycloak.admin().realm(demo.name()).identityProviders().get("okta");
            IdentityProviderRepresentation standIn = okta.toRepresentation();
            Map<String, String> config = new HashMap<>(standIn.getConfig());
            String oidc = upstream.url() + "/protocol/openid-connect";
            config.putAll(Map.of("issuer", upstream.url(), "authorizationUrl", oidc + "/auth", "tokenUrl", oidc + "/token",
                    "userInfoUrl", oidc + "/userinfo", "clientId", "demo-broker", "clientSecret", "demo-broker-secret",
                    "validateSignature", "false"));
            standIn.setConfig(config);
            okta.update(standIn);

            BrowserSession browser = new BrowserSession(keycloak);
            AuthorizationCodeFlow flow = appFlow(browser, demo);
            Page upstreamLogin = browser.get(flow.authorizationUrl() + "&kc_idp_hint=okta");
            assertThat(upstreamLogin.url().toString()).as("the identity provider's login page").startsWith(upstream.url());
            Page terms = flow.login(upstreamLogin, erin.username(), erin.password());
            assertThat(LoginForms.termsForm(terms)).as("the terms page after the identity provider's login, got %s", terms)
                    .isNotNull();
            HttpResult tokens = flow.exchange(flow.code(LoginForms.acceptTerms(browser, terms)));
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            JsonNode access = Jwt.payload(tokens.json().get("access_token").asText());
            assertThat(access.get("email").asText()).isEqualTo(erin.email());
            assertThat(access.has("terms_version")).as("accepted through the identity provider's login").isTrue();
        }
    }

    /** An authorization code flow of the demo's auth-service client, back to the demo app's callback. */
    private static AuthorizationCodeFlow appFlow(BrowserSession browser, DemoRealm demo) {
        return browser.authorizationCodeFlow(demo.url(), "auth-service", "http://127.0.0.1:3000/callback");
    }
}
