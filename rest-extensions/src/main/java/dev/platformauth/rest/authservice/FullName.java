package dev.platformauth.rest.authservice;

/**
 * The {@code full_name} of seeds 000/001 on Keycloak's {@code firstName}/{@code lastName}: the last
 * word is the last name, everything before it the first name; a one-word name is a first name only.
 * Reading joins the two with one space.
 */
record FullName(String firstName, String lastName) {

    static final int MAX_LENGTH = 255;

    static FullName parse(String fullName) {
        if (fullName == null || fullName.isBlank()) {
            return new FullName(null, null);
        }
        String normalized = fullName.trim().replaceAll("\\s+", " ");
        int lastSpace = normalized.lastIndexOf(' ');
        if (lastSpace < 0) {
            return new FullName(normalized, null);
        }
        return new FullName(normalized.substring(0, lastSpace), normalized.substring(lastSpace + 1));
    }

    /** {@code "first last"}, or whichever part is set, or null when neither is. */
    static String join(String firstName, String lastName) {
        String joined = ((firstName == null ? "" : firstName.trim()) + " " + (lastName == null ? "" : lastName.trim())).trim();
        return joined.isEmpty() ? null : joined;
    }
}
