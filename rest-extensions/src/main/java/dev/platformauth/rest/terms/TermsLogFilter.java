package dev.platformauth.rest.terms;

import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.error.JsonErrors;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parsing of the admin query parameters: times and paging, 400 JSON on bad input. */
final class TermsLogFilter {

    static final int DEFAULT_MAX = 100;
    static final int MAX_PAGE = 1000;
    static final int MAX_EXPORT = 10_000;

    private TermsLogFilter() {
    }

    /**
     * An instant given as ISO-8601 date-time with offset ({@code 2025-01-31T12:00:00Z}), a date
     * ({@code 2025-01-31}, midnight UTC) or epoch milliseconds; null when blank.
     */
    static Long time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            if (v.chars().allMatch(Character::isDigit) && v.length() <= 15) {
                return ConfigValues.wholeNumber(v).getAsLong();
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return OffsetDateTime.parse(v).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            // ArithmeticException: a date-time too far from 1970 for epoch milliseconds
            throw JsonErrors.badRequest("Query parameter '" + name + "' must be an ISO-8601 date-time, a date or epoch milliseconds");
        }
    }

    /** A non-negative integer parameter; {@code fallback} when absent, capped at {@code cap}. */
    static int number(String name, String value, int fallback, int cap) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int n = ConfigValues.intNumber(value.trim())
                .orElseThrow(() -> JsonErrors.badRequest("Query parameter '" + name + "' must be a number"));
        if (n < 0) {
            throw JsonErrors.badRequest("Query parameter '" + name + "' must not be negative");
        }
        return Math.min(n, cap);
    }

    static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
