package dev.platformauth.mappers.platformtoken;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.JsonWebToken;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformTokenClaimsTest {

    private static PlatformTokenClaims.Input input(Map<String, Object> attributes) {
        return new PlatformTokenClaims.Input("http://kc/realms/r", "user-1", "session-1", "auth-service",
                "alice@example.test", "Alice Example", 1_000L, "jti-1",
                List.of(Map.of("id", "org-1", "alias", "acme")), "2024-05", attributes);
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
    @DisplayName("given user attributes when built then they are copied but cannot shadow registered claims")
    void attributes() {
        JsonWebToken token = PlatformTokenClaims.build(PlatformTokenConfig.from(Map.of()),
                input(Map.of("tenant", "t-1", "email", "evil@example.test", "typ", "Bearer")));
        assertThat(token.getOtherClaims()).containsEntry("tenant", "t-1").containsEntry("email", "alice@example.test");
        assertThat(token.getType()).isEqualTo("Platform");
    }
}
