package dev.platformauth.common.config;

/** Null-safe reading of admin-entered config values (authenticator config, client attributes). */
public final class ConfigValues {

    private ConfigValues() {
    }

    /** {@code value} as a whole number in {@code [min, max]}; {@code fallback} when unset, not a number or out of range. */
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
}
