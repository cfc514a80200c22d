package dev.platformauth.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves the harness itself: server, realm fixture, mail capture, browser flow, JWT checks, restart. */
@KeycloakIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HarnessIT {

    private static TestRealm realm;

    @BeforeAll
    static void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = TestRealm.builder(keycloak, mail, "harness").withoutPlatformMapper().create();
    }

    @AfterAll
    static void deleteRealm() {
        if (realm != null) {
            realm.close();
        }
    }

    @HappyPath
    @Test
    @Order(1)
    @DisplayName("the Keycloak of keycloak.version answers on loopback with the bundle loaded, and the admin client is logged in")
    void serverIsUp(KeycloakServer keycloak) {
        String version = System.getProperty("keycloak.version");
        HttpResult master = Http.get(keycloak.realmUrl("master"), Map.of());

        assertThat(master.status()).isEqualTo(200);
        assertThat(master.json().path("realm").asText()).isEqualTo("master");
        assertThat(keycloak.baseUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(keycloak.admin().serverInfo().getInfo().getSystemInfo().getVersion()).isEqualTo(version);
        // the whole log: other classes may have run before this one
        assertThat(keycloak.logTail(Integer.MAX_VALUE)).anyMatch(line -> line.contains("Keycloak " + version));
        // the jar is built against 26.7: on every line none of its classes fails to link
        assertThat(keycloak.admin().serverInfo().getInfo().getProviders().get("realm-restapi-extension").getProviders())
                .containsKey("auth-service");
        assertThat(keycloak.logTail(100_000)).noneMatch(line -> line.contains("NoClassDefFoundError")
                || line.contains("NoSuchMethodError") || line.contains("AbstractMethodError"));
    }

    @Test
    @Order(2)
    @DisplayName("a test realm has SMTP to GreenMail, stored events, no brute force and the auth-service client")
    void realmFixture(MailServer mail) {
        RealmRepresentation representation = realm.resource().toRepresentation();

        assertThat(representation.getRealm()).startsWith("harness-").hasSize("harness-".length() + 6);
        assertThat(representation.isEnabled()).isTrue();
        assertThat(representation.getSmtpServer())
                .containsEntry("host", "127.0.0.1")
                .containsEntry("port", Integer.toString(mail.smtpPort()))
                .containsEntry("from", TestRealm.MAIL_FROM);
        assertThat(representation.isEventsEnabled()).isTrue();
        assertThat(representation.isAdminEventsEnabled()).isTrue();
        assertThat(representation.isAdminEventsDetailsEnabled()).isTrue();
        assertThat(representation.isBruteForceProtected()).isFalse();

        ClientRepresentation client = realm.client(TestRealm.AUTH_CLIENT);
        assertThat(client.isPublicClient()).isTrue();
        assertThat(client.isDirectAccessGrantsEnabled()).isTrue();
        assertThat(client.isStandardFlowEnabled()).isTrue();
        assertThat(client.getRedirectUris()).containsExactlyInAnyOrderElementsOf(TestRealm.REDIRECT_URIS);
        assertThat(client.getWebOrigins()).containsExactly("+");
        assertThat(client.getProtocolMappers()).isNullOrEmpty();

        realm.updateClient(TestRealm.AUTH_CLIENT, c -> c.setDescription("changed by the harness"));
        assertThat(realm.client(TestRealm.AUTH_CLIENT).getDescription()).isEqualTo("changed by the harness");
        assertThat(realm.adminEvents())
                .anyMatch(event -> "UPDATE".equals(event.getOperationType())
                        && event.getResourcePath().startsWith("clients/")
                        && event.getRepresentation() != null
                        && event.getRepresentation().contains("changed by the harness"));
    }

    @Test
    @Order(3)
    @DisplayName("the admin SMTP test sends a mail that GreenMail captures for the admin's address")
    void smtpTestConnection(KeycloakServer keycloak, MailServer mail) throws Exception {
        String adminEmail = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@platform-auth.test";
        var masterUsers = keycloak.admin().realm("master").users();
        UserRepresentation admin = masterUsers.searchByUsername("admin", true).get(0);
        admin.setEmail(adminEmail);
        masterUsers.get(admin.getId()).update(admin);

        try (Response response = realm.resource().testSMTPConnection(realm.resource().toRepresentation().getSmtpServer())) {
            assertThat(response.getStatus()).isEqualTo(204);
        }

        MimeMessage message = mail.awaitOneTo(adminEmail);
        assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo(TestRealm.MAIL_FROM);
        assertThat(message.getSubject()).containsIgnoringCase("test");
        assertThat(MailServer.textPart(message)).isNotBlank();
        assertThat(mail.messagesTo("nobody-" + adminEmail)).isEmpty();
        mail.assertNoMessageTo("nobody-" + adminEmail, Duration.ofMillis(200));
    }

    @Test
    @Order(4)
    @DisplayName("a browser signs in on the login form and completes the code flow with PKCE; the tokens verify")
    void browserCodeFlowWithPkce(KeycloakServer keycloak) {
        String userId = realm.createUser("alice", "alice-" + realm.name() + "@platform-auth.test", "correct horse");
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = browser.authorizationCodeFlow(realm);

        Page loginPage = flow.start();
        assertThat(loginPage.status()).isEqualTo(200);
        assertThat(loginPage.leftKeycloak()).isFalse();
        assertThat(loginPage.document().select(AuthorizationCodeFlow.LOGIN_FORM + " input[name=username]")).hasSize(1);

        Page rejected = flow.login(loginPage, "alice", "wrong password");
        assertThat(rejected.leftKeycloak()).isFalse();
        assertThat(rejected.errorMessage()).isEqualTo("Invalid username or password.");
        assertThat(realm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0).getError())
                .isEqualTo("invalid_user_credentials");

        Page redirect = flow.login(rejected, "alice", "correct horse");
        assertThat(redirect.redirectLocation()).hasHost("127.0.0.1").hasPath("/callback");
        HttpResult tokens = flow.exchange(flow.code(redirect));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        JsonNode body = tokens.json();
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");

        String accessToken = body.path("access_token").asText();
        JWTClaimsSet claims = Jwt.verify(accessToken, realm.jwksUri());
        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.getIssuer()).isEqualTo(keycloak.realmUrl(realm.name()));
        assertThat(claims.getClaim("azp")).isEqualTo(TestRealm.AUTH_CLIENT);
        assertThat(Jwt.header(accessToken).path("kid").asText()).isNotEmpty();
        assertThat(Jwt.payload(body.path("id_token").asText()).path("nonce").asText()).isEqualTo(flow.nonce());

        List<EventRepresentation> logins = realm.awaitEvents("LOGIN", Duration.ofSeconds(10));
        assertThat(logins.get(0).getUserId()).isEqualTo(userId);
        assertThat(realm.events("CODE_TO_TOKEN")).anyMatch(event -> userId.equals(event.getUserId()));

        // the SSO cookie is sent back: a second authorization request skips the login form
        AuthorizationCodeFlow again = browser.authorizationCodeFlow(realm);
        Page ssoRedirect = again.start();
        assertThat(again.exchange(again.code(ssoRedirect)).status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    @DisplayName("a code exchanged with a wrong PKCE verifier is refused")
    void wrongPkceVerifier(KeycloakServer keycloak) {
        AuthorizationCodeFlow tampered = new BrowserSession(keycloak).authorizationCodeFlow(realm);
        String code = tampered.code(tampered.login(tampered.start(), "alice", "correct horse"));
        HttpResult refused = Http.postForm(realm.tokenEndpoint(), Map.of(
                "grant_type", "authorization_code", "client_id", TestRealm.AUTH_CLIENT,
                "redirect_uri", AuthorizationCodeFlow.DEFAULT_REDIRECT_URI, "code", code,
                "code_verifier", "x".repeat(43)), Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    @Order(6)
    @DisplayName("restart keeps the realm and its users (H2 under the distribution's data/)")
    void restartKeepsData(KeycloakServer keycloak) {
        String userId = realm.createUser("bob", "bob-" + realm.name() + "@platform-auth.test", "bob's password");

        keycloak.restart();

        assertThat(realm.resource().users().get(userId).toRepresentation().getUsername()).isEqualTo("bob");
        HttpResult tokens = Http.postForm(realm.tokenEndpoint(), Map.of(
                "grant_type", "password", "client_id", TestRealm.AUTH_CLIENT,
                "username", "bob", "password", "bob's password"), Map.of());
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(Jwt.verify(tokens.json().path("access_token").asText(), realm.jwksUri()).getSubject())
                .isEqualTo(userId);
    }
}
