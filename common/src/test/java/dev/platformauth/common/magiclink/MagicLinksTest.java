package dev.platformauth.common.magiclink;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Magic links")
class MagicLinksTest {

    @Nested
    @DisplayName("given a link base")
    class GivenALinkBase {

        @Test
        @DisplayName("when it has no query then the token starts one")
        void noQuery() {
            assertThat(MagicLinks.link("https://app.test/magic", "token", "abc")).isEqualTo("https://app.test/magic?token=abc");
        }

        @Test
        @DisplayName("when it has a query then the token is appended to it")
        void query() {
            assertThat(MagicLinks.link("https://app.test/m?x=1", "token", "abc")).isEqualTo("https://app.test/m?x=1&token=abc");
            assertThat(MagicLinks.link("https://app.test/m?", "token", "abc")).isEqualTo("https://app.test/m?token=abc");
        }

        @Test
        @DisplayName("when it has a fragment then the token goes before it, encoded")
        void fragment() {
            assertThat(MagicLinks.link("https://app.test/m#/done", "token", "a+b"))
                    .isEqualTo("https://app.test/m?token=a%2Bb#/done");
        }
    }

    @Nested
    @DisplayName("given a config map")
    class GivenAConfig {

        @Test
        @DisplayName("when empty then 600 s, 60 s and the browser that asked only")
        void defaults() {
            assertThat(MagicLinkSettings.from(null)).isEqualTo(MagicLinkSettings.DEFAULTS);
            assertThat(MagicLinkSettings.DEFAULTS).isEqualTo(new MagicLinkSettings(600, 60, false));
        }

        @Test
        @DisplayName("when values are set then usable ones are used and the others fall back")
        void values() {
            assertThat(MagicLinkSettings.from(Map.of(MagicLinkSettings.LIFETIME, "120",
                    MagicLinkSettings.RESEND_INTERVAL, "-1", MagicLinkSettings.OTHER_BROWSER, "TRUE")))
                    .isEqualTo(new MagicLinkSettings(120, 60, true));
            assertThat(MagicLinkSettings.problems(Map.of(MagicLinkSettings.LIFETIME, "900"))).hasSize(1);
        }
    }
}
