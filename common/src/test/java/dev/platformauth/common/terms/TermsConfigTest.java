package dev.platformauth.common.terms;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Terms config")
class TermsConfigTest {

    @Nested
    @DisplayName("given no config")
    class GivenNoConfig {

        @Test
        @DisplayName("when parsed then the terms are off and nothing is null-unsafe")
        void off() {
            TermsConfig config = TermsConfig.fromConfig(null);
            assertThat(config.enabled()).isFalse();
            assertThat(config.urlFor(Locale.GERMAN)).isNull();
            assertThat(config.textFor(null)).isNull();
        }

        @Test
        @DisplayName("when the version is blank then the terms are off")
        void blankVersion() {
            assertThat(TermsConfig.fromConfig(Map.of(TermsConfig.VERSION, "  ")).enabled()).isFalse();
        }
    }

    @Nested
    @DisplayName("given URLs per locale in the admin console's key/value format")
    class GivenLocaleUrls {

        private final TermsConfig config = TermsConfig.fromConfig(Map.of(
                TermsConfig.VERSION, " 2025-01 ",
                TermsConfig.URL, "https://example.test/terms",
                TermsConfig.URL_LOCALES, "[{\"key\":\"de\",\"value\":\"https://example.test/de\"},"
                        + "{\"key\":\"pt_BR\",\"value\":\"https://example.test/pt-br\"}]"));

        @Test
        @DisplayName("when asked for a locale then exact tag, then language, then the default URL is used")
        void fallbacks() {
            assertThat(config.version()).isEqualTo("2025-01");
            assertThat(config.urlFor(Locale.forLanguageTag("pt-BR"))).isEqualTo("https://example.test/pt-br");
            assertThat(config.urlFor(Locale.forLanguageTag("de-AT"))).isEqualTo("https://example.test/de");
            assertThat(config.urlFor(Locale.FRENCH)).isEqualTo("https://example.test/terms");
            assertThat(config.urlFor(null)).isEqualTo("https://example.test/terms");
        }
    }

    @Nested
    @DisplayName("given texts per locale as locale=value lines")
    class GivenLines {

        @Test
        @DisplayName("when parsed then each line is one locale and blank entries are skipped")
        void lines() {
            TermsConfig config = TermsConfig.fromConfig(Map.of(TermsConfig.VERSION, "3",
                    TermsConfig.TEXT, "Default text",
                    TermsConfig.TEXT_LOCALES, "fr=Texte = complet\nes=\n=orphan\nnot a pair"));
            assertThat(config.textsByLocale()).containsExactly(Map.entry("fr", "Texte = complet"));
            assertThat(config.textFor(Locale.FRANCE)).isEqualTo("Texte = complet");
            assertThat(config.textFor(Locale.ENGLISH)).isEqualTo("Default text");
        }

        @Test
        @DisplayName("when the JSON is broken then it is read as lines, not thrown")
        void brokenJson() {
            assertThat(TermsConfig.localeMap("[{\"key\":")).isEmpty();
        }
    }

    @Nested
    @DisplayName("given candidate terms URLs")
    class GivenUrls {

        @Test
        @DisplayName("then only absolute http(s) URLs with a host are links")
        void webUrls() {
            assertThat(TermsConfig.isWebUrl("https://example.test/terms?v=2")).isTrue();
            assertThat(TermsConfig.isWebUrl("http://example.test")).isTrue();
            assertThat(TermsConfig.isWebUrl("javascript:alert(1)")).isFalse();
            assertThat(TermsConfig.isWebUrl("data:text/html,hi")).isFalse();
            assertThat(TermsConfig.isWebUrl("//example.test/terms")).isFalse();
            assertThat(TermsConfig.isWebUrl("not a url")).isFalse();
            assertThat(TermsConfig.isWebUrl(null)).isFalse();
        }
    }
}
