package dev.platformauth.common.emailotp;

import dev.platformauth.common.config.ConfigValues;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Email-OTP settings, read null-safely from the {@code platform-auth-email-otp} authenticator config
 * or from the client attributes of {@code auth-service} (the same keys); an unset or unusable value
 * falls back to its default.
 *
 * @param lifetimeSeconds       how long a code can be entered (default 600, at most 600)
 * @param length                digits per code (default 6, 6 to 10)
 * @param maxAttempts           wrong entries one code survives (default 5, 1 to 20)
 * @param resendIntervalSeconds the least time between two codes mailed to one address (default 60)
 * @param maxAccountAttempts    entries one account may make per window, whatever the code, a sign-in
 *                              included (default 20, 1 to 1000)
 * @param accountAttemptWindowSeconds the length of that window (default 3600, 60 to 86400)
 */
public record EmailOtpSettings(int lifetimeSeconds, int length, int maxAttempts, int resendIntervalSeconds,
                               int maxAccountAttempts, int accountAttemptWindowSeconds) {

    public static final String LIFETIME = "platform-auth.email-otp.lifetime";
    public static final String LENGTH = "platform-auth.email-otp.length";
    public static final String MAX_ATTEMPTS = "platform-auth.email-otp.max-attempts";
    public static final String RESEND_INTERVAL = "platform-auth.email-otp.resend-interval";
    public static final String MAX_ACCOUNT_ATTEMPTS = "platform-auth.email-otp.max-account-attempts";
    public static final String ACCOUNT_ATTEMPT_WINDOW = "platform-auth.email-otp.account-attempt-window";

    public static final int DEFAULT_LIFETIME = 600;
    public static final int MAX_LIFETIME = 600;
    public static final int DEFAULT_LENGTH = 6;
    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 10;
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final int MAX_MAX_ATTEMPTS = 20;
    public static final int DEFAULT_RESEND_INTERVAL = 60;
    public static final int MAX_RESEND_INTERVAL = 3600;
    public static final int DEFAULT_MAX_ACCOUNT_ATTEMPTS = 20;
    public static final int MAX_MAX_ACCOUNT_ATTEMPTS = 1000;
    public static final int DEFAULT_ACCOUNT_ATTEMPT_WINDOW = 3600;
    public static final int MIN_ACCOUNT_ATTEMPT_WINDOW = 60;
    public static final int MAX_ACCOUNT_ATTEMPT_WINDOW = 86400;

    static final EmailOtpSettings DEFAULTS = new EmailOtpSettings(DEFAULT_LIFETIME, DEFAULT_LENGTH,
            DEFAULT_MAX_ATTEMPTS, DEFAULT_RESEND_INTERVAL, DEFAULT_MAX_ACCOUNT_ATTEMPTS, DEFAULT_ACCOUNT_ATTEMPT_WINDOW);

    /** From an authenticator config map or the client's attributes. */
    public static EmailOtpSettings from(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        return new EmailOtpSettings(
                ConfigValues.intIn(c.get(LIFETIME), 1, MAX_LIFETIME, DEFAULT_LIFETIME),
                ConfigValues.intIn(c.get(LENGTH), MIN_LENGTH, MAX_LENGTH, DEFAULT_LENGTH),
                ConfigValues.intIn(c.get(MAX_ATTEMPTS), 1, MAX_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS),
                ConfigValues.intIn(c.get(RESEND_INTERVAL), 0, MAX_RESEND_INTERVAL, DEFAULT_RESEND_INTERVAL),
                ConfigValues.intIn(c.get(MAX_ACCOUNT_ATTEMPTS), 1, MAX_MAX_ACCOUNT_ATTEMPTS, DEFAULT_MAX_ACCOUNT_ATTEMPTS),
                ConfigValues.intIn(c.get(ACCOUNT_ATTEMPT_WINDOW), MIN_ACCOUNT_ATTEMPT_WINDOW, MAX_ACCOUNT_ATTEMPT_WINDOW,
                        DEFAULT_ACCOUNT_ATTEMPT_WINDOW));
    }

    /** What is wrong with an authenticator config, for the admin console; empty when valid. */
    static List<String> problems(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        List<String> problems = new ArrayList<>();
        ConfigValues.checkInt(c.get(LIFETIME), 1, MAX_LIFETIME, "Code lifetime", "seconds", problems);
        ConfigValues.checkInt(c.get(LENGTH), MIN_LENGTH, MAX_LENGTH, "Code length", "digits", problems);
        ConfigValues.checkInt(c.get(MAX_ATTEMPTS), 1, MAX_MAX_ATTEMPTS, "Attempts per code", "attempts", problems);
        ConfigValues.checkInt(c.get(RESEND_INTERVAL), 0, MAX_RESEND_INTERVAL, "Resend interval", "seconds", problems);
        ConfigValues.checkInt(c.get(MAX_ACCOUNT_ATTEMPTS), 1, MAX_MAX_ACCOUNT_ATTEMPTS, "Attempts per account",
                "attempts", problems);
        ConfigValues.checkInt(c.get(ACCOUNT_ATTEMPT_WINDOW), MIN_ACCOUNT_ATTEMPT_WINDOW, MAX_ACCOUNT_ATTEMPT_WINDOW,
                "Account attempt window", "seconds", problems);
        return problems;
    }
}
