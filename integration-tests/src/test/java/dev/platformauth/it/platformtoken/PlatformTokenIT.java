package dev.platformauth.it.platformtoken;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The platform token ({@code docs/platform-token.md}) on Keycloak's own grants, its claims, signature and refusal as a bearer token. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformTokenIT {

    private TestRealm realm;
    private KeycloakServer keycloak;
    private MailServer mail;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.create(keycloak, mail, "platform-token"));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        realm = REALM.get();
    }

    private HttpResult passwordGrant(TestRealm in, String username, String password) {
        return Http.postForm(in.tokenEndpoint(), Map.of("grant_type", "password", "client_id", "auth-service",
                "username", username, "password", password), Map.of());
    }

    private HttpResult passwordGrantOpenId(TestRealm in, String username, String password) {
        return Http.postForm(in.tokenEndpoint(), Map.of("grant_type", "password", "client_id", "auth-service",
                "username", username, "password", password, "scope", "openid"), Map.of());
    }

    @HappyPath
    @Test
    @DisplayName("given the mapper with no config when a password grant runs then the platform token has the defaults and verifies with the JWKS")
    void passwordGrant() throws Exception {
        String name = "p" + UUID.randomUUID().toString().substring(0, 8);
        String userId = realm.createUser(name, name + "@example.test", "pw-" + name);
        long before = Instant.now().getEpochSecond();
        HttpResult result = passwordGrant(realm, name, "pw-" + name);
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        JsonNode body = result.json();
        assertThat(body.get("platform_expires_in").asLong()).isEqualTo(604_800L);

        String platformJwt = body.get("platform_access_token").asText();
        JsonNode header = Jwt.header(platformJwt);
        assertThat(header.get("kid").asText()).isNotBlank();
        assertThat(header.get("alg").asText()).isEqualTo("RS256");

        JWTClaimsSet platform = Jwt.verify(platformJwt, realm.jwksUri());
        JWTClaimsSet access = Jwt.verify(body.get("access_token").asText(), realm.jwksUri());
        assertThat(platform.getIssuer()).isEqualTo(realm.url());
        assertThat(platform.getSubject()).isEqualTo(userId);
        assertThat(platform.getAudience()).containsExactly("platform-api");
        assertThat(platform.getStringClaim("typ")).isEqualTo("Platform");
        assertThat(platform.getStringClaim("azp")).isEqualTo("auth-service");
        assertThat(platform.getStringClaim("sid")).isEqualTo(access.getStringClaim("sid")).isNotBlank();
        assertThat(platform.getStringClaim("email")).isEqualTo(name + "@example.test");
        assertThat(platform.getStringClaim("name")).isEqualTo(name + " Tester");
        assertThat(platform.getJWTID()).isNotBlank().isNotEqualTo(access.getJWTID());
        long iat = platform.getIssueTime().toInstant().getEpochSecond();
        assertThat(iat).isBetween(before - 5, Instant.now().getEpochSecond() + 5);
        assertThat(platform.getExpirationTime().toInstant().getEpochSecond() - iat).isEqualTo(604_800L);

        // not interchangeable: the auth token lacks the platform audience, the types differ
        assertThat(access.getStringClaim("typ")).isEqualTo("Bearer");
        assertThat(access.getAudience()).doesNotContain("platform-api");
    }

    @Test
    @DisplayName("given a refresh grant then a fresh platform token comes with it")
    void refreshGrant() throws Exception {
        String name = "r" + UUID.randomUUID().toString().substring(0, 8);
        realm.createUser(name, name + "@example.test", "pw-" + name);
        JsonNode first = passwordGrant(realm, name, "pw-" + name).json();
        HttpResult refreshed = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "refresh_token",
                "client_id", "auth-service", "refresh_token", first.get("refresh_token").asText()), Map.of());
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String platformJwt = refreshed.json().get("platform_access_token").asText();
        JWTClaimsSet platform = Jwt.verify(platformJwt, realm.jwksUri());
        assertThat(platform.getJWTID()).isNotEqualTo(Jwt.payload(first.get("platform_access_token").asText()).get("jti").asText());
        assertThat(platform.getStringClaim("sid")).isEqualTo(Jwt.payload(first.get("access_token").asText()).get("sid").asText());
    }

    @Test
    @DisplayName("given an offline token when it is refreshed then a fresh platform token of the offline session comes with it")
    void offlineRefresh() throws Exception {
        String name = "o" + UUID.randomUUID().toString().substring(0, 8);
        String userId = realm.createUser(name, name + "@example.test", "pw-" + name);
        JsonNode offline = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "password", "client_id", "auth-service",
                "username", name, "password", "pw-" + name, "scope", "openid offline_access"), Map.of()).json();
        assertThat(Jwt.payload(offline.get("refresh_token").asText()).get("typ").asText()).isEqualTo("Offline");
        HttpResult refreshed = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "refresh_token",
                "client_id", "auth-service", "refresh_token", offline.get("refresh_token").asText()), Map.of());
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        JWTClaimsSet platform = Jwt.verify(refreshed.json().get("platform_access_token").asText(), realm.jwksUri());
        assertThat(platform.getSubject()).isEqualTo(userId);
        assertThat(platform.getStringClaim("sid")).isEqualTo(Jwt.payload(refreshed.json().get("access_token").asText()).get("sid").asText());
        assertThat(platform.getJWTID()).isNotEqualTo(Jwt.payload(offline.get("platform_access_token").asText()).get("jti").asText());
        assertThat(refreshed.json().get("platform_expires_in").asLong()).isEqualTo(604_800L);
    }

    @Test
    @DisplayName("given the admin console's example access token (the mappers run, no token response follows) then it comes "
            + "without platform claims, and the user's next grant gets a platform token of its own")
    void exampleAccessToken() throws Exception {
        String name = "x" + UUID.randomUUID().toString().substring(0, 8);
        String userId = realm.createUser(name, name + "@example.test", "pw-" + name);
        AccessToken example = realm.resource().clients().get(realm.client("auth-service").getId())
                .clientScopesEvaluate().generateAccessToken("openid", userId, null);
        assertThat(example.getSubject()).isEqualTo(userId);
        assertThat(example.getOtherClaims()).doesNotContainKeys("platform_access_token", "platform_expires_in");

        JsonNode granted = passwordGrant(realm, name, "pw-" + name).json();
        JWTClaimsSet platform = Jwt.verify(granted.get("platform_access_token").asText(), realm.jwksUri());
        assertThat(platform.getSubject()).isEqualTo(userId);
        assertThat(platform.getStringClaim("sid")).isEqualTo(Jwt.payload(granted.get("access_token").asText()).get("sid").asText());
        assertThat(platform.getJWTID()).isNotEqualTo(example.getId());
    }

    @Test
    @DisplayName("given the platform token as a bearer token when Keycloak's userinfo is called then it is refused")
    void refusedAsBearer() {
        String name = "b" + UUID.randomUUID().toString().substring(0, 8);
        realm.createUser(name, name + "@example.test", "pw-" + name);
        JsonNode tokens = passwordGrantOpenId(realm, name, "pw-" + name).json();
        assertThat(tokens.has("platform_access_token")).isTrue();
        String userinfo = realm.url() + "/protocol/openid-connect/userinfo";
        assertThat(Http.get(userinfo, Http.bearer(tokens.get("access_token").asText())).status()).isEqualTo(200);
        assertThat(Http.get(userinfo, Http.bearer(tokens.get("platform_access_token").asText())).status()).isEqualTo(401);
        // nor is it accepted by the account REST API
        assertThat(Http.get(realm.url() + "/account", Map.of("Authorization",
                "Bearer " + tokens.get("platform_access_token").asText(), "Accept", "application/json")).status())
                .isEqualTo(401);
    }

    @Test
    @DisplayName("given a configured audience, lifetime, algorithm and extras when a token is issued then they apply")
    void configured() throws Exception {
        try (TestRealm custom = TestRealm.builder(keycloak, mail, "platform-token-config")
                .platformMapperConfig(Map.of(
                        "platform-auth.token.audience", "billing-api, reports-api",
                        "platform-auth.token.lifetime", "3600",
                        "platform-auth.token.algorithm", "PS256",
                        "platform-auth.token.user-attributes", "tenant"))
                .create()) {
            var profile = custom.resource().users().userProfile();
            var upConfig = profile.getConfiguration();
            upConfig.setUnmanagedAttributePolicy(org.keycloak.representations.userprofile.config.UPConfig.UnmanagedAttributePolicy.ENABLED);
            profile.update(upConfig);
            String name = "c" + UUID.randomUUID().toString().substring(0, 8);
            String id = custom.createUser(name, name + "@example.test", "pw-" + name);
            var user = custom.resource().users().get(id).toRepresentation();
            user.setAttributes(Map.of("tenant", List.of("t-42")));
            custom.resource().users().get(id).update(user);

            HttpResult result = passwordGrant(custom, name, "pw-" + name);
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(result.json().get("platform_expires_in").asLong()).isEqualTo(3600L);
            String jwt = result.json().get("platform_access_token").asText();
            assertThat(Jwt.header(jwt).get("alg").asText()).isEqualTo("PS256");
            JWTClaimsSet platform = Jwt.verify(jwt, custom.jwksUri());
            assertThat(platform.getAudience()).containsExactly("billing-api", "reports-api");
            assertThat(platform.getExpirationTime().getTime() - platform.getIssueTime().getTime()).isEqualTo(3_600_000L);
            assertThat(platform.getStringClaim("tenant")).isEqualTo("t-42");
        }
    }

    @Test
    @DisplayName("given an HMAC algorithm when the mapper is created or updated through the admin API then it is refused with 400")
    void hmacConfigRefused() {
        String clientUuid = realm.client("auth-service").getId();
        var mappers = realm.resource().clients().get(clientUuid).getProtocolMappers();
        for (String hmac : List.of("HS256", "HS384", "HS512")) {
            ProtocolMapperRepresentation mapper = platformMapper("hmac platform token " + hmac, Map.of("platform-auth.token.algorithm", hmac));
            try (var response = mappers.createMapper(mapper)) {
                assertThat(response.getStatus()).as(hmac).isEqualTo(400);
                assertThat(response.readEntity(String.class)).contains("asymmetric");
            }
        }
        ProtocolMapperRepresentation existing = mappers.getMappersPerProtocol("openid-connect").stream()
                .filter(mapper -> "platform-auth-platform-token-mapper".equals(mapper.getProtocolMapper())).findFirst().orElseThrow();
        ProtocolMapperRepresentation changed = platformMapper(existing.getName(), Map.of("platform-auth.token.algorithm", "HS512"));
        changed.setId(existing.getId());
        assertThatThrownBy(() -> mappers.update(existing.getId(), changed))
                .isInstanceOfSatisfying(jakarta.ws.rs.BadRequestException.class,
                        e -> assertThat(e.getResponse().readEntity(String.class)).contains("asymmetric"));
        assertThat(mappers.getMapperById(existing.getId()).getConfig()).doesNotContainEntry("platform-auth.token.algorithm", "HS512");
    }

    @Test
    @DisplayName("given an imported mapper naming HS512, or a realm whose default algorithm is HS512, when a token is issued "
            + "then the platform token is signed RS256 (never with the realm's HMAC key) and a warning is logged")
    void hmacNeverSigns() {
        ProtocolMapperRepresentation imported = platformMapper("imported platform token", Map.of("platform-auth.token.algorithm", "HS512"));
        try (TestRealm old = TestRealm.builder(keycloak, mail, "platform-token-hmac").withoutPlatformMapper()
                .customize(rep -> rep.getClients().get(0).setProtocolMappers(List.of(imported))).create()) {
            String mapperId = old.client("auth-service").getProtocolMappers().stream()
                    .filter(mapper -> "platform-auth-platform-token-mapper".equals(mapper.getProtocolMapper())).findFirst().orElseThrow().getId();
            assertSignedRs256(old);
            List<String> warnings = Polling.await(() -> keycloak.logTail(1000).stream()
                            .filter(line -> line.contains("WARN") && line.contains(mapperId)).toList(),
                    found -> !found.isEmpty(), Duration.ofSeconds(20), "the warning about mapper " + mapperId);
            assertThat(warnings.get(0)).contains("HS512", "RS256", old.name());
        }
        try (TestRealm hmacDefault = TestRealm.builder(keycloak, mail, "platform-token-hs-default")
                .customize(rep -> rep.setDefaultSignatureAlgorithm("HS512")).create()) {
            JsonNode tokens = assertSignedRs256(hmacDefault);
            assertThat(Jwt.header(tokens.get("access_token").asText()).get("alg").asText())
                    .as("Keycloak's own access token follows the realm default").isEqualTo("HS512");
        }
    }

    /** A password grant in {@code in}; asserts the platform token is RS256 and verifies with the JWKS; returns the response. */
    private JsonNode assertSignedRs256(TestRealm in) {
        String name = "h" + UUID.randomUUID().toString().substring(0, 8);
        in.createUser(name, name + "@example.test", "pw-" + name);
        HttpResult result = passwordGrant(in, name, "pw-" + name);
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        String platformJwt = result.json().get("platform_access_token").asText();
        assertThat(Jwt.header(platformJwt).get("alg").asText()).isEqualTo("RS256");
        assertThat(Jwt.verify(platformJwt, in.jwksUri()).getSubject()).isNotBlank();
        return result.json();
    }

    private static ProtocolMapperRepresentation platformMapper(String name, Map<String, String> config) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("platform-auth-platform-token-mapper");
        mapper.setConfig(Map.copyOf(config));
        return mapper;
    }

    @Test
    @DisplayName("given an invalid lifetime when the mapper is saved then the admin API refuses it")
    void invalidConfigRefused() {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("bad platform token");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("platform-auth-platform-token-mapper");
        mapper.setConfig(Map.of("platform-auth.token.lifetime", "forever"));
        String clientUuid = realm.client("auth-service").getId();
        try (var response = realm.resource().clients().get(clientUuid).getProtocolMappers().createMapper(mapper)) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.readEntity(String.class)).contains("lifetime");
        }
    }
}
