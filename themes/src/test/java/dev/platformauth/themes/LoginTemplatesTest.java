package dev.platformauth.themes;

import freemarker.template.TemplateMethodModelEx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders the login pages against a stub layout, once with keycloak.v2's class properties and
 * once with the classic keycloak theme's, since theme resources render under either.
 */
@DisplayName("Exchange-code login pages")
class LoginTemplatesTest {

    private static final String EMAIL_PAGE = "platform-auth-exchange-code-email.ftl";
    private static final String CODE_PAGE = "platform-auth-exchange-code-form.ftl";
    private static final String ACTION = "http://127.0.0.1:8080/realms/demo/login-actions/authenticate?session_code=abc&amp;execution=x";

    /** A few of keycloak.v2's properties; kcFormGroupLabelClass is what marks it. */
    private static Map<String, String> v2Properties() {
        return Map.of("kcFormClass", "pf-v5-c-form", "kcFormGroupClass", "pf-v5-c-form__group",
                "kcFormGroupLabelClass", "pf-v5-c-form__group-label", "kcInputClass", "pf-v5-c-form-control",
                "kcButtonPrimaryClass", "pf-v5-c-button pf-m-primary", "kcButtonSecondaryClass", "pf-v5-c-button pf-m-secondary",
                "kcError", "pf-m-error", "kcFormActionGroupClass", "pf-v5-c-form__actions");
    }

    /** A few of the classic keycloak theme's properties. */
    private static Map<String, String> classicProperties() {
        return Map.of("kcFormClass", "form-horizontal", "kcFormGroupClass", "form-group",
                "kcInputClass", "pf-c-form-control", "kcInputWrapperClass", "col-xs-12",
                "kcButtonClass", "pf-c-button", "kcButtonPrimaryClass", "pf-m-primary", "kcButtonDefaultClass", "btn-default");
    }

    private static Map<String, Object> page(String theme, Map<String, String> fieldErrors) {
        Map<String, Object> model = new HashMap<>();
        model.put("properties", "v2".equals(theme) ? v2Properties() : classicProperties());
        model.put("url", Map.of("loginAction", "http://127.0.0.1:8080/realms/demo/login-actions/authenticate?session_code=abc&execution=x"));
        model.put("kcSanitize", (TemplateMethodModelEx) args -> args.get(0).toString());
        model.put("messagesPerField", Map.of(
                "existsError", (TemplateMethodModelEx) args -> args.stream().anyMatch(a -> fieldErrors.containsKey(a.toString())),
                "getFirstError", (TemplateMethodModelEx) args -> args.stream().map(Object::toString)
                        .filter(fieldErrors::containsKey).map(fieldErrors::get).findFirst().orElse("")));
        return model;
    }

    static String element(String html, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("element %s in%n%s", regex, html).isTrue();
        return m.group();
    }

    @Nested
    @DisplayName("given the email page")
    class GivenTheEmailPage {

        @ParameterizedTest(name = "when rendered under the {0} theme then it posts an email field to the login action")
        @ValueSource(strings = {"v2", "classic"})
        void emailForm(String theme) {
            String html = ThemeFixtures.render(EMAIL_PAGE, "en", page(theme, Map.of()));

            assertThat(html).contains("<header>").contains("Sign in with an email code");
            String form = element(html, "<form id=\"kc-platform-auth-email-form\".*?</form>");
            assertThat(form).contains("action=\"" + ACTION + "\"").contains("method=\"post\"");
            String input = element(form, "<input id=\"email\"[^>]*>");
            assertThat(input).contains("name=\"email\"", "type=\"email\"", "autocomplete=\"email\"", "autofocus");
            assertThat(form).contains("<label for=\"email\"").contains("Email").contains("type=\"submit\"").contains("Send me a code");
        }

        @Test
        @DisplayName("when the email field has an error then it is shown next to the field and the input is marked invalid")
        void fieldError() {
            String html = ThemeFixtures.render(EMAIL_PAGE, "en", page("v2", Map.of("email", "Enter a valid email address.")));

            assertThat(html).contains("id=\"input-error-email\"").contains("Enter a valid email address.");
            assertThat(element(html, "<input id=\"email\"[^>]*>")).contains("aria-invalid=\"true\"");
        }

        @Test
        @DisplayName("when rendered in German then the labels are German")
        void german() {
            String html = ThemeFixtures.render(EMAIL_PAGE, "de", page("v2", Map.of()));
            assertThat(html).contains("Mit einem E-Mail-Code anmelden").contains("Code senden");
        }
    }

    @Nested
    @DisplayName("given the code page")
    class GivenTheCodePage {

        private Map<String, Object> codePage(String theme, Object cooldown) {
            Map<String, Object> model = page(theme, Map.of());
            model.put("maskedEmail", "a***e@demo.test");
            model.put("resendCooldown", cooldown);
            return model;
        }

