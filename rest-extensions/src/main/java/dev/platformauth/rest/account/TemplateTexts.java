package dev.platformauth.rest.account;

/**
 * The English texts the FastAPI full-stack template answers for the cases it shares with this API, so
 * that its clients, which show {@code detail}, show the same sentence (docs/account-api.md lists them).
 */
public final class TemplateTexts {

    static final String INCORRECT_CREDENTIALS = "Incorrect email or password";
    static final String INACTIVE_USER = "Inactive user";
    static final String EMAIL_REGISTERED = "The user with this email already exists in the system";
    static final String EMAIL_TAKEN = "User with this email already exists";
    static final String INCORRECT_PASSWORD = "Incorrect password";
    static final String SAME_PASSWORD = "New password cannot be the same as the current one";
    public static final String PASSWORD_UPDATED = "Password updated successfully";
    static final String NOT_ENOUGH_PRIVILEGES = "The user doesn't have enough privileges";
    static final String USER_NOT_FOUND = "User not found";
    static final String NO_USER_WITH_ID = "The user with this id does not exist in the system";
    static final String NO_SELF_DELETE = "Super users are not allowed to delete themselves";
    static final String USER_DELETED = "User deleted successfully";
    public static final String RECOVERY_SENT = "If that email is registered, we sent a password recovery link";
    public static final String INVALID_TOKEN = "Invalid token";
    static final String REGISTRATION_CLOSED = "Open user registration is forbidden on this server";

    private TemplateTexts() {
    }
}
