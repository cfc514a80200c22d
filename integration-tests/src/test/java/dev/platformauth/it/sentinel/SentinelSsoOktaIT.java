package dev.platformauth.it.sentinel;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 002's {@code sso/initiate} (Keycloak Organizations → an authorization URL through the broker)
 * and {@code enrichToken} (Okta's token inline hook) on the real Keycloak. The identity providers
 * point at a fake authorization URL on loopback: nothing here talks to Okta.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentinelSsoOktaIT {

    private static final String HOOK_SECRET = "okta-hook-secret-0123456789";
    private static final String FAKE_AUTHORIZE = "http://127.0.0.1:9/okta/oauth2/v1/authorize";
    private static final String APP_CALLBACK = "https://app.example.test/callback";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final String DOMAIN = "northstar.test";
    private static final String TERMS = "platform-auth.terms.version";

    private KeycloakServer keycloak;
    private TestRealm realm;
    private String northstarId;

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        realm = SentinelRealm.create(keycloak, mail, "sentinel-sso", rep -> {
            rep.setOrganizationsEnabled(true);
            rep.getClients().stream().filter(c -> SentinelRealm.CLIENT.equals(c.getClientId())).findFirst().orElseThrow()
                    .setAttributes(new HashMap<>(Map.of("platform-auth.okta-hook.secret", HOOK_SECRET)));
        });
        UPConfig profile = realm.resource().users().userProfile().getConfiguration();
        profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
        realm.resource().users().userProfile().update(profile);
        realm.resource().roles().create(new RoleRepresentation("teacher", null, false));

        // "okta": the Okta IdP (alias rule), linked to northstar for its domain; "northstar-any" sorts first but is linked to ANY domain
        realm.addIdentityProvider(oidc("okta", FAKE_AUTHORIZE));
        realm.addIdentityProvider(oidc("northstar-any", "http://127.0.0.1:9/any/authorize"));
        realm.addIdentityProvider(oidc("quiet-idp", "http://127.0.0.1:9/quiet/authorize"));
        northstarId = createOrganization("northstar", DOMAIN);
        link(northstarId, "okta", DOMAIN);
        link(northstarId, "northstar-any", "ANY");
        realm.addIdentityProvider(oidc("district-idp", "http://127.0.0.1:9/district/authorize"));
        link(createOrganization("district", "*.district.test"), "district-idp", "*.district.test");
        createOrganization("no-idp", "noidp.test");
        link(createOrganization("quiet", "quiet.test"), "quiet-idp", "quiet.test");
        realm.updateIdentityProvider("quiet-idp", idp -> idp.setEnabled(false));
    }

    @AfterAll
    void deleteRealm() {
        if (realm != null) {
            realm.close();
        }
    }

    private static IdentityProviderRepresentation oidc(String alias, String authorizationUrl) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId("oidc");
        idp.setEnabled(true);
        idp.setConfig(new HashMap<>(Map.of(
                "clientId", alias + "-client-id",
                "clientSecret", "not-a-real-secret",
                "authorizationUrl", authorizationUrl,
                "tokenUrl", authorizationUrl.replace("/authorize", "/token"),
                "clientAuthMethod", "client_secret_post",
                "loginHint", "true",
                "syncMode", "IMPORT")));
        return idp;
    }

    private String createOrganization(String alias, String domain) {
        OrganizationRepresentation org = new OrganizationRepresentation();
        org.setName(alias);
        org.setAlias(alias);
        org.setEnabled(true);
        org.addDomain(new OrganizationDomainRepresentation(domain));
        try (Response response = realm.resource().organizations().create(org)) {
            assertThat(response.getStatus()).as("creating organization %s", alias).isEqualTo(201);
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    /** Links the identity provider to the organization, for {@code domain} (the admin console's "Domain" of the link). */
    private void link(String organizationId, String alias, String domain) {
        try (Response response = realm.resource().organizations().get(organizationId).identityProviders().addIdentityProvider(alias)) {
            assertThat(response.getStatus()).as("linking %s", alias).isEqualTo(204);
        }
        realm.updateIdentityProvider(alias, idp -> idp.getConfig().put("kc.org.domain", domain));
    }

    private String url(String path) {
        return realm.url() + SentinelRealm.API + path;
    }

    private static void assertError(HttpResult result, int status, String error) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.header("Content-Type")).startsWith("application/json");
        assertThat(result.json().path("error").asText()).as(result.toString()).isEqualTo(error);
        assertThat(result.json().path("error_description").asText()).isNotBlank();
    }

    @Test
    @DisplayName("given the demo realm when imported then alice's domain starts SSO through okta and the hook adds her organization")
    void demoRealm(MailServer mail) throws Exception {
        String name = "demo-sso-" + Long.toString(System.nanoTime(), 36);
        String json = Files.readString(Path.of(System.getProperty("project.root"), "demo", "realm", "demo-realm.json"))
                .replace("${DEMO_SMTP_PORT:3025}", Integer.toString(mail.smtpPort()));
        RealmRepresentation demo = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(json, RealmRepresentation.class);
        demo.setRealm(name);
        keycloak.admin().realms().create(demo);
        try {
            String api = keycloak.realmUrl(name) + SentinelRealm.API;
            HttpResult sso = Http.postJson(api + "/sso/initiate",
                    "{\"email\":\"alice@demo.test\",\"redirectUri\":\"http://127.0.0.1:3000/cb\"}", Map.of());
            assertThat(sso.status()).as(sso.toString()).isEqualTo(200);
            assertThat(AuthorizationCodeFlow.query(URI.create(sso.json().get("authorizationUrl").asText())))
                    .containsEntry("kc_idp_hint", "okta")
                    .containsEntry("login_hint", "alice@demo.test");

            String hookRequest = "{\"eventType\":\"com.okta.oauth2.tokens.transform\",\"data\":{"
                    + "\"context\":{\"user\":{\"id\":\"00udemo0000000000001\",\"profile\":{\"login\":\"alice@demo.test\"}}},"
                    + "\"access\":{\"claims\":{\"uid\":\"00udemo0000000000001\",\"sub\":\"alice@demo.test\"}}}}";
            HttpResult hook = Http.postJson(api + "/enrichToken", hookRequest, Map.of("Authorization", "demo-okta-hook-secret-change-me"));
            assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
            assertThat(hook.json().at("/commands/0/type").asText()).isEqualTo("com.okta.access.patch");
            assertThat(hook.json().at("/commands/0/value/0/path").asText()).isEqualTo("/claims/organizations");
            // alice belongs to demo-school (SSO) and acme (entity tokens)
            assertThat(hook.json().at("/commands/0/value/0/value").findValuesAsText("alias"))
                    .containsExactlyInAnyOrder("demo-school", "acme");
            assertThat(hook.json().get("commands")).hasSize(1);
        } finally {
            keycloak.admin().realm(name).remove();
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

    @Nested
    @DisplayName("sso/initiate")
    class SsoInitiate {

        private HttpResult initiate(String body) {
            return Http.postJson(url("/sso/initiate"), body, Map.of());
        }

        private HttpResult initiateFor(String email) {
            return initiate("{\"email\":\"" + email + "\",\"redirectUri\":\"" + APP_CALLBACK + "\"}");
        }

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
                realm.updateClient(SentinelRealm.CLIENT, client -> client.setRedirectUris(TestRealm.REDIRECT_URIS));
            }
        }
    }

    @Nested
    @DisplayName("enrichToken")
    class EnrichToken {

        private record Account(String id, String username, String email) {
        }

        private Account account(boolean emailVerified) {
            String username = "o" + UUID.randomUUID().toString().substring(0, 8);
            String email = username + "@" + DOMAIN;
            String id = realm.createUser(username, email, "Secret-" + username);
            if (!emailVerified) {
                UserRepresentation user = realm.resource().users().get(id).toRepresentation();
                user.setEmailVerified(false);
                realm.resource().users().get(id).update(user);
            }
            return new Account(id, username, email);
        }

        private void linkToOkta(Account account, String oktaUserId) {
            FederatedIdentityRepresentation link = new FederatedIdentityRepresentation();
            link.setIdentityProvider("okta");
            link.setUserId(oktaUserId);
            link.setUserName(account.email());
            try (Response response = realm.resource().users().get(account.id()).addFederatedIdentity("okta", link)) {
                assertThat(response.getStatus()).isEqualTo(204);
            }
        }

        private static String oktaUserId() {
            return "00u" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        }

        /** Okta's documented token inline hook request (reference "Sample JSON payload of a request"), for one user. */
        private String oktaRequest(String oktaUserId, String email) {
            return """
                    {
                      "source": "https://northstar.okta.com/oauth2/default/v1/authorize",
                      "eventId": "3OWo4oo-QQ-rBWfRyTmQYw",
                      "eventTime": "2026-01-15T23:20:47.000Z",
                      "eventTypeVersion": "1.0",
                      "cloudEventVersion": "0.1",
                      "contentType": "application/json",
                      "eventType": "com.okta.oauth2.tokens.transform",
                      "data": {
                        "context": {
                          "request": {
                            "id": "reqv66CbCaCStGEFc8AdfS0ng",
                            "method": "GET",
                            "url": {"value": "https://northstar.okta.com/oauth2/default/v1/authorize?scope=openid+profile+email&response_type=code&client_id=app"},
                            "ipAddress": "127.0.0.1"
                          },
                          "protocol": {
                            "type": "OAUTH2.0",
                            "request": {"scope": "openid profile email", "response_type": "code", "client_id": "app"},
                            "issuer": {"uri": "https://northstar.okta.com/oauth2/default"},
                            "client": {"id": "app", "name": "Sentinel app", "type": "PUBLIC"}
                          },
                          "session": {"id": "102Qoe7t5PcRnSxr8j3I8I6pA", "userId": "%1$s", "login": "%2$s", "status": "ACTIVE",
                                      "amr": ["PASSWORD"], "idp": {"id": "00oq6kcVwvrDY2YsS0g3", "type": "OKTA"}, "mfaActive": false},
                          "user": {
                            "id": "%1$s",
                            "passwordChanged": "2025-09-11T23:19:12.000Z",
                            "profile": {"login": "%2$s", "firstName": "Terry", "lastName": "Teacher", "locale": "en", "timeZone": "America/Chicago"},
                            "_links": {"groups": {"href": "https://northstar.okta.com/%1$s/groups"}}
                          },
                          "policy": {"id": "00pq8lGaLlI8APuqY0g3", "rule": {"id": "0prq8mLKuKAmavOvq0g3"}}
                        },
                        "identity": {
                          "claims": {"sub": "%1$s", "name": "Terry Teacher", "email": "%2$s", "ver": 1,
                                     "iss": "https://northstar.okta.com/oauth2/default", "aud": "app", "jti": "ID.YxF2whJfB3Eu4ktG",
                                     "amr": ["pwd"], "idp": "00oq6kcVwvrDY2YsS0g3", "preferred_username": "%2$s", "auth_time": 1768519229},
                          "token": {"lifetime": {"expiration": 3600}}
                        },
                        "access": {
                          "claims": {"ver": 1, "jti": "AT.W-rrB-z-kkZQmHW0e6VS3Or", "iss": "https://northstar.okta.com/oauth2/default",
                                     "aud": "api://default", "cid": "app", "uid": "%1$s", "sub": "%2$s", "preferred_username": "%2$s"},
                          "token": {"lifetime": {"expiration": 3600}},
                          "scopes": {"openid": {"id": "scpq7bW1cp6dcvrz80g3", "action": "GRANT"},
                                     "email": {"id": "scpq7dxsoz6LQlRj00g3", "action": "GRANT"}}
                        }
                      }
                    }
                    """.formatted(oktaUserId, email);
        }

        private HttpResult hook(String body, Map<String, String> headers) {
            return Http.postJson(url("/enrichToken"), body, headers);
        }

        private HttpResult hook(String body) {
            return hook(body, Map.of("Authorization", HOOK_SECRET));
        }

        /** The claims added by the command of {@code type}, by name. */
        private static Map<String, JsonNode> added(JsonNode answer, String type) {
            Map<String, JsonNode> claims = new HashMap<>();
            for (JsonNode command : answer.get("commands")) {
                if (command.get("type").asText().equals(type)) {
                    for (JsonNode op : command.get("value")) {
                        assertThat(op.get("op").asText()).isEqualTo("add");
                        assertThat(op.get("path").asText()).startsWith("/claims/");
                        claims.put(op.get("path").asText().substring("/claims/".length()), op.get("value"));
                    }
                }
            }
            return claims;
        }

        private static void assertNoCommands(HttpResult result) {
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(result.json().get("commands").isArray()).isTrue();
            assertThat(result.json().get("commands")).isEmpty();
        }

        @Test
        @DisplayName("given a user linked to the Okta user when Okta calls then organizations, roles and terms version go into both tokens")
        void linkedByFederatedIdentity() {
            Account account = account(true);
            String oktaId = oktaUserId();
            linkToOkta(account, oktaId);
            try (Response response = realm.resource().organizations().get(northstarId).members().addMember(account.id())) {
                assertThat(response.getStatus()).isEqualTo(201);
            }
            realm.resource().users().get(account.id()).roles().realmLevel()
                    .add(List.of(realm.resource().roles().get("teacher").toRepresentation()));
            UserRepresentation user = realm.resource().users().get(account.id()).toRepresentation();
            user.setAttributes(new HashMap<>(Map.of(TERMS, List.of("2024-09"))));
            realm.resource().users().get(account.id()).update(user);

            // the Okta profile's email differs: the link decides
            HttpResult result = hook(oktaRequest(oktaId, "terry.t@okta-only.test"));
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(result.header("Cache-Control")).contains("no-store");
            JsonNode answer = result.json();
            assertThat(answer.get("commands")).hasSize(2);
            assertThat(answer.at("/commands/0/type").asText()).isEqualTo("com.okta.access.patch");
            assertThat(answer.at("/commands/1/type").asText()).isEqualTo("com.okta.identity.patch");
            for (String type : List.of("com.okta.access.patch", "com.okta.identity.patch")) {
                Map<String, JsonNode> claims = added(answer, type);
                assertThat(claims).containsOnlyKeys("organizations", "roles", "terms_version");
                assertThat(claims.get("organizations")).hasSize(1);
                assertThat(claims.get("organizations").get(0).get("id").asText()).isEqualTo(northstarId);
                assertThat(claims.get("organizations").get(0).get("alias").asText()).isEqualTo("northstar");
                List<String> roles = new ArrayList<>();
                claims.get("roles").forEach(role -> roles.add(role.asText()));
                assertThat(roles).contains("teacher", "default-roles-" + realm.name()).doesNotContain("admin");
                assertThat(claims.get("terms_version").asText()).isEqualTo("2024-09");
            }

            // disabled: never enriched
            user.setEnabled(false);
            realm.resource().users().get(account.id()).update(user);
            assertNoCommands(hook(oktaRequest(oktaId, account.email())));
        }

        @Test
        @DisplayName("given no link when the Okta user's email is a verified account's then that account is enriched; unverified or linked elsewhere is not")
        void byVerifiedEmail() {
            Account verified = account(true);
            HttpResult result = hook(oktaRequest(oktaUserId(), verified.email()));
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            Map<String, JsonNode> claims = added(result.json(), "com.okta.access.patch");
            assertThat(claims).containsOnlyKeys("organizations", "roles"); // no terms accepted yet
            assertThat(claims.get("organizations")).isEmpty();

            Account unverified = account(false);
            assertNoCommands(hook(oktaRequest(oktaUserId(), unverified.email())));

            Account linkedElsewhere = account(true);
            linkToOkta(linkedElsewhere, oktaUserId());
            assertNoCommands(hook(oktaRequest(oktaUserId(), linkedElsewhere.email())));
        }

        @Test
        @DisplayName("given an unknown Okta user when Okta calls then 200 with no commands")
        void unknownUser() {
            assertNoCommands(hook(oktaRequest(oktaUserId(), "nobody-" + UUID.randomUUID() + "@" + DOMAIN)));
        }

        @Test
        @DisplayName("given a wrong, missing, repeated or decorated secret when Okta calls then 401 invalid_client")
        void wrongSecret() {
            Account account = account(true);
            String body = oktaRequest(oktaUserId(), account.email());
            assertError(hook(body, Map.of()), 401, "invalid_client");
            assertError(hook(body, Map.of("Authorization", "wrong-secret-0123456789")), 401, "invalid_client");
            assertError(hook(body, Map.of("Authorization", "Bearer " + HOOK_SECRET)), 401, "invalid_client");
            assertError(hook(body, Map.of("Authorization", HOOK_SECRET.substring(1))), 401, "invalid_client");
            // the secret is checked before the body is read
            assertError(hook("not json", Map.of("Authorization", "wrong")), 401, "invalid_client");
        }

        @Test
        @DisplayName("given a configured header name when Okta calls then only that header counts")
        void configuredHeader() {
            Account account = account(true);
            String body = oktaRequest(oktaUserId(), account.email());
            realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.header", "X-Okta-Hook-Secret"));
            try {
                assertError(hook(body), 401, "invalid_client");
                HttpResult result = hook(body, Map.of("X-Okta-Hook-Secret", HOOK_SECRET));
                assertThat(result.status()).as(result.toString()).isEqualTo(200);
                assertThat(result.json().get("commands")).hasSize(2);
            } finally {
                realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.header", ""));
            }
        }

        @Test
        @DisplayName("given configured claims and tokens when Okta calls then only those are added")
        void configuredClaims() {
            Account account = account(true);
            realm.updateClient(SentinelRealm.CLIENT, client -> {
                client.getAttributes().put("platform-auth.okta-hook.claims", "roles");
                client.getAttributes().put("platform-auth.okta-hook.tokens", "access");
            });
            try {
                HttpResult result = hook(oktaRequest(oktaUserId(), account.email()));
                assertThat(result.status()).as(result.toString()).isEqualTo(200);
                assertThat(result.json().get("commands")).hasSize(1);
                assertThat(added(result.json(), "com.okta.access.patch")).containsOnlyKeys("roles");
            } finally {
                realm.updateClient(SentinelRealm.CLIENT, client -> {
                    client.getAttributes().put("platform-auth.okta-hook.claims", "");
                    client.getAttributes().put("platform-auth.okta-hook.tokens", "");
                });
            }
        }

        @Test
        @DisplayName("given malformed bodies when Okta calls then 400, 413 or 415")
        void badBodies() {
            assertError(hook("not json"), 400, "invalid_request");
            assertError(hook("[]"), 400, "invalid_request");
            assertError(hook("{\"eventType\":\"com.okta.oauth2.tokens.transform\"}"), 400, "invalid_request");
            assertError(hook("{\"eventType\":\"com.okta.import.transform\",\"data\":{}}"), 400, "invalid_request");
            assertError(hook("{\"data\":{\"pad\":\"" + "x".repeat(70_000) + "\"}}"), 413, "request_too_large");
            assertError(Http.postForm(url("/enrichToken"), Map.of("data", "x"), Map.of("Authorization", HOOK_SECRET)),
                    415, "unsupported_media_type");
        }

        @Test
        @DisplayName("given no secret configured when Okta calls then 503 not_configured")
        void noSecret() {
            Account account = account(true);
            String body = oktaRequest(oktaUserId(), account.email());
            realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.secret", ""));
            try {
                assertError(hook(body), 503, "not_configured");
                realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.secret", "too-short"));
                assertError(hook(body, Map.of("Authorization", "too-short")), 503, "not_configured");
            } finally {
                realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.secret", HOOK_SECRET));
            }
            assertThat(hook(body).status()).isEqualTo(200);
        }
    }
}
