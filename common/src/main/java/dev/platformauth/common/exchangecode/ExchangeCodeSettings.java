package dev.platformauth.common.exchangecode;

import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.secret.CodeFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exchange-code settings, read null-safely from a config map (authenticator config or client
 * attributes); an unset or unusable value falls back to its default.
 *
 * @param lifetimeSeconds       how long a code can be redeemed (default 600)
 * @param resendIntervalSeconds the least time between two mails to one address (default 60)
 * @param format                how codes are written (default {@link CodeFormat#GROUPED})
 */
public record ExchangeCodeSettings(int lifetimeSeconds, int resendIntervalSeconds, CodeFormat format) {

    public static final String LIFETIME = "platform-auth.code.lifetime";
    public static final String RESEND_INTERVAL = "platform-auth.code.resend-interval";
    public static final String FORMAT = "platform-auth.code.format";

    /** The same settings as client attributes of the {@code auth-service} client (API and grant). */
    public static final String CLIENT_LIFETIME = "platform-auth.exchange-code.lifetime";
    public static final String CLIENT_RESEND_INTERVAL = "platform-auth.exchange-code.resend-interval";
    public static final String CLIENT_FORMAT = "platform-auth.exchange-code.format";

    public static final int DEFAULT_LIFETIME = 600;
    public static final int MAX_LIFETIME = 600;
    public static final int DEFAULT_RESEND_INTERVAL = 60;
    public static final int MAX_RESEND_INTERVAL = 3600;

    static final ExchangeCodeSettings DEFAULTS =
            new ExchangeCodeSettings(DEFAULT_LIFETIME, DEFAULT_RESEND_INTERVAL, CodeFormat.GROUPED);

    /** From an authenticator config map. */
    public static ExchangeCodeSettings fromConfig(Map<String, String> config) {
        return from(config, LIFETIME, RESEND_INTERVAL, FORMAT);
    }

    /** From the client attributes of the {@code auth-service} client. */
    public static ExchangeCodeSettings fromClientAttributes(Map<String, String> attributes) {
        return from(attributes, CLIENT_LIFETIME, CLIENT_RESEND_INTERVAL, CLIENT_FORMAT);
    }

    private static ExchangeCodeSettings from(Map<String, String> config, String lifetimeKey, String resendKey,
                                             String formatKey) {
        Map<String, String> c = config == null ? Map.of() : config;
        return new ExchangeCodeSettings(
                ConfigValues.intIn(c.get(lifetimeKey), 1, MAX_LIFETIME, DEFAULT_LIFETIME),
                ConfigValues.intIn(c.get(resendKey), 0, MAX_RESEND_INTERVAL, DEFAULT_RESEND_INTERVAL),
                CodeFormat.fromConfig(c.get(formatKey)).orElse(CodeFormat.GROUPED));
    }

    /** What is wrong with an authenticator config, for the admin console; empty when valid. */
    static List<String> problems(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        List<String> problems = new ArrayList<>();
        ConfigValues.checkInt(c.get(LIFETIME), 1, MAX_LIFETIME, "Code lifetime", "seconds", problems);
        ConfigValues.checkInt(c.get(RESEND_INTERVAL), 0, MAX_RESEND_INTERVAL, "Resend interval", "seconds", problems);
        String format = c.get(FORMAT);
        if (format != null && !format.isBlank() && CodeFormat.fromConfig(format).isEmpty()) {
            problems.add("Code format must be 'grouped' or 'hex'");
        }
        return problems;
    }
}
