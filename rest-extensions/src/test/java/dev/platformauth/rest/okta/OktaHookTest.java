package dev.platformauth.rest.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The server-less parts of the Okta token inline hook: settings, reading Okta's request, the commands answer. */
class OktaHookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shape of Okta's documented token inline hook request (values shortened). */
    static final String OKTA_REQUEST = """
            {
              "source": "https://dev-123.okta.com/oauth2/default/v1/authorize",
              "eventId": "3OWo4oo-QQ-rBWfRyTmQYw",
              "eventTime": "2019-01-15T23:20:47.000Z",
              "eventTypeVersion": "1.0",
              "cloudEventVersion": "0.1",
              "contentType": "application/json",
              "eventType": "com.okta.oauth2.tokens.transform",
              "data": {
                "context": {
                  "request": {"id": "reqv66CbCaCStGEFc8AdfS0ng", "method": "GET", "ipAddress": "127.0.0.1"},
                  "protocol": {"type": "OAUTH2.0", "client": {"id": "customClientIdNative", "type": "PUBLIC"}},
                  "session": {"id": "102Qoe7t5PcRnSxr8j3I8I6pA", "userId": "00uq8tMo3zV0OfJON0g3"},
                  "user": {
                    "id": "00uq8tMo3zV0OfJON0g3",
                    "profile": {"login": "administrator1@clouditude.net", "firstName": "Add-Min", "lastName": "O'Cloudy Tud"}
                  }
                },
                "identity": {
                  "claims": {"sub": "00uq8tMo3zV0OfJON0g3", "email": "admin@clouditude.net", "email_verified": true, "ver": 1},
                  "token": {"lifetime": {"expiration": 3600}}
                },
                "access": {
                  "claims": {"uid": "00uq8tMo3zV0OfJON0g3", "sub": "administrator1@clouditude.net", "cid": "customClientIdNative"},
                  "token": {"lifetime": {"expiration": 3600}},
                  "scopes": {"openid": {"id": "scpq7bW1cp6dcvrz80g3", "action": "GRANT"}}
                }
              }
            }
            """;

    private static ObjectNode oktaRequest() throws Exception {
        return (ObjectNode) JSON.readTree(OKTA_REQUEST);
    }

    @Nested
    @DisplayName("given the client attributes")
    class Settings {

        @Test
        @DisplayName("when none are set then the header is Authorization, no secret, all three claims, both tokens")
        void defaults() {
            OktaHookSettings settings = OktaHookSettings.from(Map.of());
            assertThat(settings.header()).isEqualTo("Authorization");
            assertThat(settings.secretHash()).isEmpty();
            assertThat(settings.claims()).containsExactly("organizations", "roles", "terms_version");
            assertThat(settings.tokens()).containsExactlyInAnyOrder("access", "identity");
        }

        @Test
        @DisplayName("when they are set then header, secret, claim order and tokens follow them; unknown names are dropped")
        void configured() {
            OktaHookSettings settings = OktaHookSettings.from(Map.of(
                    OktaHookSettings.HEADER_ATTRIBUTE, " X-Okta-Hook ",
                    OktaHookSettings.SECRET_ATTRIBUTE, "0123456789abcdef",
                    OktaHookSettings.CLAIMS_ATTRIBUTE, "terms_version, Roles groups",
                    OktaHookSettings.TOKENS_ATTRIBUTE, "access,refresh"));
            assertThat(settings.header()).isEqualTo("X-Okta-Hook");
            assertThat(settings.secretHash()).contains(dev.platformauth.common.secret.SecretCodes.sha256Hex("0123456789abcdef"));
            assertThat(settings.claims()).containsExactly("terms_version", "roles");
            assertThat(settings.tokens()).containsExactly("access");
        }

        @Test
        @DisplayName("when the secret is shorter than 16 characters then it counts as not configured")
        void shortSecret() {
            assertThat(OktaHookSettings.from(Map.of(OktaHookSettings.SECRET_ATTRIBUTE, "0123456789abcde")).secretHash()).isEmpty();
            String hash = dev.platformauth.common.secret.SecretCodes.sha256Hex("a-secret-of-some-length");
            assertThat(OktaHookSettings.from(Map.of(OktaHookSettings.SECRET_HASH_ATTRIBUTE, hash.toUpperCase(),
                    OktaHookSettings.SECRET_ATTRIBUTE, "another-secret-in-clear")).secretHash()).as("the hash wins").contains(hash);
            assertThat(OktaHookSettings.from(Map.of(OktaHookSettings.SECRET_HASH_ATTRIBUTE, "not-a-hash")).secretHash()).isEmpty();
        }

        @Test
        @DisplayName("when the claims are 'none' then no claim is added; only unknown names fall back to the default")
        void noClaims() {
            assertThat(OktaHookSettings.from(Map.of(OktaHookSettings.CLAIMS_ATTRIBUTE, "none")).claims()).isEmpty();
            assertThat(OktaHookSettings.from(Map.of(OktaHookSettings.CLAIMS_ATTRIBUTE, "groups")).claims())
                    .containsExactly("organizations", "roles", "terms_version");
        }
    }

    @Nested
    @DisplayName("given Okta's request")
    class Requests {

        @Test
        @DisplayName("when it is the documented shape then the user id is data.context.user.id and the email the ID token's verified one")
        void documented() throws Exception {
            OktaHookRequest request = OktaHookRequest.of(oktaRequest());
            assertThat(request.oktaUserId()).contains("00uq8tMo3zV0OfJON0g3");
            assertThat(request.verifiedEmail()).contains("admin@clouditude.net");
            assertThat(request.access()).isTrue();
            assertThat(request.identity()).isTrue();
        }

        @Test
        @DisplayName("when only an access token is minted then the id is its uid (not its sub) and no email is read, not even the profile login")
        void accessOnly() throws Exception {
            ObjectNode body = oktaRequest();
            ObjectNode data = (ObjectNode) body.get("data");
            data.remove("identity");
            ((ObjectNode) data.get("context")).remove("user");
            ((ObjectNode) data.get("context")).set("user",
                    JSON.readTree("{\"profile\": {\"login\": \"a.b@example.test\", \"email\": \"a.b@example.test\"}}"));
            OktaHookRequest request = OktaHookRequest.of(body);
            assertThat(request.oktaUserId()).contains("00uq8tMo3zV0OfJON0g3");
            assertThat(request.verifiedEmail()).isEmpty();
            assertThat(request.access()).isTrue();
            assertThat(request.identity()).isFalse();
        }

        @Test
        @DisplayName("when the ID token's email_verified is false, missing, a string or null then no email is read")
        void unverifiedEmail() throws Exception {
            ObjectNode body = oktaRequest();
            ObjectNode claims = (ObjectNode) body.at("/data/identity/claims");
            claims.put("email_verified", false);
            assertThat(OktaHookRequest.of(body).verifiedEmail()).isEmpty();
            claims.remove("email_verified");
            assertThat(OktaHookRequest.of(body).verifiedEmail()).as("missing").isEmpty();
            claims.put("email_verified", "true");
            assertThat(OktaHookRequest.of(body).verifiedEmail()).as("a string").isEmpty();
            claims.putNull("email_verified");
            assertThat(OktaHookRequest.of(body).verifiedEmail()).as("null").isEmpty();
        }

        @Test
        @DisplayName("when the verified claims carry no email then the profile's email and login are not used instead")
        void profileNeverUsed() throws Exception {
            ObjectNode body = oktaRequest();
            ((ObjectNode) body.at("/data/identity/claims")).remove("email");
            ((ObjectNode) body.at("/data/context/user/profile")).put("email", "victim@example.test");
            assertThat(OktaHookRequest.of(body).verifiedEmail()).isEmpty();
        }

        @Test
        @DisplayName("when ids are not strings, blank or too long, or the verified email is no string then nothing is read")
        void junk() throws Exception {
            JsonNode body = JSON.readTree("""
                    {"data": {"context": {"user": {"id": 42, "profile": {"login": "not-an-email"}}},
                              "identity": {"claims": {"sub": "  ", "email": ["a@b.test"], "email_verified": true}},
                              "access": {"claims": {"uid": "%s"}}}}
                    """.formatted("x".repeat(300)));
            OktaHookRequest request = OktaHookRequest.of(body);
            assertThat(request.oktaUserId()).isEmpty();
            assertThat(request.verifiedEmail()).isEmpty();
        }
    }

    @Nested
    @DisplayName("given claims to add")
    class Commands {

        private final Map<String, Object> claims = new LinkedHashMap<>();

        Commands() {
            claims.put("roles", List.of("teacher"));
            claims.put("terms_version", "2024-09");
        }

        @Test
        @DisplayName("when Okta mints both tokens then one add per claim in an access patch and an identity patch")
        void bothTokens() throws Exception {
            Map<String, Object> answer = OktaHookCommands.of(claims, new OktaHookRequest(Optional.empty(), Optional.empty(), true, true),
                    Set.of("access", "identity"));
            assertThat((JsonNode) JSON.valueToTree(answer)).isEqualTo(JSON.readTree("""
                    {"commands": [
                      {"type": "com.okta.access.patch", "value": [
                        {"op": "add", "path": "/claims/roles", "value": ["teacher"]},
                        {"op": "add", "path": "/claims/terms_version", "value": "2024-09"}]},
                      {"type": "com.okta.identity.patch", "value": [
                        {"op": "add", "path": "/claims/roles", "value": ["teacher"]},
                        {"op": "add", "path": "/claims/terms_version", "value": "2024-09"}]}]}
                    """));
        }

        @Test
        @DisplayName("when a token is not minted or not configured then it gets no command; no claims, no commands")
        void onlyRequestedTokens() {
            OktaHookRequest idOnly = new OktaHookRequest(Optional.empty(), Optional.empty(), false, true);
            assertThat(JSON.<JsonNode>valueToTree(OktaHookCommands.of(claims, idOnly, Set.of("access", "identity"))).at("/commands/0/type").asText())
                    .isEqualTo("com.okta.identity.patch");
            assertThat(JSON.<JsonNode>valueToTree(OktaHookCommands.of(claims, idOnly, Set.of("access"))).get("commands")).isEmpty();
            OktaHookRequest both = new OktaHookRequest(Optional.empty(), Optional.empty(), true, true);
            assertThat(JSON.<JsonNode>valueToTree(OktaHookCommands.of(Map.of(), both, Set.of("access", "identity"))).get("commands")).isEmpty();
        }
    }
}
