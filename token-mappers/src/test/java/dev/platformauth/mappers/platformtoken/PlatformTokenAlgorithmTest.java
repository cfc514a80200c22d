package dev.platformauth.mappers.platformtoken;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformTokenAlgorithmTest {

    @Nested
    @DisplayName("given a configured algorithm")
    class Configured {

        @Test
        @DisplayName("when it is asymmetric then it is used, whatever the realm default")
        void asymmetric() {
            assertThat(PlatformTokenAlgorithm.choose("ES256", "HS512")).isEqualTo(new PlatformTokenAlgorithm.Choice("ES256", null));
            assertThat(PlatformTokenAlgorithm.choose("EdDSA", "RS256")).isEqualTo(new PlatformTokenAlgorithm.Choice("EdDSA", null));
        }

        @Test
        @DisplayName("when it is HMAC (an old import) then RS256 is used and the refused name is reported")
        void hmac() {
            assertThat(PlatformTokenAlgorithm.choose("HS256", "PS256")).isEqualTo(new PlatformTokenAlgorithm.Choice("RS256", "HS256"));
            assertThat(PlatformTokenAlgorithm.choose("HS512", null)).isEqualTo(new PlatformTokenAlgorithm.Choice("RS256", "HS512"));
        }

        @Test
        @DisplayName("when it is unknown then RS256 is used and the name is reported")
        void unknown() {
            assertThat(PlatformTokenAlgorithm.choose("none", "RS256")).isEqualTo(new PlatformTokenAlgorithm.Choice("RS256", "none"));
        }
    }

    @Nested
    @DisplayName("given no configured algorithm")
    class RealmDefault {

        @Test
        @DisplayName("when the realm default is asymmetric then it is used")
        void asymmetricDefault() {
            assertThat(PlatformTokenAlgorithm.choose(null, "PS384")).isEqualTo(new PlatformTokenAlgorithm.Choice("PS384", null));
        }

        @Test
        @DisplayName("when the realm default is HMAC then RS256 is used and the default is reported")
        void hmacDefault() {
            assertThat(PlatformTokenAlgorithm.choose(null, "HS512")).isEqualTo(new PlatformTokenAlgorithm.Choice("RS256", "HS512"));
        }

        @Test
        @DisplayName("when there is none then RS256, nothing to report")
        void none() {
            assertThat(PlatformTokenAlgorithm.choose(null, null)).isEqualTo(new PlatformTokenAlgorithm.Choice("RS256", null));
        }
    }

    @Test
    @DisplayName("the allowed list is exactly the asymmetric JWS algorithms")
    void allowed() {
        assertThat(PlatformTokenAlgorithm.ALLOWED).containsExactly("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
                "ES256", "ES384", "ES512", "EdDSA").noneMatch(name -> name.startsWith("HS"));
    }
}
