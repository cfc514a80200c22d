package dev.platformauth.themes;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The terms page of the required action platform-auth-terms, rendered against the stub layout. */
@DisplayName("Terms page")
class TermsTemplateTest {

    private static final String PAGE = "platform-auth-terms.ftl";

    private static Map<String, Object> page(String theme) {
        Map<String, Object> model = new HashMap<>();
        model.put("properties", "v2".equals(theme)
                ? Map.of("kcFormGroupLabelClass", "pf-v5-c-form__group-label", "kcButtonPrimaryClass", "pf-m-primary",
                        "kcButtonSecondaryClass", "pf-m-secondary", "kcFormActionGroupClass", "pf-v5-c-form__actions")
                : Map.of("kcButtonPrimaryClass", "btn-primary", "kcButtonDefaultClass", "btn-default"));
        model.put("url", Map.of("loginAction", "http://127.0.0.1:8080/realms/demo/login-actions/required-action?execution=platform-auth-terms"));
        model.put("termsVersion", "2025-01");
        return model;
    }

    @Nested
    @DisplayName("given terms with a URL")
    class GivenAUrl {

        @ParameterizedTest(name = "when rendered under the {0} theme then it shows the version, the link and accept/decline buttons")
        @ValueSource(strings = {"v2", "classic"})
        void acceptAndDecline(String theme) {
            Map<String, Object> model = page(theme);
            model.put("termsUrl", "https://example.test/terms?v=1&x=2");
            String html = ThemeFixtures.render(PAGE, "en", model);

            assertThat(html).contains("<header>").contains("Terms and conditions").contains("(version 2025-01)");
            assertThat(html).contains("href=\"https://example.test/terms?v=1&amp;x=2\"").contains("rel=\"noopener noreferrer\"");
            assertThat(html).contains("<form id=\"kc-platform-auth-terms-form\"").contains("method=\"post\"");
            assertThat(html).contains("name=\"accept\"").contains("name=\"decline\"").contains(">Accept<").contains(">Decline<");
            assertThat(html).doesNotContain("kc-platform-auth-terms-text");
        }
    }

    @Nested
    @DisplayName("given terms as text of an organization")
    class GivenText {

        @Test
        @DisplayName("when rendered then the text is escaped and the organization is named")
        void escapedText() {
            Map<String, Object> model = page("v2");
            model.put("termsText", "1. Be nice <script>alert(1)</script>");
            model.put("termsOrganization", "Northstar ISD");
            String html = ThemeFixtures.render(PAGE, "en", model);

            assertThat(html).contains("id=\"kc-platform-auth-terms-text\"")
                    .contains("1. Be nice &lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
            assertThat(html).contains("terms and conditions of Northstar ISD (version 2025-01)");
            assertThat(html).doesNotContain("kc-platform-auth-terms-link");
        }

        @Test
        @DisplayName("when rendered in French then the buttons are French")
        void french() {
            String html = ThemeFixtures.render(PAGE, "fr", page("v2"));
            assertThat(html).contains("Conditions d&#39;utilisation").contains(">Accepter<").contains(">Refuser<");
        }
    }
}
