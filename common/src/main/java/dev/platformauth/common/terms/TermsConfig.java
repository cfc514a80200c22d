package dev.platformauth.common.terms;

import dev.platformauth.common.PlatformAuth;
import org.keycloak.models.utils.MapperTypeSerializer;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The terms the realm asks users to accept: the configuration of the required action
 * {@value #PROVIDER_ID} (admin console: Authentication, Required actions, the gear of "Platform terms
 * and conditions"). Null-safe and typed; a blank version means the terms are off.
 *
 * @param version       the current terms version; null when none is configured (terms off)
 * @param url           the terms URL for every locale without one of its own; null for none
 * @param urlsByLocale  language tag (lower case, e.g. {@code de} or {@code pt-br}) to URL
 * @param text          the terms text for every locale without one of its own; null for none
 * @param textsByLocale language tag to text
 */
public record TermsConfig(String version, String url, Map<String, String> urlsByLocale, String text,
                          Map<String, String> textsByLocale) {

    /** Provider id of the required action and of the authenticator that triggers it. */
    public static final String PROVIDER_ID = PlatformAuth.PREFIX + "-terms";

    /** Config key (and organization attribute) of the current terms version. */
    public static final String VERSION = PlatformAuth.PREFIX + ".terms.version";
    /** Config key (and organization attribute) of the terms URL. */
    public static final String URL = PlatformAuth.PREFIX + ".terms.url";
    /** Config key of the per-locale terms URLs (a key/value list: locale, URL). */
    public static final String URL_LOCALES = PlatformAuth.PREFIX + ".terms.url.locales";
    /** Config key of the terms text, shown on the page when there is no URL. */
    public static final String TEXT = PlatformAuth.PREFIX + ".terms.text";
    /** Config key of the per-locale terms texts (a key/value list: locale, text). */
    public static final String TEXT_LOCALES = PlatformAuth.PREFIX + ".terms.text.locales";

    /** Longest accepted version string (the log column is 255 characters). */
    public static final int MAX_VERSION_LENGTH = 255;

    public TermsConfig {
        version = blankToNull(version);
        url = blankToNull(url);
        text = blankToNull(text);
        urlsByLocale = Map.copyOf(urlsByLocale);
        textsByLocale = Map.copyOf(textsByLocale);
    }

    /** The settings of a required-action config map; null or empty gives terms that are off. */
    public static TermsConfig fromConfig(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        return new TermsConfig(c.get(VERSION), c.get(URL), localeMap(c.get(URL_LOCALES)), c.get(TEXT),
                localeMap(c.get(TEXT_LOCALES)));
    }

    /** Whether a current version is configured. */
    boolean enabled() {
        return version != null;
    }

    /** The URL for {@code locale}: exact tag, then its language, then the default URL; null for none. */
    String urlFor(Locale locale) {
        return forLocale(urlsByLocale, url, locale);
    }

    /** The text for {@code locale}, with the same fallbacks as {@link #urlFor}. */
    String textFor(Locale locale) {
        return forLocale(textsByLocale, text, locale);
    }

    /** Whether {@code value} is an absolute http(s) URL, the only kind the login page links to. */
    public static boolean isWebUrl(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme();
            return uri.isAbsolute() && uri.getHost() != null
                    && ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    static String forLocale(Map<String, String> byLocale, String fallback, Locale locale) {
        if (locale != null) {
            String tag = locale.toLanguageTag().toLowerCase(Locale.ROOT);
            String exact = byLocale.get(tag);
            if (exact != null) {
                return exact;
            }
            String language = byLocale.get(locale.getLanguage().toLowerCase(Locale.ROOT));
            if (language != null) {
                return language;
            }
        }
        return fallback;
    }

    /**
     * A per-locale value list: the admin console's key/value JSON ({@code [{"key":"de","value":"…"}]}),
     * or lines of {@code locale=value} for hand-written exports. Keys are lower-cased language tags
     * ({@code de_DE} becomes {@code de-de}); blank keys or values are skipped.
     */
    static Map<String, String> localeMap(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return result;
        }
        String trimmed = raw.trim();
        if (trimmed.startsWith("[")) {
            try {
                for (Map.Entry<String, List<String>> entry : MapperTypeSerializer.deserialize(trimmed).entrySet()) {
                    if (!entry.getValue().isEmpty()) {
                        put(result, entry.getKey(), entry.getValue().get(0));
                    }
                }
                return result;
            } catch (RuntimeException notJson) {
                // fall through to the line format
            }
        }
        for (String line : trimmed.split("\\R")) {
            int at = line.indexOf('=');
            if (at > 0) {
                put(result, line.substring(0, at), line.substring(at + 1));
            }
        }
        return result;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (key == null || value == null || key.isBlank() || value.isBlank()) {
            return;
        }
        map.putIfAbsent(key.trim().replace('_', '-').toLowerCase(Locale.ROOT), value.trim());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
