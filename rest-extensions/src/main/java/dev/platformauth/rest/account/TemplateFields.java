package dev.platformauth.rest.account;

import dev.platformauth.common.account.Passwords;
import dev.platformauth.rest.http.JsonRequest;

import java.util.Optional;

/**
 * The field constraints of the FastAPI template's user models, where this API applies them on top of
 * the realm's rules (docs/account-api.md, "Field constraints"): a new password has at least
 * {@value #PASSWORD_MIN_LENGTH} characters (the template's minimum; the realm's password policy then
 * judges it) and at most {@link Passwords#MAX_LENGTH} (longer than the template's 40, so passphrases
 * fit); an email address and a full name at most 255. A current password is only length-capped: an
 * account whose password predates the minimum must still be able to change it.
 */
public final class TemplateFields {

    public static final int PASSWORD_MIN_LENGTH = 8;

    private final JsonRequest request;

    public TemplateFields(JsonRequest request) {
        this.request = request;
    }

    String email() {
        return request.requiredEmail("email");
    }

    Optional<String> optionalEmail() {
        return request.optionalEmail("email");
    }

    /** A new password in {@code field}: 8 to {@link Passwords#MAX_LENGTH} characters. */
    public String newPassword(String field) {
        return request.requiredString(field, PASSWORD_MIN_LENGTH, Passwords.MAX_LENGTH);
    }

    /** An optional new password in {@code field}, with the same constraints when present. */
    Optional<String> optionalNewPassword(String field) {
        return present(field) ? Optional.of(newPassword(field)) : Optional.empty();
    }

    String currentPassword() {
        return request.requiredString("current_password", Passwords.MAX_LENGTH);
    }

    /** Whether the body names {@code full_name} at all (null clears the name). */
    boolean fullNameGiven() {
        return request.body().has("full_name");
    }

    /** The {@code full_name}, up to {@value FullName#MAX_LENGTH} characters; empty when absent, null or blank. */
    Optional<String> fullName() {
        return request.optionalString("full_name", FullName.MAX_LENGTH);
    }

    Optional<Boolean> flag(String field) {
        return request.optionalBoolean(field);
    }

    private boolean present(String field) {
        return request.body().hasNonNull(field);
    }
}
