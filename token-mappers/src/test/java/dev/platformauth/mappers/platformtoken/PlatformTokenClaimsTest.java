package dev.platformauth.mappers.platformtoken;

import dev.platformauth.common.entitytoken.EntityGrantNotes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.JsonWebToken;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformTokenClaimsTest {

    private static PlatformTokenClaims.Input input(Map<String, Object> attributes) {
        return input(attributes, "session-1", 604_800L, null);
    }

    private static PlatformTokenClaims.Input input(Map<String, Object> attributes, String sessionId, long lifetime,
                                                   EntityGrantNotes.Grant grant) {
        return input(attributes, sessionId, lifetime, grant, null);
    }

    private static PlatformTokenClaims.Input input(Map<String, Object> attributes, String sessionId, long lifetime,
                                                   EntityGrantNotes.Grant grant, String impersonatorId) {
        return new PlatformTokenClaims.Input("http://kc/realms/r", "user-1", sessionId, "auth-service",
                "alice@example.test", "Alice Example", 1_000L, lifetime, "jti-1",
                List.of(Map.of("id", "org-1", "alias", "acme")), "2024-05", attributes, grant, impersonatorId);
    }

    @Test
    @DisplayName("given a login-as session when built then act names the impersonator and the lifetime is the one given")
    void loginAs() {
        JsonWebToken token = PlatformTokenClaims.build(PlatformTokenConfig.from(Map.of()),
                input(Map.of("act", "forged"), "session-1", 900L, null, "admin-7"));
        assertThat(token.getOtherClaims()).containsEntry("act", Map.of("sub", "admin-7"));
        assertThat(token.getExp()).isEqualTo(1_000L + 900L);
        assertThat(PlatformTokenClaims.build(PlatformTokenConfig.from(Map.of()), input(Map.of())).getOtherClaims())
                .doesNotContainKey("act");
    }

    @Test
    @DisplayName("given the defaults when built then the registered claims and typ Platform are set")
    void registeredClaims() {
        JsonWebToken token = PlatformTokenClaims.build(PlatformTokenConfig.from(Map.of()), input(Map.of()));
        assertThat(token.getIssuer()).isEqualTo("http://kc/realms/r");
        assertThat(token.getSubject()).isEqualTo("user-1");
        assertThat(token.getAudience()).containsExactly("platform-api");
        assertThat(token.getType()).isEqualTo("Platform");
        assertThat(token.getIat()).isEqualTo(1_000L);
        assertThat(token.getExp()).isEqualTo(1_000L + 604_800L);
        assertThat(token.getId()).isEqualTo("jti-1");
        assertThat(token.getIssuedFor()).isEqualTo("auth-service");
        assertThat(token.getOtherClaims())
                .containsEntry("sid", "session-1")
                .containsEntry("email", "alice@example.test")
                .containsEntry("name", "Alice Example")
                .containsEntry("terms_version", "2024-05")
                .containsEntry("organizations", List.of(Map.of("id", "org-1", "alias", "acme")));
    }

    @Test
    @DisplayName("given extras switched off when built then organizations and terms_version are absent")
    void extrasOff() {
        JsonWebToken token = PlatformTokenClaims.build(PlatformTokenConfig.from(Map.of(
                PlatformTokenConfig.ORGANIZATIONS, "false", PlatformTokenConfig.TERMS_VERSION, "false")), input(Map.of()));
        assertThat(token.getOtherClaims()).doesNotContainKeys("organizations", "terms_version");
    }

    @Test
    @DisplayName("given user attributes when built then they are copied but cannot shadow registered claims, entity or flags")
    void attributes() {
        JsonWebToken token = PlatformTokenClaims.build(PlatformTokenConfig.from(Map.of()),
                input(Map.of("tenant", "t-1", "email", "evil@example.test", "typ", "Bearer", "entity", "org-2", "flags", "admin")));
        assertThat(token.getOtherClaims()).containsEntry("tenant", "t-1").containsEntry("email", "alice@example.test")
                .doesNotContainKeys("entity", "flags");
        assertThat(token.getType()).isEqualTo("Platform");
    }

    @Test
    @DisplayName("given an entity-token grant session when built then entity and flags are claims and the lifetime is the one given")
    void entityGrant() {
        JsonWebToken token = PlatformTokenClaims.build(PlatformTokenConfig.from(Map.of()),
                input(Map.of("entity", "org-2"), "session-1", 120L, new EntityGrantNotes.Grant("token-1", "org-1", List.of("read"))));
        assertThat(token.getOtherClaims()).containsEntry("entity", "org-1").containsEntry("flags", List.of("read"));
        assertThat(token.getExp()).isEqualTo(1_000L + 120L);
    }

    @Test
    @DisplayName("given a transient session when built then there is no sid")
    void transientSession() {
        JsonWebToken token = PlatformTokenClaims.build(PlatformTokenConfig.from(Map.of()), input(Map.of(), null, 60L, null));
        assertThat(token.getOtherClaims()).doesNotContainKey("sid");
    }

    @Test
    @DisplayName("given a cap (a grant's expires_in) when the lifetime is computed then it is the smaller one; no cap, the configured one")
    void lifetime() {
        PlatformTokenConfig config = PlatformTokenConfig.from(Map.of(PlatformTokenConfig.LIFETIME, "3600"));
        assertThat(PlatformTokenClaims.lifetime(config, null)).isEqualTo(3600L);
        assertThat(PlatformTokenClaims.lifetime(config, 120L)).isEqualTo(120L);
        assertThat(PlatformTokenClaims.lifetime(config, 7200L)).isEqualTo(3600L);
        assertThat(PlatformTokenClaims.lifetime(config, -5L)).isZero();
    }
}
