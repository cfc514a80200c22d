package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ClientRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm and helpers of {@link PasswordLoginIT}, {@link PasswordRefreshIT}.
 *
 * {@code login/access-token} (the FastAPI template's answers: 400 {@code Incorrect email or password},
 * {@code Inactive user}) and {@code users/refresh-access-token} against the real Keycloak.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PasswordLoginFixture {

    TestRealm realm;
    AuthServiceCalls api;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.builder(keycloak, mail, "password-login")
            .customize(rep -> {
                // REFRESH_TOKEN is not among the types Keycloak stores by default
                rep.setEnabledEventTypes(List.of("LOGIN", "LOGIN_ERROR", "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR"));
                ClientRepresentation other = new ClientRepresentation();
                other.setClientId("other-app");
                other.setPublicClient(true);
                other.setDirectAccessGrantsEnabled(true);
                List<ClientRepresentation> clients = new ArrayList<>(rep.getClients());
                clients.add(other);
                rep.setClients(clients);
            })
            .create());

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = REALM.get();
        api = new AuthServiceCalls(realm);
    }

    HttpResult login(String prefix, String username, String password) {
        return Http.postForm(api.url(prefix, "/login/access-token"), Map.of("username", username, "password", password), Map.of());
    }

    static void assertBothTokens(JsonNode tokens) {
        assertThat(tokens.path("access_token").asText()).isNotBlank();
        assertThat(tokens.path("token_type").asText()).isEqualTo("bearer");
        assertThat(tokens.path("expires_in").asInt()).isPositive();
        assertThat(tokens.path("refresh_token").asText()).isNotBlank();
        assertThat(tokens.path("platform_access_token").asText()).isNotBlank();
        assertThat(tokens.path("platform_expires_in").asInt()).isEqualTo(604800);
    }
}
