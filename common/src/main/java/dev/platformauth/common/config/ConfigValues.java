package dev.platformauth.common.config;

import java.util.List;

/**
 * Null-safe reading and checking of whole-number settings from config maps (authenticator config,
 * client attributes): an unset or unusable value falls back to its default, and the admin console
 * gets a sentence for each unusable one.
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /** {@code value} as an int in {@code [min, max]}, else {@code fallback}. */
    public static int intIn(String value, int min, int max, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed < min || parsed > max ? fallback : parsed;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** {@code value} as a whole number; {@code fallback} when unset or not a number. */
    public static int intOr(String value, int fallback) {
        return intIn(value, Integer.MIN_VALUE, Integer.MAX_VALUE, fallback);
    }

    /** Adds a problem when a set {@code value} is not a whole number in {@code [min, max]} ({@code unit} e.g. "seconds"). */
    public static void checkInt(String value, int min, int max, String label, String unit, List<String> problems) {
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                problems.add(label + " must be between " + min + " and " + max + " " + unit);
            }
        } catch (NumberFormatException e) {
            problems.add(label + " must be a whole number of " + unit);
        }
    }

    /** {@code "true"} (any case, trimmed) is true; anything else, null included, is false. */
    public static boolean isTrue(String value) {
        return value != null && "true".equalsIgnoreCase(value.trim());
    }
}
