package dev.platformauth.rest.account;

/**
 * The {@code full_name} of the API on Keycloak's {@code firstName}/{@code lastName}: the last word is
 * the last name, everything before it the first name; a one-word name is a first name only. When the
 * realm's user profile demands a part the name has nothing for ({@link #filled}), that part repeats the
 * other one ({@code "Cher"} is stored as Cher / Cher), or is {@value #PLACEHOLDER} when the name is
 * empty; the API's own full name is kept beside the parts so that it reads back exactly ({@link #read}).
 */
record FullName(String firstName, String lastName) {

    static final int MAX_LENGTH = 255;

    /** What a demanded name part holds when the full name is empty. */
    static final String PLACEHOLDER = "-";

    static FullName parse(String fullName) {
        String normalized = normalize(fullName);
        if (normalized == null) {
            return new FullName(null, null);
        }
        int lastSpace = normalized.lastIndexOf(' ');
        if (lastSpace < 0) {
            return new FullName(normalized, null);
        }
        return new FullName(normalized.substring(0, lastSpace), normalized.substring(lastSpace + 1));
    }

    /** The name trimmed, runs of white space made one space; null when nothing is left. */
    static String normalize(String fullName) {
        if (fullName == null || fullName.isBlank()) {
            return null;
        }
        return fullName.trim().replaceAll("\\s+", " ");
    }

    /** {@code "first last"}, or whichever part is set, or null when neither is. */
    static String join(String firstName, String lastName) {
        String joined = ((firstName == null ? "" : firstName.trim()) + " " + (lastName == null ? "" : lastName.trim())).trim();
        return joined.isEmpty() ? null : joined;
    }

    /** These parts with the demanded ones that are missing filled: from the other part, else {@value #PLACEHOLDER}. */
    FullName filled(boolean firstRequired, boolean lastRequired) {
        return new FullName(firstRequired ? orFill(firstName, lastName) : firstName,
                lastRequired ? orFill(lastName, firstName) : lastName);
    }

    /**
     * The full name of stored parts: {@code kept} (the full name the API stored last) while the parts
     * are still what it was stored as, else the parts joined ({@link #PLACEHOLDER}s left out).
     */
    static String read(String storedFirst, String storedLast, String kept) {
        FullName split = parse(kept);
        if (split.firstName() != null && storedAs(split.firstName(), split.lastName(), storedFirst)
                && storedAs(split.lastName(), split.firstName(), storedLast)) {
            return normalize(kept);
        }
        return join(PLACEHOLDER.equals(storedFirst) ? null : storedFirst, PLACEHOLDER.equals(storedLast) ? null : storedLast);
    }

    /** Whether {@code stored} is {@code part} as {@link #filled} may have stored it. */
    private static boolean storedAs(String part, String other, String stored) {
        return part == null ? stored == null || stored.equals(orFill(null, other)) : part.equals(stored);
    }

    private static String orFill(String part, String other) {
        return part != null ? part : other != null ? other : PLACEHOLDER;
    }
}
