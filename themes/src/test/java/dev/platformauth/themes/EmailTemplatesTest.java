package dev.platformauth.themes;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Exchange-code email templates")
class EmailTemplatesTest {

    private static final String TEXT = "text/platform-auth-exchange-code.ftl";
    private static final String HTML = "html/platform-auth-exchange-code.ftl";
    private static final String CODE = "K7Q2-9XWM-4PHT";

    static Iterable<String> languages() {
        return ThemeFixtures.LANGUAGES;
    }

    private static Map<String, Object> attributes() {
        return Map.of("code", CODE, "ttlMinutes", 10, "realmName", "Demo", "user", Map.of("username", "alice"));
    }

    @Nested
    @DisplayName("given the text part")
    class GivenTheTextPart {

        @Test
        @DisplayName("then its source puts ${code} on a line of its own")
        void sourceHasCodeAlone() {
            String source = ThemeFixtures.text(ThemeFixtures.RESOURCES + "templates/" + TEXT);
            assertThat(source.lines()).contains("${code}");
        }

        @Test
        @DisplayName("then it is a plain-text template (no HTML escaping of the code)")
        void plainText() {
            String source = ThemeFixtures.text(ThemeFixtures.RESOURCES + "templates/" + TEXT);
            assertThat(source.lines().findFirst()).hasValue("<#ftl output_format=\"plainText\">");
        }

        @ParameterizedTest(name = "when rendered in {0} then the code stands alone on a line, and the expiry is stated")
        @MethodSource("dev.platformauth.themes.EmailTemplatesTest#languages")
        void renderedCodeAlone(String language) {
            String rendered = ThemeFixtures.render(TEXT, language, attributes());

            assertThat(rendered.lines()).contains(CODE);
            assertThat(rendered.lines().filter(line -> line.contains(CODE))).containsExactly(CODE);
            assertThat(rendered).contains("Demo").contains("10");
            assertThat(rendered).doesNotContain("${").doesNotContain("<#").doesNotContain("platformAuth");
        }

        @Test
        @DisplayName("when rendered in English then it reads as intended")
        void englishWording() {
            String rendered = ThemeFixtures.render(TEXT, "en", attributes());
            assertThat(rendered).startsWith("Your sign-in code for Demo:\n\n" + CODE + "\n\nIt expires in 10 minutes");
        }
    }

    @Nested
    @DisplayName("given the HTML part")
    class GivenTheHtmlPart {

        @ParameterizedTest(name = "when rendered in {0} then it shows the code in a monospace block and the expiry")
        @MethodSource("dev.platformauth.themes.EmailTemplatesTest#languages")
        void renderedHtml(String language) {
            String rendered = ThemeFixtures.render(HTML, language, attributes());

            assertThat(rendered).contains("<html lang=\"" + language + "\">");
            assertThat(rendered).contains("<code>" + CODE + "</code>").contains("monospace");
            assertThat(rendered).contains("Demo").contains("10");
            assertThat(rendered).doesNotContain("platformAuth");
        }

        @Test
        @DisplayName("when the realm name holds markup then it is escaped")
        void escapesRealmName() {
            String rendered = ThemeFixtures.render(HTML, "en",
                    Map.of("code", CODE, "ttlMinutes", 10, "realmName", "<b>Demo</b>"));
            assertThat(rendered).contains("&lt;b&gt;Demo&lt;/b&gt;").doesNotContain("<b>Demo");
        }

        @Test
        @DisplayName("then it carries the same sentences as the text part")
        void mirrorsText() {
            String text = ThemeFixtures.render(TEXT, "fr", attributes());
            String html = ThemeFixtures.render(HTML, "fr", attributes()).replace("&#39;", "'");
            Arrays.stream(text.split("\n")).filter(line -> !line.isBlank())
                    .forEach(line -> assertThat(html).contains(line));
        }
    }
}
