package dev.platformauth.common.account;

import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.BruteForce;
import dev.platformauth.common.text.EnglishMessages;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;

/**
 * The one place that checks and sets passwords for the REST endpoints: the realm's password policy
 * (400 {@code invalid_password} with the policy's own English message), verification of a current
 * password with failures counted by Keycloak's brute-force detector, and setting the credential.
 * No method logs or echoes a password.
 */
public final class Passwords {

    /** The longest password the endpoints accept. */
    public static final int MAX_LENGTH = 256;

    private Passwords() {
    }

    /** 400 unless {@code password} satisfies the realm's policy for the account {@code username} (not yet created). */
    public static void requireAcceptable(KeycloakSession session, String username, String password) {
        requireLength(password);
        PolicyError error = session.getProvider(PasswordPolicyManagerProvider.class).validate(username, password);
        refuse(session, error);
    }

    /** 400 unless {@code password} satisfies the realm's policy for {@code user} (history included). */
    public static void requireAcceptable(KeycloakSession session, RealmModel realm, UserModel user, String password) {
        refuse(session, policyError(session, realm, user, password));
    }

    /**
     * The realm policy's objection to {@code password} for {@code user} (history included, and our length
     * cap), or null when it is acceptable: for pages that show the message in the user's language.
     */
    public static PolicyError policyError(KeycloakSession session, RealmModel realm, UserModel user, String password) {
        if (password.length() > MAX_LENGTH) {
            return new PolicyError("invalidPasswordMaxLengthMessage", MAX_LENGTH);
        }
        return session.getProvider(PasswordPolicyManagerProvider.class).validate(realm, user, password);
    }

    /** Sets {@code password} as the user's password (the caller has checked the policy). */
    public static void set(KeycloakSession session, UserModel user, String password, boolean temporary) {
        try {
            user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        } catch (ModelException e) {
            // the policy may still refuse here (e.g. a provider-side rule): the message names the rule, never the value
            throw JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_PASSWORD,
                    EnglishMessages.format(session, e.getMessage(), e.getParameters()));
        }
        if (temporary) {
            user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        } else {
            user.removeRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        }
    }

    /**
     * Whether {@code password} is the user's current password. A locked-out account (brute force)
     * answers false whatever the password; every answer is reported to the detector.
     */
    public static boolean verifyCurrent(KeycloakSession session, RealmModel realm, UserModel user, String password) {
        if (BruteForce.isLockedOut(session, realm, user)) {
            return false;
        }
        boolean valid = matches(user, password);
        BruteForce.record(session, realm, user, BruteForce.PASSWORD, valid);
        return valid;
    }

    /** Whether {@code password} is the user's current password; reports nothing to the brute-force detector. */
    public static boolean matches(UserModel user, String password) {
        return password != null && password.length() <= MAX_LENGTH
                && user.credentialManager().isValid(UserCredentialModel.password(password));
    }

    private static void requireLength(String password) {
        if (password.length() > MAX_LENGTH) {
            throw JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_PASSWORD,
                    "The password is longer than " + MAX_LENGTH + " characters");
        }
    }

    private static void refuse(KeycloakSession session, PolicyError error) {
        if (error != null) {
            throw JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_PASSWORD,
                    EnglishMessages.format(session, error.getMessage(), error.getParameters()));
        }
    }
}
