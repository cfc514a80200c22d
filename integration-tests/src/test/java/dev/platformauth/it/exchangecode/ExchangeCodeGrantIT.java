package dev.platformauth.it.exchangecode;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailCodes;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code urn:platform-auth:grant-type:exchange-code} grant at Keycloak's token endpoint. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExchangeCodeGrantIT {

    private static final String GRANT = "urn:platform-auth:grant-type:exchange-code";

    private TestRealm realm;
    private MailServer mail;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.builder(keycloak, mail, "exchange-grant")
            .customize(rep -> rep.getClients().get(0).setAttributes(Map.of(
                    "platform-auth.exchange-code.resend-interval", "0")))
            .create());

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.mail = mail;
        realm = REALM.get();
    }

    private String mailedCode() {
        String name = "g" + UUID.randomUUID().toString().substring(0, 8);
        String email = name + "@example.test";
        realm.createUser(name, email, "pw-" + name);
        HttpResult requested = Http.postJson(realm.url() + "/auth-service/api/v2/login/passwordless/request-token",
                "{\"email\":\"" + email + "\"}", Map.of());
        assertThat(requested.status()).isEqualTo(202);
        return MailCodes.codeIn(mail.awaitOneTo(email));
    }

    private HttpResult grant(String code) {
        return Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", GRANT, "client_id", "auth-service", "code", code), Map.of());
    }

    private void setSwitch(String value) {
        realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.exchange-code.grant.enabled", value));
    }

    @Test
    @DisplayName("the grant is listed in the discovery document")
    void discovery() {
        HttpResult config = Http.get(realm.url() + "/.well-known/openid-configuration", Map.of());
        assertThat(config.json().get("grant_types_supported").toString()).contains(GRANT);
    }

    @Test
    @DisplayName("given the client switch off when the grant is used then unauthorized_client and the code is not spent")
    void switchOff() {
        setSwitch("");
        String code = mailedCode();
        HttpResult refused = grant(code);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("unauthorized_client");

        setSwitch("true");
        try {
            HttpResult accepted = grant(code);
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        } finally {
            setSwitch("");
        }
    }

    @HappyPath
    @Test
    @DisplayName("given the switch on when a mailed code is granted then both tokens come back, once")
    void switchOn() throws Exception {
        setSwitch("true");
        try {
            String code = mailedCode();
            HttpResult tokens = grant(code);
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            JWTClaimsSet platform = Jwt.verify(tokens.json().get("platform_access_token").asText(), realm.jwksUri());
            assertThat(platform.getStringClaim("typ")).isEqualTo("Platform");
            assertThat(tokens.json().get("refresh_token").asText()).isNotBlank();

            EventRepresentation login = realm.awaitEvents("LOGIN", Duration.ofSeconds(10)).get(0);
            assertThat(login.getDetails()).containsEntry("grant_type", GRANT).containsEntry("login_method", "exchange-code");

            HttpResult replay = grant(code);
            assertThat(replay.status()).isEqualTo(400);
            assertThat(replay.json().get("error").asText()).isEqualTo("invalid_grant");
            HttpResult missing = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", GRANT, "client_id", "auth-service"), Map.of());
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().get("error").asText()).isEqualTo("invalid_request");
        } finally {
            setSwitch("");
        }
    }

    @Test
    @DisplayName("given the admin-console settings page record when saved then the client attribute follows it")
    void settingsPage() {
        ComponentRepresentation page = new ComponentRepresentation();
        page.setName("auth-service");
        page.setProviderId("platform-auth-client-settings");
        page.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
        page.setParentId(realm.resource().toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.put("client", List.of("auth-service"));
        config.put("exchangeCodeGrant", List.of("true"));
        config.put("exchangeCodeResendInterval", List.of("0"));
        page.setConfig(config);
        String id;
        try (Response created = realm.resource().components().add(page)) {
            assertThat(created.getStatus()).isEqualTo(201);
            id = CreatedResponseUtil.getCreatedId(created);
        }
        try {
            assertThat(realm.client("auth-service").getAttributes())
                    .containsEntry("platform-auth.exchange-code.grant.enabled", "true");
            assertThat(grant(mailedCode()).status()).isEqualTo(200);
        } finally {
            realm.resource().components().component(id).remove();
        }
        assertThat(realm.client("auth-service").getAttributes()).doesNotContainKey("platform-auth.exchange-code.grant.enabled");
        assertThat(grant(mailedCode()).json().get("error").asText()).isEqualTo("unauthorized_client");
    }
}
