package dev.platformauth.it.support.browser;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

/** Our login-page texts as the theme's message bundles define them, so tests compare with what a user reads. */
public final class ThemeMessages {

    private ThemeMessages() {
    }

    /** The message {@code key} in {@code language} ("en", "de"), with {@code arguments} filled in. */
    public static String text(String language, String key, Object... arguments) {
        Path bundle = Path.of(System.getProperty("project.root", ".."))
                .resolve("themes/src/main/resources/theme-resources/messages/messages_" + language + ".properties");
        Properties messages = new Properties();
        try (Reader reader = Files.newBufferedReader(bundle, StandardCharsets.UTF_8)) {
            messages.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + bundle, e);
        }
        String pattern = messages.getProperty(key);
        if (pattern == null) {
            throw new IllegalArgumentException("no message " + key + " in " + bundle);
        }
        return new MessageFormat(pattern, Locale.forLanguageTag(language)).format(arguments);
    }
}
