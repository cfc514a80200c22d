package dev.platformauth.rest.recovery;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.ConfigValues;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Password-reset and username-reminder settings, read null-safely from the client attributes of the
 * realm's {@code sentinel} client (and, for the reset links it mails, the {@code auth-service} client);
 * an unset or unusable value falls back to its default.
 *
 * @param resetUrl                the page the reset link opens (absolute http(s) URL), empty for our own page
 * @param resetLifetimeSeconds    how long a reset token works (default and maximum 900)
 * @param resetResendInterval     the least time between two reset mails to one address (default 60)
 * @param usernameResendInterval  the least time between two username reminders to one address (default 60)
 */
public record RecoverySettings(Optional<URI> resetUrl, int resetLifetimeSeconds, int resetResendInterval,
                        int usernameResendInterval) {

    public static final String RESET_URL = PlatformAuth.PREFIX + ".password-reset.url";
    public static final String RESET_LIFETIME = PlatformAuth.PREFIX + ".password-reset.lifetime";
    public static final String RESET_RESEND_INTERVAL = PlatformAuth.PREFIX + ".password-reset.resend-interval";
    public static final String USERNAME_RESEND_INTERVAL = PlatformAuth.PREFIX + ".username-reminder.resend-interval";

    public static final int DEFAULT_LIFETIME = 900;
    public static final int MAX_LIFETIME = 900;
    public static final int DEFAULT_RESEND_INTERVAL = 60;
    public static final int MAX_RESEND_INTERVAL = 3600;

    private static final Logger LOG = Logger.getLogger(RecoverySettings.class);

    static RecoverySettings fromClientAttributes(Map<String, String> attributes) {
        Map<String, String> a = attributes == null ? Map.of() : attributes;
        return new RecoverySettings(
                url(a.get(RESET_URL)),
                ConfigValues.intIn(a.get(RESET_LIFETIME), 1, MAX_LIFETIME, DEFAULT_LIFETIME),
                ConfigValues.intIn(a.get(RESET_RESEND_INTERVAL), 0, MAX_RESEND_INTERVAL, DEFAULT_RESEND_INTERVAL),
                ConfigValues.intIn(a.get(USERNAME_RESEND_INTERVAL), 0, MAX_RESEND_INTERVAL, DEFAULT_RESEND_INTERVAL));
    }

    /** The lifetime in whole minutes, rounded up, as the mail states it. */
    int resetLifetimeMinutes() {
        return Math.max(1, (resetLifetimeSeconds + 59) / 60);
    }

    private static Optional<URI> url(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() != null && (scheme.equals("https") || scheme.equals("http")) && uri.getFragment() == null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // falls through to the warning
        }
        LOG.warnf("Client attribute %s is not an absolute http(s) URL without a fragment; using the built-in page", RESET_URL);
        return Optional.empty();
    }
}
