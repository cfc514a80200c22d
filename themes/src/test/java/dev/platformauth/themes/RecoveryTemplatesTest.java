package dev.platformauth.themes;

import freemarker.template.TemplateMethodModelEx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import static dev.platformauth.themes.LoginTemplatesTest.element;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Password-reset and username-reminder templates")
class RecoveryTemplatesTest {

    private static final String LINK = "https://id.example.test/realms/demo/sentinel/password-reset?token=Ab_9-xyz&lang=en";
    private static final String ACTION = "https://id.example.test/realms/demo/sentinel/password-reset";

    static Iterable<String> languages() {
        return ThemeFixtures.LANGUAGES;
    }

    private static Map<String, Object> resetMail() {
        return Map.of("link", LINK, "ttlMinutes", 15, "username", "alice", "realmName", "Demo");
    }

    @Nested
    @DisplayName("given the password-reset mail")
    class GivenTheResetMail {

        @ParameterizedTest(name = "when its text part is rendered in {0} then the link stands alone on a line and the expiry is stated")
        @MethodSource("dev.platformauth.themes.RecoveryTemplatesTest#languages")
        void textPart(String language) {
            String rendered = ThemeFixtures.render("text/platform-auth-password-reset.ftl", language, resetMail());

            assertThat(rendered.lines().filter(line -> line.contains("token="))).containsExactly(LINK);
            assertThat(rendered).contains("alice").contains("Demo").contains("15");
            assertThat(rendered).doesNotContain("${").doesNotContain("platformAuth").doesNotContain("&amp;");
        }

        @ParameterizedTest(name = "when its HTML part is rendered in {0} then it links to the escaped URL")
        @MethodSource("dev.platformauth.themes.RecoveryTemplatesTest#languages")
        void htmlPart(String language) {
            String rendered = ThemeFixtures.render("html/platform-auth-password-reset.ftl", language, resetMail());

            assertThat(rendered).contains("<html lang=\"" + language + "\">");
            assertThat(rendered).contains("href=\"" + LINK.replace("&", "&amp;") + "\"").contains("rel=\"noreferrer\"");
            assertThat(rendered).contains("alice").contains("15").doesNotContain("platformAuth");
        }

        @Test
        @DisplayName("when the username holds markup then the HTML part escapes it")
        void escapesUsername() {
            Map<String, Object> model = new HashMap<>(resetMail());
            model.put("username", "<b>x</b>");
            String rendered = ThemeFixtures.render("html/platform-auth-password-reset.ftl", "en", model);
            assertThat(rendered).contains("&lt;b&gt;x&lt;/b&gt;").doesNotContain("<b>x");
        }
    }

    @Nested
    @DisplayName("given the username-reminder mail")
    class GivenTheReminderMail {

        @ParameterizedTest(name = "when rendered in {0} for two accounts then each username stands alone on a line")
        @MethodSource("dev.platformauth.themes.RecoveryTemplatesTest#languages")
        void severalUsernames(String language) {
            Map<String, Object> model = Map.of("usernames", List.of("alice", "alice.work"), "realmName", "Demo");
            String text = ThemeFixtures.render("text/platform-auth-username-reminder.ftl", language, model);
            String html = ThemeFixtures.render("html/platform-auth-username-reminder.ftl", language, model);

            assertThat(text.lines()).contains("alice", "alice.work");
            assertThat(text).contains("Demo").doesNotContain("platformAuth");
            assertThat(html).contains(">alice</li>").contains(">alice.work</li>").doesNotContain("platformAuth");
        }

        @Test
        @DisplayName("when there is one account then the English intro is singular")
        void oneUsername() {
            String text = ThemeFixtures.render("text/platform-auth-username-reminder.ftl", "en",
                    Map.of("usernames", List.of("alice"), "realmName", "Demo"));
            assertThat(text).startsWith("This is the username registered with this email address at Demo:\n\nalice\n");
        }
    }

    @Nested
    @DisplayName("given the reset landing page")
    class GivenTheLandingPage {

        private Map<String, Object> page(String state, Map<String, String> fieldErrors) {
            Map<String, Object> model = new HashMap<>();
            model.put("properties", Map.of("kcFormClass", "pf-v5-c-form", "kcFormGroupClass", "pf-v5-c-form__group",
                    "kcFormGroupLabelClass", "pf-v5-c-form__group-label", "kcInputClass", "pf-v5-c-form-control"));
            model.put("url", Map.of("loginAction", ACTION));
            model.put("kcSanitize", (TemplateMethodModelEx) args -> args.get(0).toString());
            model.put("messagesPerField", Map.of(
                    "existsError", (TemplateMethodModelEx) args -> args.stream().anyMatch(a -> fieldErrors.containsKey(a.toString())),
                    "getFirstError", (TemplateMethodModelEx) args -> args.stream().map(Object::toString)
                            .filter(fieldErrors::containsKey).map(fieldErrors::get).findFirst().orElse("")));
            model.put("resetState", state);
            model.put("resetToken", "Ab_9-xyz");
            model.put("resetUsername", "alice");
            return model;
        }

        @Test
        @DisplayName("when the token is live then it posts the token and both password fields to the same path")
        void form() {
            String html = ThemeFixtures.render("platform-auth-password-reset-form.ftl", "en", page("form", Map.of()));

            String form = element(html, "<form id=\"kc-platform-auth-reset-form\".*?</form>");
            assertThat(form).contains("action=\"" + ACTION + "\"").contains("method=\"post\"");
            assertThat(form).contains("<input type=\"hidden\" name=\"token\" value=\"Ab_9-xyz\"/>");
            assertThat(element(form, "<input id=\"password\"[^>]*>")).contains("type=\"password\"", "autocomplete=\"new-password\"");
            assertThat(element(form, "<input id=\"password-confirm\"[^>]*>")).contains("name=\"password-confirm\"");
            assertThat(html).contains("Choose a new password").contains("Account: alice").contains("history.replaceState");
        }

        @Test
        @DisplayName("when the confirmation does not match then the error is shown next to that field")
        void fieldError() {
            String html = ThemeFixtures.render("platform-auth-password-reset-form.ftl", "en",
                    page("form", Map.of("password-confirm", "Passwords don't match.")));
            assertThat(html).contains("id=\"input-error-password-confirm\"").doesNotContain("id=\"input-error-password\"");
            assertThat(element(html, "<input id=\"password-confirm\"[^>]*>")).contains("aria-invalid=\"true\"");
        }

        @ParameterizedTest(name = "when the state is {0} then no form and no token are on the page")
        @ValueSource(strings = {"done", "invalid"})
        void noForm(String state) {
            String html = ThemeFixtures.render("platform-auth-password-reset-form.ftl", "de", page(state, Map.of()));
            assertThat(html).doesNotContain("<form").doesNotContain("Ab_9-xyz");
            assertThat(html).contains("done".equals(state) ? "kc-platform-auth-reset-done" : "kc-platform-auth-reset-invalid");
            assertThat(html).doesNotContain("platformAuth");
        }
    }
}
