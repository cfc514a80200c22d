package dev.platformauth.common.mail;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.ConfigValues;

import java.util.Map;

/**
 * The per-client-IP send limit, read null-safely from the attributes of the acting client
 * ({@code auth-service}, {@code sentinel}, or the client of a login page); an unset or unusable value
 * falls back to its default.
 *
 * @param perClientIp   mail requests one client IP may make in a realm per window, all routes together
 *                      (default {@value #DEFAULT_PER_CLIENT_IP}; 0 switches the limit off)
 * @param windowSeconds the length of the counting window (default {@value #DEFAULT_WINDOW})
 */
public record SendLimitSettings(int perClientIp, int windowSeconds) {

    public static final String PER_CLIENT_IP = PlatformAuth.PREFIX + ".send-limit.per-ip";
    public static final String WINDOW = PlatformAuth.PREFIX + ".send-limit.window";

    public static final int DEFAULT_PER_CLIENT_IP = 60;
    public static final int MAX_PER_CLIENT_IP = 10_000;
    public static final int DEFAULT_WINDOW = 60;
    public static final int MAX_WINDOW = 86_400;

    /** From the acting client's attributes. */
    static SendLimitSettings from(Map<String, String> attributes) {
        Map<String, String> a = attributes == null ? Map.of() : attributes;
        return new SendLimitSettings(
                ConfigValues.intIn(a.get(PER_CLIENT_IP), 0, MAX_PER_CLIENT_IP, DEFAULT_PER_CLIENT_IP),
                ConfigValues.intIn(a.get(WINDOW), 1, MAX_WINDOW, DEFAULT_WINDOW));
    }
}
