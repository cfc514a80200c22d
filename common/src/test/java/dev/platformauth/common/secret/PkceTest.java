package dev.platformauth.common.secret;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("PKCE binding of mailed secrets")
class PkceTest {

    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /** RFC 7636 appendix B: the S256 challenge of the verifier above. */
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Nested
    @DisplayName("given a secret requested with a challenge")
    class WithChallenge {

        @Test
        @DisplayName("when the matching verifier is presented then it fits")
        void matching() {
            assertThat(Pkce.check(CHALLENGE, VERIFIER)).isNull();
        }

        @Test
        @DisplayName("when no verifier is presented then code_verifier_missing")
        void missing() {
            assertThat(Pkce.check(CHALLENGE, null).eventError()).isEqualTo("code_verifier_missing");
        }

        @Test
        @DisplayName("when another or a malformed verifier is presented then pkce_verification_failed")
        void wrong() {
            assertThat(Pkce.check(CHALLENGE, VERIFIER.replace('d', 'e')).eventError()).isEqualTo("pkce_verification_failed");
            assertThat(Pkce.check(CHALLENGE, "short").eventError()).isEqualTo("pkce_verification_failed");
            assertThat(Pkce.check(CHALLENGE, CHALLENGE).eventError()).isEqualTo("pkce_verification_failed");
        }
    }

    @Nested
    @DisplayName("given a secret requested without a challenge")
    class WithoutChallenge {

        @Test
        @DisplayName("when no verifier is presented then it fits; when one is then invalid_code_verifier")
        void verifierOnlyWithChallenge() {
            assertThat(Pkce.check(null, null)).isNull();
            assertThat(Pkce.check(null, VERIFIER).eventError()).isEqualTo("invalid_code_verifier");
        }
    }

    @Test
    @DisplayName("a challenge is 43 base64url characters")
    void challengeShape() {
        assertThat(Pkce.isValidChallenge(CHALLENGE)).isTrue();
        assertThat(Pkce.isValidChallenge(CHALLENGE + "A")).isFalse();
        assertThat(Pkce.isValidChallenge(CHALLENGE.replace('-', '+'))).isFalse();
        assertThat(Pkce.isValidChallenge(null)).isFalse();
    }
}
