package dev.platformauth.common.config;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The one reader of whole numbers in settings (authenticator config, client attributes, mapper
 * config), auth notes and query parameters: null-safe, an unset or unusable setting falls back to
 * its default, and the admin console gets a sentence for each unusable one.
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /** {@code value} as a whole number, exactly as written (no blanks around it); empty when it is not one. */
    public static OptionalLong wholeNumber(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code value} as an {@code int}, exactly as written; empty when it is not a whole number or does not fit. */
    public static OptionalInt intNumber(String value) {
        OptionalLong parsed = wholeNumber(value);
        return parsed.isPresent() && fits(parsed.getAsLong(), Integer.MIN_VALUE, Integer.MAX_VALUE)
                ? OptionalInt.of((int) parsed.getAsLong()) : OptionalInt.empty();
    }

    /** {@code value} (trimmed) as a whole number in {@code [min, max]}, else {@code fallback}. */
    public static long longIn(String value, long min, long max, long fallback) {
        OptionalLong parsed = trimmed(value, Long.MIN_VALUE, Long.MAX_VALUE);
        return parsed.isPresent() && fits(parsed.getAsLong(), min, max) ? parsed.getAsLong() : fallback;
    }

    /** {@code value} as an int in {@code [min, max]}, else {@code fallback}. */
    public static int intIn(String value, int min, int max, int fallback) {
        return (int) longIn(value, min, max, fallback);
    }

    /** {@code value} as a whole number; {@code fallback} when unset or not a number. */
    public static int intOr(String value, int fallback) {
        return intIn(value, Integer.MIN_VALUE, Integer.MAX_VALUE, fallback);
    }

    /** {@code value} as a whole number; {@code fallback} when unset or not a number. */
    public static long longOr(String value, long fallback) {
        return longIn(value, Long.MIN_VALUE, Long.MAX_VALUE, fallback);
    }

    /** Adds a problem when a set {@code value} is not a whole number in {@code [min, max]} ({@code unit} e.g. "seconds"). */
    public static void checkInt(String value, int min, int max, String label, String unit, List<String> problems) {
        check(value, Integer.MIN_VALUE, Integer.MAX_VALUE, min, max, label, unit, problems);
    }

    /** As {@link #checkInt}, for settings that may exceed an {@code int}. */
    public static void checkLong(String value, long min, long max, String label, String unit, List<String> problems) {
        check(value, Long.MIN_VALUE, Long.MAX_VALUE, min, max, label, unit, problems);
    }

    /** {@code "true"} (any case, trimmed) is true; anything else, null included, is false. */
    public static boolean isTrue(String value) {
        return value != null && "true".equalsIgnoreCase(value.trim());
    }

    private static void check(String value, long typeMin, long typeMax, long min, long max,
                              String label, String unit, List<String> problems) {
        if (value == null || value.isBlank()) {
            return;
        }
        OptionalLong parsed = trimmed(value, typeMin, typeMax);
        if (parsed.isEmpty()) {
            problems.add(label + " must be a whole number of " + unit);
        } else if (!fits(parsed.getAsLong(), min, max)) {
            problems.add(label + " must be between " + min + " and " + max + " " + unit);
        }
    }

    /** The trimmed value as a whole number within the type's range {@code [typeMin, typeMax]}. */
    private static OptionalLong trimmed(String value, long typeMin, long typeMax) {
        OptionalLong parsed = value == null ? OptionalLong.empty() : wholeNumber(value.trim());
        return parsed.isPresent() && fits(parsed.getAsLong(), typeMin, typeMax) ? parsed : OptionalLong.empty();
    }

    private static boolean fits(long value, long min, long max) {
        return value >= min && value <= max;
    }
}
