package dev.platformauth.rest.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.common.error.JsonErrors;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated {@code expiry} and {@code flags} of a create or PATCH body. A field that is absent is
 * left unchanged; {@code "expiry": null} means "never expires", {@code "flags": null} no flags.
 * Expiry is an ISO-8601 date-time with an offset ({@code 2027-01-31T12:00:00Z}) in the future;
 * flags are at most {@value #MAX_FLAGS} distinct strings of 1 to {@value #MAX_FLAG_LENGTH} characters
 * from {@code A-Z a-z 0-9 . _ : -}. Any other field is a 400.
 */
record EntityTokenInput(boolean expirySet, Long expiresAt, boolean flagsSet, List<String> flags) {

    static final String EXPIRY = "expiry";
    static final String FLAGS = "flags";
    static final int MAX_FLAGS = 32;
    static final int MAX_FLAG_LENGTH = 64;
    private static final Pattern FLAG = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_FLAG_LENGTH + "}");
    private static final Set<String> FIELDS = Set.of(EXPIRY, FLAGS);

    static final EntityTokenInput NONE = new EntityTokenInput(false, null, false, List.of());

    boolean isEmpty() {
        return !expirySet && !flagsSet;
    }

    /** Validates {@code body} (a JSON object) against {@code now}; 400 JSON errors for anything wrong. */
    static EntityTokenInput parse(JsonNode body, Instant now) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw JsonErrors.badRequest("Unknown field '" + shorten(name) + "'; allowed: expiry, flags");
            }
        }
        boolean expirySet = body.has(EXPIRY);
        Long expiresAt = expirySet ? expiry(body.get(EXPIRY), now) : null;
        boolean flagsSet = body.has(FLAGS);
        List<String> flags = flagsSet ? flags(body.get(FLAGS)) : List.of();
        return new EntityTokenInput(expirySet, expiresAt, flagsSet, flags);
    }

    /** The last expiry accepted: the end of the year 9999 (UTC). */
    static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private static Long expiry(JsonNode value, Instant now) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > 64) {
            throw JsonErrors.badRequest("Field 'expiry' must be an ISO-8601 date-time such as 2030-01-31T12:00:00Z");
        }
        Instant expiry;
        try {
            expiry = OffsetDateTime.parse(value.asText().trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw JsonErrors.badRequest("Field 'expiry' must be an ISO-8601 date-time with an offset, such as 2030-01-31T12:00:00Z");
        }
        if (!expiry.isAfter(now)) {
            throw JsonErrors.badRequest("Field 'expiry' must be in the future");
        }
        if (expiry.isAfter(LATEST_EXPIRY)) {
            // far enough for any credential, and every later instant still fits epoch milliseconds
            throw JsonErrors.badRequest("Field 'expiry' must be before the year 10000");
        }
        return expiry.toEpochMilli();
    }

    private static List<String> flags(JsonNode value) {
        if (value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw JsonErrors.badRequest("Field 'flags' must be an array of strings");
        }
        if (value.size() > MAX_FLAGS) {
            throw JsonErrors.badRequest("Field 'flags' has more than " + MAX_FLAGS + " entries");
        }
        Set<String> flags = new LinkedHashSet<>();
        for (JsonNode flag : value) {
            if (!flag.isTextual() || !FLAG.matcher(flag.asText()).matches()) {
                throw JsonErrors.badRequest("Each flag must be a string of 1 to " + MAX_FLAG_LENGTH
                        + " characters from A-Z a-z 0-9 . _ : -");
            }
            flags.add(flag.asText());
        }
        return List.copyOf(new ArrayList<>(flags));
    }

    private static String shorten(String name) {
        String printable = name.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
