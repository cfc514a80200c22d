package dev.platformauth.common.emailotp;

import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.exchangecode.ExchangeCodes;
import dev.platformauth.common.mail.MailedSecrets;
import dev.platformauth.common.mail.SendLimits;
import dev.platformauth.common.secret.SecretCodes;
import dev.platformauth.common.security.BruteForce;
import dev.platformauth.common.security.MailedSignIn;
import dev.platformauth.common.store.CodeStore;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Email one-time passwords: a short numeric code mailed to an address and entered together with it.
 * Shared by the REST API and the {@code platform-auth-email-otp} authenticator.
 *
 * <p>A code is short, so it cannot be its own store key: the live code of an address (of a login, for
 * the login pages) sits under the key of its <em>subject</em> with a salted SHA-256 of the code, a
 * random issuance id and its expiry. A new code replaces the old one. An address without an account
 * gets a decoy entry (no user, no mail), so entering codes behaves the same for every address.
 *
 * <p>Attempts are limited atomically, also under parallel entries and across cluster nodes: every
 * entry first claims one of the code's {@code max-attempts} attempt slots
 * ({@code putIfAbsent} on {@code …:email-otp:attempt:…:<issuance id>:<n>}, see
 * {@link CodeStore#claimSlot}); an entry that gets none is refused without comparing. A new code has a
 * new issuance id and so fresh slots. The right code is spent with one atomic {@code remove}. The code
 * entry is never written back after it was read: a late write would bring a spent code back.
 *
 * <p>Entries are limited per account as well, whether or not the realm's brute-force detection is on:
 * every entry, before anything else, claims one of the account's {@code max-account-attempts} slots of
 * the current fixed window ({@link CodeStore#claimInWindow}, kind {@value #ACCOUNT_ATTEMPT_KIND}), which
 * new codes do not reset and a sign-in does not clear (a sign-in is one of the entries). While the
 * window is full, entries are refused without comparing and without using the code. A code for a second
 * factor (its login already knows the user) counts in a window of its own, so entries over the API
 * cannot use up the account's second-factor sign-ins. A decoy's window is keyed by its address, so a
 * decoy answers exactly like an account. Keycloak's brute-force detector (category {@code otp}) still
 * gets every failure.
 */
public final class EmailOtps {

    static final String KIND = "email-otp";
    static final String SEND_KIND = "email-otp-send";
    /** Store kind of the attempt slots of one issued code. */
    static final String ATTEMPT_KIND = "email-otp:attempt";
    /** Store kind of the attempt slots of one account (or decoy address) per window. */
    static final String ACCOUNT_ATTEMPT_KIND = "email-otp:account-attempt";
    /** LOGIN_ERROR error of an entry after the code's attempt limit. */
    public static final String ERROR_TOO_MANY_ATTEMPTS = "too_many_attempts";

    /** Longest input compared at all. */
    public static final int MAX_INPUT_LENGTH = 32;

    static final String NOTE_USER = "user";
    /** Whose attempts an entry counts: the user id (a second factor apart), or for a decoy a hash of its address. */
    static final String NOTE_ACCOUNT = "account";
    static final String NOTE_SALT = "salt";
    static final String NOTE_HASH = "hash";
    static final String NOTE_ISSUANCE = "issuance";
    static final String NOTE_ISSUED = "issued";
    static final String NOTE_EXPIRES = "expires";

    private static final Logger LOG = Logger.getLogger(EmailOtps.class);

    private EmailOtps() {
    }

    /** What checking an entered code gave. */
    public sealed interface Check permits Verified, Refused, Exhausted {
    }

    /** The right code: sign {@code user} in. The code is spent. */
    public record Verified(UserModel user) implements Check {
    }

    /** Refused; {@code eventError} is a constant of Keycloak's {@link Errors}; {@code userId} may be null. */
    public record Refused(String eventError, String userId) implements Check {
    }

    /**
     * The code had its allowed entries ({@code accountLimit} false: a new code helps), or the account its
     * allowed entries in the current window ({@code accountLimit} true: only the next window helps): refused
     * without comparing; {@code retryAfterSeconds} until a new code, or the next window, can help.
     */
    public record Exhausted(long retryAfterSeconds, String userId, boolean accountLimit) implements Check {
    }

    /** The store subject of a code: the address, plus the login it belongs to for the login pages. */
    public static String subject(String email, String binding) {
        String address = MailedSecrets.normalizeAddress(email);
        return binding == null ? address : address + "\n" + binding;
    }

    /**
     * Unless a send limit refuses (a code went to the address through the same channel within the
     * resend interval, or the client IP or the mail queue is over its limit), replaces the address's
     * code with a new one in the background and mails it to the enabled account owning it.
     *
     * @param client  the acting client (its attributes hold the per-client-IP limit)
     * @param binding      null for the API; the browser login's binding for the login pages
     * @param secondFactor whether the code is a second factor (its login already knows the user): its
     *                     entries count in a window of their own
     */
    public static SendLimits.Decision requestInBackground(KeycloakSession session, RealmModel realm, ClientModel client,
                                                          String email, EmailOtpSettings settings, String binding,
                                                          boolean secondFactor) {
        return MailedSecrets.requestInBackground(session, realm, client, email, SEND_KIND,
                binding == null ? MailedSecrets.Channel.API : MailedSecrets.Channel.BROWSER,
                settings.resendIntervalSeconds(),
                (s, r, address, user) -> {
                    String code = issue(s, r, address, binding, user, settings, secondFactor);
                    return user == null ? null : ExchangeCodes.codeMail(code, settings.lifetimeSeconds());
                });
    }

    /**
     * Stores a new code for {@code address} (and {@code binding}) for {@code user}, or a decoy when null,
     * and returns it.
     */
    static String issue(KeycloakSession session, RealmModel realm, String address, String binding, UserModel user,
                        EmailOtpSettings settings, boolean secondFactor) {
        String code = SecretCodes.digits(settings.length());
        String salt = SecretCodes.randomUrlSafe(16);
        int now = Time.currentTime();
        Map<String, String> notes = new HashMap<>();
        notes.put(NOTE_USER, user == null ? "" : user.getId());
        MailedSignIn.noteAddress(notes, user);
        notes.put(NOTE_ACCOUNT, attemptAccount(user, address, secondFactor));
        notes.put(NOTE_SALT, salt);
        notes.put(NOTE_HASH, hash(salt, code));
        notes.put(NOTE_ISSUANCE, SecretCodes.randomUrlSafe(16));
        notes.put(NOTE_ISSUED, String.valueOf(now));
        notes.put(NOTE_EXPIRES, String.valueOf(now + settings.lifetimeSeconds()));
        new CodeStore(session).put(KIND, realm.getId(), subject(address, binding), settings.lifetimeSeconds(), notes);
        if (user != null) {
            LOG.debugf("Email OTP issued for user %s", user.getId());
        }
        return code;
    }

    /**
     * Checks {@code entered} against the live code of {@code subject}. Every entry claims one of the
     * account's attempts in the current window, then one of the code's attempt slots; without either it is
     * {@link Exhausted} and nothing is compared (a full account window leaves the code's slots untouched).
     * The right code of an enabled, not locked-out account is spent (one atomic remove) and signs in;
     * anything else is refused and, when the code belongs to an account, counts one {@code otp} failure
     * in Keycloak's brute-force detector.
     */
    public static Check verify(KeycloakSession session, RealmModel realm, String subject, String entered,
                               EmailOtpSettings settings) {
        CodeStore store = new CodeStore(session);
        Optional<Map<String, String>> live = store.peek(KIND, realm.getId(), subject);
        String issuance = live.map(notes -> notes.get(NOTE_ISSUANCE)).orElse(null);
        long remaining = live.map(notes -> parse(notes.get(NOTE_EXPIRES)) - (long) Time.currentTime()).orElse(0L);
        if (issuance == null || remaining <= 0) {
            return new Refused(Errors.INVALID_CODE, null);
        }
        Map<String, String> notes = live.get();
        String userId = notes.getOrDefault(NOTE_USER, "");
        UserModel user = userId.isEmpty() ? null : session.users().getUserById(realm, userId);
        String knownUserId = user == null ? null : user.getId();
        // every entry first claims one of the account's attempts in the current window: a burst of parallel
        // entries, across codes, logins and nodes, gets no more comparisons than the limit
        long accountWait = store.claimInWindow(ACCOUNT_ATTEMPT_KIND, realm.getId(), notes.getOrDefault(NOTE_ACCOUNT, subject),
                settings.maxAccountAttempts(), settings.accountAttemptWindowSeconds());
        if (accountWait > 0) {
            recordFailure(session, realm, user);
            return new Exhausted(accountWait, knownUserId, true);
        }
        // the slots live as long as the code, so all of them end together
        if (store.claimSlot(ATTEMPT_KIND, realm.getId(), issuance, settings.maxAttempts(), remaining) == 0) {
            recordFailure(session, realm, user);
            long retryAfter = parse(notes.get(NOTE_ISSUED)) + (long) settings.resendIntervalSeconds() - Time.currentTime();
            return new Exhausted(Math.max(1, retryAfter), knownUserId, false);
        }
        boolean matches = entered != null && entered.length() <= MAX_INPUT_LENGTH
                && SecretCodes.constantTimeEquals(hash(notes.get(NOTE_SALT), entered.strip()), notes.get(NOTE_HASH));
        String refusal = user == null ? Errors.INVALID_CODE
                : MailedSignIn.refusal(session, realm, user, notes);
        if (refusal == null && !matches) {
            refusal = Errors.INVALID_CODE;
        }
        if (refusal != null) {
            recordFailure(session, realm, user);
            return new Refused(refusal, knownUserId);
        }
        Optional<Map<String, String>> spent = store.consume(KIND, realm.getId(), subject);
        if (spent.isEmpty() || !issuance.equals(spent.get().get(NOTE_ISSUANCE))) {
            // spent by a parallel entry, or replaced by a newer code since it was read (which is then
            // spent too: the address asks for a new code)
            return new Refused(Errors.INVALID_CODE, knownUserId);
        }
        BruteForce.record(session, realm, user, BruteForce.OTP, true);
        MailedSignIn.addressVerified(session, realm, user);
        return new Verified(user);
    }

    /**
     * Whose attempts a code's entries count: its user's, or for a decoy its address's (hashed); a second
     * factor's in a window of their own.
     */
    static String attemptAccount(UserModel user, String address, boolean secondFactor) {
        String account = user == null ? "decoy:" + SecretCodes.sha256Hex(MailedSecrets.normalizeAddress(address)) : user.getId();
        return secondFactor ? account + ":second-factor" : account;
    }

    private static void recordFailure(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user != null) {
            BruteForce.record(session, realm, user, BruteForce.OTP, false);
        }
    }

    /** Salted SHA-256 of a code: the raw code is never stored. */
    static String hash(String salt, String code) {
        return SecretCodes.sha256Hex(salt + ":" + code);
    }

    private static int parse(String value) {
        return ConfigValues.intOr(value, 0);
    }
}
