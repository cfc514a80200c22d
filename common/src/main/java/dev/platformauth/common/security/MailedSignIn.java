package dev.platformauth.common.security;

import dev.platformauth.common.mail.MailedSecrets;
import dev.platformauth.common.error.JsonErrors;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Map;

/**
 * The account checks every emailed sign-in secret (exchange code, magic link, email OTP) makes when it
 * is redeemed, what a redemption proves, and when an email-only proof is not enough for tokens.
 */
public final class MailedSignIn {

    /** The note of a mailed secret holding the address it was mailed to (normalised): the mailbox it proves. */
    static final String NOTE_ADDRESS = "mailed-to";

    /** LOGIN_ERROR error (and API error code) of an email-only sign-in refused for an enrolled second factor. */
    static final String SECOND_FACTOR_REQUIRED = "second_factor_required";

    private MailedSignIn() {
    }

    /** Keeps in a secret's {@code notes} the address it is mailed to: {@code user}'s now (none for a decoy). */
    public static void noteAddress(Map<String, String> notes, UserModel user) {
        notes.put(NOTE_ADDRESS, user == null ? "" : address(user));
    }

    /**
     * Whether {@code user}'s address is still the one the secret with {@code notes} was mailed to
     * ({@link #noteAddress}): a secret proves the mailbox it reached, never an address the account took on
     * afterwards. A secret without the note (issued before it was kept) proves nothing either.
     */
    public static boolean stillMailedTo(UserModel user, Map<String, String> notes) {
        return address(user).equals(notes.get(NOTE_ADDRESS));
    }

    /**
     * As {@link #refusal(KeycloakSession, RealmModel, UserModel)}, and {@link Errors#INVALID_EMAIL} when the
     * user's address is not the one the secret with {@code notes} was mailed to ({@link #stillMailedTo}).
     */
    public static String refusal(KeycloakSession session, RealmModel realm, UserModel user, Map<String, String> notes) {
        String refusal = refusal(session, realm, user);
        return refusal == null && !stillMailedTo(user, notes) ? Errors.INVALID_EMAIL : refusal;
    }

    private static String address(UserModel user) {
        return user.getEmail() == null ? "" : MailedSecrets.normalizeAddress(user.getEmail());
    }

    /**
     * Why {@code user} may not sign in now, as a constant of Keycloak's {@link Errors}: gone, disabled or
     * locked by the brute-force detector; null when they may.
     */
    private static String refusal(KeycloakSession session, RealmModel realm, UserModel user) {
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

    /** The secret reached the mailbox: that verifies the address (events name the context's client). */
    public static void addressVerified(KeycloakSession session, RealmModel realm, UserModel user) {
        addressVerified(session, realm, user, session.getContext().getClient());
    }

    /**
     * A mailed secret (sign-in code, link or OTP, or a completed password reset) reached the mailbox:
     * that verifies the address. When it was not verified before, what was set on the account before
     * goes first ({@link PreClaimedAccounts}): its stored credentials (an account that proved an address
     * before keeps its OTP and WebAuthn second factors), its identity-provider links, its consents and its
     * sessions.
     */
    public static void addressVerified(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client) {
        if (user.isEmailVerified()) {
            PreClaimedAccounts.rememberProof(user);
            return;
        }
        PreClaimedAccounts.release(session, realm, user, client);
        user.setEmailVerified(true);
        user.removeRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
        PreClaimedAccounts.rememberProof(user);
    }

    /**
     * Before {@code user}'s address changes to an unverified one: when the old address is verified, the
     * account has proven an address, and the proof of the new one will not take its second factors
     * ({@link PreClaimedAccounts}).
     */
    public static void addressChanging(UserModel user) {
        if (user.isEmailVerified()) {
            PreClaimedAccounts.rememberProof(user);
        }
    }

    /**
     * Why a user whose mailed secret was just accepted still gets no tokens from {@code client} over the
     * API or a grant; null when they may. The secret is spent by then: callers answer with a response
     * rather than an exception, so that what the proof changed is kept.
     */
    public static TokenRefusal tokenRefusal(ClientModel client, UserModel user) {
        List<String> secondFactors = SecondFactors.enrolled(user);
        if (!secondFactors.isEmpty() && !SecondFactors.optionalFor(client)) {
            return new TokenRefusal(403, SECOND_FACTOR_REQUIRED, SECOND_FACTOR_REQUIRED,
                    "This account has a second factor: an email sign-in alone is not enough",
                    "second factor enrolled: " + String.join(",", secondFactors));
        }
        if (user.getRequiredActionsStream().findAny().isPresent()) {
            // as Keycloak's own direct grant does: they must finish them in the browser first
            return new TokenRefusal(400, JsonErrors.INVALID_GRANT, Errors.RESOLVE_REQUIRED_ACTIONS,
                    "Account is not fully set up", null);
        }
        return null;
    }

    /**
     * A refusal of tokens: HTTP {@code status} with {@code error} and {@code description}; a LOGIN_ERROR
     * {@code eventError} with an optional {@code reason} detail.
     */
    public record TokenRefusal(int status, String error, String eventError, String description, String reason) {

        /** Sends the LOGIN_ERROR event for {@code user}. */
        public void report(EventBuilder event, UserModel user) {
            event.user(user).detail(Details.USERNAME, user.getUsername());
            if (reason != null) {
                event.detail(Details.REASON, reason);
            }
            event.error(eventError);
        }
    }
}
