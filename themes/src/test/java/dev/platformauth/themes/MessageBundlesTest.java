package dev.platformauth.themes;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.text.MessageFormat;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.platformauth.themes.ThemeFixtures.LANGUAGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

@DisplayName("Message bundles")
class MessageBundlesTest {

    /** msg("key" ...) and msg('key' ...) in templates. */
    private static final Pattern MSG_CALL = Pattern.compile("msg\\(\\s*[\"']([A-Za-z0-9_.-]+)[\"']");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    /** Keys the Java code (authenticator, email sender) uses rather than the templates. */
    static final Set<String> KEYS_USED_BY_JAVA = Set.of(
            "platformAuthCodeInvalid",
            "platformAuthEmailInvalid",
            "platformAuthCodeResent",
            "platformAuthResendTooSoon",
            "platformAuthCodeRequired",
            "platformAuthExchangeCodeSubject",
            "platformAuthPasswordResetSubject",
            "platformAuthUsernameReminderSubject",
            "platformAuthTermsChanged",
            "platformAuthCodeTooManyAttempts",
            "platformAuthMagicLinkTitle",
            "platformAuthMagicLinkSubmit",
            "platformAuthMagicLinkInvalid",
            "platformAuthMagicLinkOtherBrowser",
            "platformAuthMagicLinkSubject",
            "platformAuthCodeNotSent",
            "platformAuthMagicLinkNotSent",
            "platformAuthSendLimited");

    static Set<String> keysUsedByTemplates() {
        Set<String> keys = new TreeSet<>();
        for (String template : ThemeFixtures.templates()) {
            Matcher m = MSG_CALL.matcher(ThemeFixtures.text(template));
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    static Iterable<String> languages() {
        return LANGUAGES;
    }

    @Nested
    @DisplayName("given the templates and the Java code")
    class GivenTheKeysInUse {

        @Test
        @DisplayName("then the templates do use message keys (the scan finds them)")
        void templatesUseKeys() {
            assertThat(keysUsedByTemplates()).contains(
                    "platformAuthEmailTitle", "platformAuthCodeSent", "platformAuthExchangeCodeBodyIntro");
        }

        @ParameterizedTest(name = "then every key used by a template exists in messages_{0}")
        @MethodSource("dev.platformauth.themes.MessageBundlesTest#languages")
        void everyTemplateKeyExists(String language) {
            assertThat(ThemeFixtures.messages(language).stringPropertyNames())
                    .containsAll(keysUsedByTemplates());
        }

        @ParameterizedTest(name = "then every key used by the Java code exists in messages_{0}")
        @MethodSource("dev.platformauth.themes.MessageBundlesTest#languages")
        void everyJavaKeyExists(String language) {
            assertThat(ThemeFixtures.messages(language).stringPropertyNames())
                    .containsAll(KEYS_USED_BY_JAVA);
        }

        @Test
        @DisplayName("then every key of ours carries the platformAuth prefix, except the names Keycloak derives from "
                + "our provider ids (the \"Try another way\" list: <provider id>-display-name and -help-text)")
        void keysArePrefixed() {
            assertThat(ThemeFixtures.messages("en").stringPropertyNames())
                    .allSatisfy(key -> assertThat(key).matches("platformAuth[A-Za-z]+|platform-auth-[a-z-]+-(display-name|help-text)"));
        }
    }

    @Nested
    @DisplayName("given the four languages")
    class GivenTheLanguages {

        @ParameterizedTest(name = "then messages_{0} has exactly the key set of messages_en")
        @MethodSource("dev.platformauth.themes.MessageBundlesTest#languages")
        void sameKeySet(String language) {
            assertThat(new TreeSet<>(ThemeFixtures.messages(language).stringPropertyNames()))
                    .isEqualTo(new TreeSet<>(ThemeFixtures.messages("en").stringPropertyNames()));
        }

        @ParameterizedTest(name = "then messages_{0} uses the same placeholders as English, key by key")
        @MethodSource("dev.platformauth.themes.MessageBundlesTest#languages")
        void samePlaceholders(String language) {
            Properties en = ThemeFixtures.messages("en");
            Properties translated = ThemeFixtures.messages(language);
            for (String key : en.stringPropertyNames()) {
                assertThat(placeholders(translated.getProperty(key)))
                        .as("placeholders of %s in %s", key, language)
                        .isEqualTo(placeholders(en.getProperty(key)));
            }
        }

        @ParameterizedTest(name = "then messages_{0} is pure ASCII (non-ASCII written as \\uXXXX)")
        @MethodSource("dev.platformauth.themes.MessageBundlesTest#languages")
        void asciiOnly(String language) {
            byte[] bytes = ThemeFixtures.rawBytes(ThemeFixtures.RESOURCES + "messages/messages_" + language + ".properties");
            for (byte b : bytes) {
                assertThat(b & 0xff).as("byte in messages_%s", language).isLessThan(0x80);
            }
        }

        @ParameterizedTest(name = "then every value of messages_{0} is a valid MessageFormat pattern with no lone apostrophe")
        @MethodSource("dev.platformauth.themes.MessageBundlesTest#languages")
        void validMessageFormat(String language) {
            Properties messages = ThemeFixtures.messages(language);
            for (String key : messages.stringPropertyNames()) {
                String value = messages.getProperty(key);
                assertThat(value).as("%s in %s", key, language).isNotBlank();
                assertThatCode(() -> new MessageFormat(value)).as("%s in %s", key, language).doesNotThrowAnyException();
                // Keycloak formats every value with MessageFormat: a single ' would swallow text.
                assertThat(value.replace("''", "")).as("lone apostrophe in %s (%s)", key, language).doesNotContain("'");
            }
        }
    }

    private static Set<String> placeholders(String value) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
