package dev.platformauth.common.text;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.Theme;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

/**
 * Renders a Keycloak message key (a password-policy or user-profile error) as the English text of
 * the realm's login theme, so API clients get the same sentence the login pages show.
 */
public final class EnglishMessages {

    private static final Logger LOG = Logger.getLogger(EnglishMessages.class);

    private EnglishMessages() {
    }

    /** The English text of {@code key} with its parameters; the key itself when no theme defines it. */
    public static String format(KeycloakSession session, String key, Object... parameters) {
        String pattern = pattern(session, key);
        if (pattern == null) {
            return key;
        }
        try {
            return new MessageFormat(pattern.replace("'", "''"), Locale.ENGLISH).format(parameters == null ? new Object[0] : parameters);
        } catch (IllegalArgumentException e) {
            return pattern;
        }
    }

    private static String pattern(KeycloakSession session, String key) {
        try {
            Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
            Properties messages = session.getContext().getRealm() == null
                    ? theme.getMessages(Locale.ENGLISH)
                    : theme.getEnhancedMessages(session.getContext().getRealm(), Locale.ENGLISH);
            return messages.getProperty(key);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("No login theme messages for key %s: %s", key, e.getMessage());
            return null;
        }
    }
}
