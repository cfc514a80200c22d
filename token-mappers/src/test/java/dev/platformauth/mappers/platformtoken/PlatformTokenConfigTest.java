package dev.platformauth.mappers.platformtoken;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformTokenConfigTest {

    @Test
    @DisplayName("given a mapper added with no config when read then the defaults apply")
    void defaults() {
        PlatformTokenConfig config = PlatformTokenConfig.from(null);
        assertThat(config.audiences()).containsExactly("platform-api");
        assertThat(config.lifetimeSeconds()).isEqualTo(604_800L);
        assertThat(config.algorithm()).isNull();
        assertThat(config.organizations()).isTrue();
        assertThat(config.termsVersion()).isTrue();
        assertThat(config.userAttributes()).isEmpty();
    }

    @Test
    @DisplayName("given every key when read then each is used; audiences split on commas; attributes on ##")
    void values() {
        PlatformTokenConfig config = PlatformTokenConfig.from(Map.of(
                PlatformTokenConfig.AUDIENCE, "api-a, api-b",
                PlatformTokenConfig.LIFETIME, "3600",
                PlatformTokenConfig.ALGORITHM, "ES256",
                PlatformTokenConfig.ORGANIZATIONS, "false",
                PlatformTokenConfig.TERMS_VERSION, "false",
                PlatformTokenConfig.USER_ATTRIBUTES, "tenant##plan"));
        assertThat(config.audiences()).containsExactly("api-a", "api-b");
        assertThat(config.lifetimeSeconds()).isEqualTo(3600);
        assertThat(config.algorithm()).isEqualTo("ES256");
        assertThat(config.organizations()).isFalse();
        assertThat(config.termsVersion()).isFalse();
        assertThat(config.userAttributes()).containsExactly("tenant", "plan");
    }

    @Test
    @DisplayName("given a bad lifetime when read then the default is used and problems() explains it")
    void badLifetime() {
        assertThat(PlatformTokenConfig.from(Map.of(PlatformTokenConfig.LIFETIME, "-5")).lifetimeSeconds()).isEqualTo(604_800L);
        assertThat(PlatformTokenConfig.problems(Map.of(PlatformTokenConfig.LIFETIME, "abc"))).hasSize(1);
        assertThat(PlatformTokenConfig.problems(Map.of(PlatformTokenConfig.LIFETIME, "0"))).hasSize(1);
        assertThat(PlatformTokenConfig.problems(Map.of(PlatformTokenConfig.LIFETIME, "60"))).isEmpty();
        assertThat(PlatformTokenConfig.problems(Map.of())).isEqualTo(List.of());
    }

    @Test
    @DisplayName("given an HMAC or unknown algorithm when checked then problems() refuses it; asymmetric ones and empty pass")
    void algorithms() {
        for (String refused : List.of("HS256", "HS384", "HS512", "none", "RSA-OAEP", "hs256")) {
            assertThat(PlatformTokenConfig.problems(Map.of(PlatformTokenConfig.ALGORITHM, refused))).as(refused)
                    .singleElement().asString().contains("asymmetric");
        }
        for (String allowed : List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", " ")) {
            assertThat(PlatformTokenConfig.problems(Map.of(PlatformTokenConfig.ALGORITHM, allowed))).as(allowed).isEmpty();
        }
        assertThat(PlatformTokenConfig.problems(Map.of(PlatformTokenConfig.ALGORITHM, "HS256", PlatformTokenConfig.LIFETIME, "0")))
                .hasSize(2);
    }
}