        @ParameterizedTest(name = "when rendered under the {0} theme then it posts a one-time-code field to the login action")
        @ValueSource(strings = {"v2", "classic"})
        void codeForm(String theme) {
            String html = ThemeFixtures.render(CODE_PAGE, "en", codePage(theme, 0));

            assertThat(html).contains("Enter your sign-in code");
            assertThat(html).contains("If an account exists for a***e@demo.test, we sent it a sign-in code.");
            String form = element(html, "<form id=\"kc-platform-auth-code-form\".*?</form>");
            assertThat(form).contains("action=\"" + ACTION + "\"").contains("method=\"post\"");
            assertThat(element(form, "<input id=\"code\"[^>]*>"))
                    .contains("name=\"code\"", "autocomplete=\"one-time-code\"", "autofocus");
            assertThat(form).contains("Sign in").doesNotContain("name=\"resend\"");
        }

        @ParameterizedTest(name = "when rendered under the {0} theme then a second form posts resend=true")
        @ValueSource(strings = {"v2", "classic"})
        void resendForm(String theme) {
            String html = ThemeFixtures.render(CODE_PAGE, "en", codePage(theme, 0));

            String form = element(html, "<form id=\"kc-platform-auth-resend-form\".*?</form>");
            assertThat(form).contains("action=\"" + ACTION + "\"").contains("method=\"post\"");
            assertThat(form).contains("<input type=\"hidden\" name=\"resend\" value=\"true\"/>");
            assertThat(form).doesNotContain("name=\"code\"");
        }

        @Test
        @DisplayName("when a resend is allowed now then the resend button is enabled")
        void resendAllowed() {
            String html = ThemeFixtures.render(CODE_PAGE, "en", codePage("v2", 0));

            String button = element(html, "<button id=\"kc-platform-auth-resend\".*?</button>");
            assertThat(button).doesNotContain("disabled").contains(">Send a new code</button>");
        }

        @ParameterizedTest(name = "when the cooldown is 45 s (given as {0}) then the button is disabled and says so")
        @ValueSource(strings = {"number", "string"})
        void resendCoolingDown(String type) {
            String html = ThemeFixtures.render(CODE_PAGE, "en", codePage("v2", "number".equals(type) ? (Object) 45 : "45"));

            String button = element(html, "<button id=\"kc-platform-auth-resend\".*?</button>");
            assertThat(button).contains("disabled").contains("data-cooldown=\"45\"").contains(">Send a new code in 45 s</button>");
            assertThat(button).contains("data-label-wait=\"Send a new code in {0} s\"");
        }

        @Test
        @DisplayName("when the cooldown is long then the number is not grouped (1200, not 1,200)")
        void cooldownNotGrouped() {
            String html = ThemeFixtures.render(CODE_PAGE, "en", codePage("v2", 1200));
            assertThat(html).contains("data-cooldown=\"1200\"").contains("Send a new code in 1200 s");
        }

        @Test
        @DisplayName("when the masked email holds markup then it is escaped")
        void escapesMaskedEmail() {
            Map<String, Object> model = codePage("v2", 0);
            model.put("maskedEmail", "<script>x</script>");
            String html = ThemeFixtures.render(CODE_PAGE, "en", model);
            assertThat(html).contains("&lt;script&gt;x&lt;/script&gt;").doesNotContain("<script>x");
        }

        @Test
        @DisplayName("when rendered in Spanish then the labels are Spanish")
        void spanish() {
            String html = ThemeFixtures.render(CODE_PAGE, "es", codePage("v2", 0));
            assertThat(html).contains("Introduce tu c\u00f3digo de inicio de sesi\u00f3n").contains("Enviar un c\u00f3digo nuevo");
        }
    }

    @Nested
    @DisplayName("given the magic-link confirmation page")
    class GivenTheMagicLinkConfirmationPage {

        private static final String CONFIRM_PAGE = "platform-auth-magic-link-confirm.ftl";

        private Map<String, Object> confirmPage(String account) {
            Map<String, Object> model = page("v2", Map.of());
            model.put("magicLinkToken", "tok");
            if (account != null) {
                model.put("magicLinkAccount", account);
            }
            return model;
        }

        @ParameterizedTest(name = "when rendered in {0} with the account then it names the account")
        @ValueSource(strings = {"en", "de", "fr", "es"})
        void namesTheAccount(String language) {
            String html = ThemeFixtures.render(CONFIRM_PAGE, language, confirmPage("ann@demo.test"));

            String line = element(html, "<p id=\"kc-platform-auth-magic-link-account\".*?</p>");
            String expected = java.text.MessageFormat.format(
                    ThemeFixtures.messages(language).getProperty("platformAuthMagicLinkConfirmAccount"), "ann@demo.test");
            assertThat(line).contains(expected);
            assertThat(element(html, "<form id=\"kc-platform-auth-magic-link-form\".*?</form>"))
                    .contains("<input type=\"hidden\" name=\"token\" value=\"tok\"/>");
        }

        @Test
        @DisplayName("when the account name holds markup then it is escaped")
        void escapesTheAccount() {
            String html = ThemeFixtures.render(CONFIRM_PAGE, "en", confirmPage("<b>x</b>@demo.test"));
            assertThat(html).contains("You will be signed in as &lt;b&gt;x&lt;/b&gt;@demo.test.").doesNotContain("<b>x</b>");
        }

        @Test
        @DisplayName("when no account is given then the page has no account line")
        void withoutAccount() {
            String html = ThemeFixtures.render(CONFIRM_PAGE, "en", confirmPage(null));
            assertThat(html).contains("Sign in with the link from your email?").doesNotContain("kc-platform-auth-magic-link-account");
        }
    }
}
