package dev.platformauth.common.secret;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SecretCodesTest {

    @Nested
    @DisplayName("given the grouped format")
    class Grouped {

        @Test
        @DisplayName("when generated then it is 26 Crockford characters (130 bits) in dash-separated groups")
        void shape() {
            String code = SecretCodes.generate(CodeFormat.GROUPED);
            assertThat(code).matches("^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}-[0-9A-HJKMNP-TV-Z]{6}$");
            assertThat(code.replace("-", "")).hasSize(26);
        }

        @Test
        @DisplayName("when typed in lower case, with blanks and look-alikes then it normalises to the issued form")
        void normalisesTyping() {
            String code = SecretCodes.generate(CodeFormat.GROUPED);
            String canonical = SecretCodes.normalize(code);
            String typed = " " + code.toLowerCase().replace("-", " ").replace('0', 'o').replace('1', 'l') + " ";
            assertThat(SecretCodes.normalize(typed)).isEqualTo(canonical);
        }

        @Test
        @DisplayName("when many are generated then none repeats")
        void unique() {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 10_000; i++) {
                assertThat(seen.add(SecretCodes.generate(CodeFormat.GROUPED))).isTrue();
            }
        }
    }

    @Nested
    @DisplayName("given the hex format")
    class Hex {

        @Test
        @DisplayName("when generated then it is 32 lower-case hex characters (128 bits)")
        void shape() {
            assertThat(SecretCodes.generate(CodeFormat.HEX)).matches("^[0-9a-f]{32}$");
        }

        @Test
        @DisplayName("when typed in upper case then it normalises to lower case, not to Crockford")
        void normalises() {
            String code = SecretCodes.generate(CodeFormat.HEX);
            assertThat(SecretCodes.normalize(code.toUpperCase())).isEqualTo(code);
            assertThat(SecretCodes.normalize(code)).isEqualTo(code);
        }
    }

    @Test
    @DisplayName("sha256Hex is the lower-case hex digest")
    void sha256() {
        assertThat(SecretCodes.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    @DisplayName("s256 matches the PKCE example of RFC 7636 appendix B")
    void pkce() {
        assertThat(SecretCodes.s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    @DisplayName("constantTimeEquals compares content and refuses nulls")
    void equality() {
        assertThat(SecretCodes.constantTimeEquals("a", "a")).isTrue();
        assertThat(SecretCodes.constantTimeEquals("a", "b")).isFalse();
        assertThat(SecretCodes.constantTimeEquals("a", null)).isFalse();
        assertThat(SecretCodes.constantTimeEquals(null, null)).isFalse();
    }

    @Test
    @DisplayName("digits gives only decimal digits of the asked length")
    void digits() {
        assertThat(SecretCodes.digits(6)).matches("^[0-9]{6}$");
    }
}
