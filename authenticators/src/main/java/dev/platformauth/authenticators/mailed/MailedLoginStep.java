package dev.platformauth.authenticators.mailed;

import dev.platformauth.common.mail.SendLimits;
import org.keycloak.authentication.Authenticator;
import org.keycloak.forms.login.LoginFormsProvider;
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
    static final int MAX_EMAIL_LENGTH = 254;

    /** Nothing was sent: the client IP or the node's mail queue is over its limit; {0}: seconds. */
    static final String MSG_SEND_LIMITED = "platformAuthSendLimited";

    /**
     * The page tells the truth when a send limit refused: {@code notSentKey} (params: the masked address,
     * the seconds until another can be sent) when the address had one moments ago through the login
     * pages (said for every address alike: the limit is taken before any lookup), otherwise
     * {@link #MSG_SEND_LIMITED}.
     */
    protected static LoginFormsProvider notSent(LoginFormsProvider form, SendLimits.Refused refused, String notSentKey,
                                             String maskedEmail) {
        String seconds = Long.toString(refused.retryAfterSeconds());
        return refused.limit() == SendLimits.Limit.ADDRESS
                ? form.setError(notSentKey, maskedEmail, seconds)
                : form.setError(MSG_SEND_LIMITED, seconds);
    }

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
