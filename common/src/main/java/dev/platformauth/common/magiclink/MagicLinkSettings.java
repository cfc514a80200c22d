package dev.platformauth.common.magiclink;

import dev.platformauth.common.config.ConfigValues;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Magic-link settings, read null-safely from the {@code platform-auth-magic-link} authenticator
 * config or from the client attributes of {@code auth-service} (the same keys); an unset or unusable
 * value falls back to its default.
 *
 * @param lifetimeSeconds       how long a link works (default 600, at most 600)
 * @param resendIntervalSeconds the least time between two links mailed to one address (default 60)
 * @param otherBrowser          login pages only: whether the link may finish the sign-in in another
 *                              browser than the one that asked (default false)
 */
public record MagicLinkSettings(int lifetimeSeconds, int resendIntervalSeconds, boolean otherBrowser) {

    public static final String LIFETIME = "platform-auth.magic-link.lifetime";
    public static final String RESEND_INTERVAL = "platform-auth.magic-link.resend-interval";
    public static final String OTHER_BROWSER = "platform-auth.magic-link.other-browser";
    /**
     * API only, a client attribute of {@code auth-service}: {@code "true"} refuses link requests without a
     * PKCE {@code code_challenge} (default off: the binding is optional).
     */
    public static final String REQUIRE_PKCE = "platform-auth.magic-link.require-pkce";

    public static final int DEFAULT_LIFETIME = 600;
    public static final int MAX_LIFETIME = 600;
    public static final int DEFAULT_RESEND_INTERVAL = 60;
    public static final int MAX_RESEND_INTERVAL = 3600;

    static final MagicLinkSettings DEFAULTS = new MagicLinkSettings(DEFAULT_LIFETIME, DEFAULT_RESEND_INTERVAL, false);

    /** From an authenticator config map or the client's attributes. */
    public static MagicLinkSettings from(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        return new MagicLinkSettings(
                ConfigValues.intIn(c.get(LIFETIME), 1, MAX_LIFETIME, DEFAULT_LIFETIME),
                ConfigValues.intIn(c.get(RESEND_INTERVAL), 0, MAX_RESEND_INTERVAL, DEFAULT_RESEND_INTERVAL),
                ConfigValues.isTrue(c.get(OTHER_BROWSER)));
    }

    /** What is wrong with an authenticator config, for the admin console; empty when valid. */
    static List<String> problems(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        List<String> problems = new ArrayList<>();
        ConfigValues.checkInt(c.get(LIFETIME), 1, MAX_LIFETIME, "Link lifetime", "seconds", problems);
        ConfigValues.checkInt(c.get(RESEND_INTERVAL), 0, MAX_RESEND_INTERVAL, "Resend interval", "seconds", problems);
        return problems;
    }
}
