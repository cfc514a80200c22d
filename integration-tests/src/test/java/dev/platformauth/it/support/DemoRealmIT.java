package dev.platformauth.it.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo realm of README command one imports into the real Keycloak with the bundle, and the
 * logins the demo prints work: a guard for {@code ./run-demo.sh}, which no other test starts.
 */
@KeycloakIntegrationTest
class DemoRealmIT {

    @Test
    @DisplayName("the demo realm imports, alice signs in on both APIs and may log in as bob")
    void demoRealmWorks(KeycloakServer keycloak) throws Exception {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        RealmRepresentation demo = json.readValue(Files.readAllBytes(Path.of("..", "demo", "realm", "demo-realm.json")),
                RealmRepresentation.class);
        String name = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        demo.setRealm(name);
        demo.setId(null);
        keycloak.admin().realms().create(demo);
        try {
            String base = keycloak.realmUrl(name);
            HttpResult login = Http.postForm(base + "/auth-service/api/v2/login/access-token",
                    Map.of("username", "alice", "password", "alice"), Map.of());
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            assertThat(login.json().path("platform_access_token").asText()).isNotBlank();
            // the documented auth-token lifetime: 2 days, in a session of up to 14 days
            assertThat(login.json().path("expires_in").asInt()).isBetween(172790, 172800);

            HttpResult token = Http.postJson(base + "/sentinel/api/v1.0/auth/token",
                    "{\"username\":\"alice\",\"password\":\"alice\"}", Map.of());
            assertThat(token.status()).as(token.toString()).isEqualTo(200);
            assertThat(token.json().path("expiresIn").asInt()).isBetween(172790, 172800);
            HttpResult loginAs = Http.postJson(base + "/sentinel/api/v1.0/auth/loginAs", "{\"username\":\"bob\",\"reason\":\"demo\"}",
                    Http.bearer(token.json().get("token").asText()));
            assertThat(loginAs.status()).as(loginAs.toString()).isEqualTo(200);
            JWTClaimsSet bob = Jwt.verify(loginAs.json().get("token").asText(), base + "/protocol/openid-connect/certs");
            assertThat(bob.getStringClaim("preferred_username")).isEqualTo("bob");

            HttpResult users = Http.get(base + "/auth-service/api/v2/users/", Http.bearer(login.json().get("access_token").asText()));
            assertThat(users.status()).as(users.toString()).isEqualTo(200);
            assertThat(users.json().path("data").size()).isEqualTo(2);
            assertThat(users.json().path("count").asInt()).isEqualTo(2);

            HttpResult flags = Http.get(base + "/auth-service/api/v2/login/feature-flags", Map.of());
            assertThat(flags.json().get("magic_link").asBoolean()).as(flags.toString()).isTrue();
            assertThat(flags.json().get("email_otp").asBoolean()).as(flags.toString()).isTrue();

            // entity tokens: alice is a member of the organization acme; platform-api has the grant on
            String aliceToken = login.json().get("access_token").asText();
            String aliceId = Jwt.payload(aliceToken).get("sub").asText();
            HttpResult entityToken = Http.postEmpty(base + "/entities/acme/users/" + aliceId + "/authentication-token",
                    Http.bearer(login.json().get("platform_access_token").asText()));
            assertThat(entityToken.status()).as(entityToken.toString()).isEqualTo(201);
            HttpResult grant = Http.postForm(base + "/protocol/openid-connect/token", Map.of(
                    "grant_type", "urn:platform-auth:grant-type:entity-token",
                    "entity_token", entityToken.json().get("authenticationToken").asText(),
                    "client_id", "platform-api", "client_secret", "platform-api-secret"), Map.of());
            assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
        } finally {
            keycloak.admin().realm(name).remove();
        }
    }
}
