package dev.platformauth.common.auth;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

import java.util.Set;

/**
 * The one place our endpoints talk to Keycloak's brute-force detector. Keycloak 26.7.0 counts only
 * the categories {@code password}, {@code otp} and {@code recovery-authn-codes} (and a null set);
 * it records failures asynchronously in its own transaction.
 */
public final class BruteForce {

    /** The category of a password check. */
    public static final Set<String> PASSWORD = Set.of(CredentialModel.PASSWORD);

    /**
     * The category of a one-time code (emailed OTPs): counted like a password failure and, in
     * addition, against the realm's "max secondary auth failures"; a success clears both counters.
     */
    public static final Set<String> OTP = Set.of(CredentialModel.OTP);

    private BruteForce() {
    }

    /** Whether the realm's detector has locked the account (temporarily or for good). */
    public static boolean isLockedOut(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!realm.isBruteForceProtected()) {
            return false;
        }
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        return protector.isTemporarilyDisabled(session, realm, user) || protector.isPermanentlyLockedOut(session, realm, user);
    }

    /** Reports a failed ({@code success} false) or successful check of the account's credential. */
    public static void record(KeycloakSession session, RealmModel realm, UserModel user, Set<String> categories, boolean success) {
        if (!realm.isBruteForceProtected()) {
            return;
        }
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        KeycloakContext context = session.getContext();
        if (success) {
            protector.successfulLogin(realm, user, context.getConnection(), context.getUri(), categories);
        } else {
            protector.failedLogin(realm, user, context.getConnection(), context.getUri(), categories);
        }
    }
}
