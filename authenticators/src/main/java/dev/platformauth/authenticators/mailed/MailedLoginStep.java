package dev.platformauth.authenticators.mailed;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.utils.EmailValidationUtil;

/**
 * A login step that mails the user a secret: usable without an identified user (it asks for the
 * address), configured for every user with an address, nothing to set up, nothing to release.
 */
public abstract class MailedLoginStep implements Authenticator {

    /** The longest address accepted. */
    public static final int MAX_EMAIL_LENGTH = 254;

    /** The entered address, trimmed, when it is one; null otherwise. */
    public static String validEmail(String entered) {
        if (entered == null || entered.isBlank() || entered.length() > MAX_EMAIL_LENGTH) {
            return null;
        }
        String trimmed = entered.trim();
        return EmailValidationUtil.isValidEmail(trimmed) ? trimmed : null;
    }

    @Override
    public final boolean requiresUser() {
        return false;
    }

    @Override
    public final boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return user.getEmail() != null && !user.getEmail().isBlank();
    }

    @Override
    public final void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public final void close() {
    }
}
