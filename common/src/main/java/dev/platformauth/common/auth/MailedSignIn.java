package dev.platformauth.common.auth;

import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The account checks every emailed sign-in secret (exchange code, magic link, email OTP) makes when it
 * is redeemed, and what a redemption proves.
 */
public final class MailedSignIn {

    private MailedSignIn() {
    }

    /**
     * Why {@code user} may not sign in now, as a constant of Keycloak's {@link Errors}: gone, disabled or
     * locked by the brute-force detector; null when they may.
     */
    public static String refusal(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user == null) {
            return Errors.USER_NOT_FOUND;
        }
        if (!user.isEnabled()) {
            return Errors.USER_DISABLED;
        }
        if (BruteForce.isLockedOut(session, realm, user)) {
            return Errors.USER_TEMPORARILY_DISABLED;
        }
        return null;
    }

    /** The secret reached the mailbox: that verifies the address. */
    public static void addressVerified(UserModel user) {
        if (!user.isEmailVerified()) {
            user.setEmailVerified(true);
            user.removeRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
        }
    }
}
