package dev.platformauth.common.emailotp;

import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.auth.BruteForce;
import dev.platformauth.common.auth.MailedSignIn;
import dev.platformauth.common.exchange.ExchangeCodes;
import dev.platformauth.common.mail.MailedSecrets;
import dev.platformauth.common.secret.SecretCodes;
import dev.platformauth.common.store.CodeStore;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
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
 * the login pages) sits under the key of its <em>subject</em> with a salted SHA-256 of the code, the
 * wrong entries it has had and its expiry. A new code replaces the old one (and its attempt count),
 * but the per-account count of Keycloak's brute-force detector (category {@code otp}) goes on. An
 * address without an account gets a decoy entry (no user, no mail), so entering codes behaves the
 * same for every address. The attempt count is rewritten with {@code put} and the remaining lifespan.
 */
public final class EmailOtps {

    public static final String KIND = "email-otp";
    public static final String SEND_KIND = "email-otp-send";
    /** LOGIN_ERROR error of an entry after the code's attempt limit. */
    public static final String ERROR_TOO_MANY_ATTEMPTS = "too_many_attempts";

    /** Longest input compared at all. */
    public static final int MAX_INPUT_LENGTH = 32;

    static final String NOTE_USER = "user";
    static final String NOTE_SALT = "salt";
    static final String NOTE_HASH = "hash";
    static final String NOTE_ATTEMPTS = "attempts";
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

    /** The code had its allowed wrong entries: refused without comparing until a new code is asked for. */
    public record Exhausted(long retryAfterSeconds, String userId) implements Check {
    }

    /** The store subject of a code: the address, plus the login it belongs to for the login pages. */
    public static String subject(String email, String binding) {
        String address = MailedSecrets.normalizeAddress(email);
        return binding == null ? address : address + "\n" + binding;
    }

    /**
     * Answers at once; in the background, unless the address had a code within the resend interval,
     * replaces the address's code with a new one and mails it to the enabled account owning it.
     *
     * @param binding null for the API; the browser login's binding for the login pages
     */
    public static void requestInBackground(KeycloakSession session, RealmModel realm, String email,
                                           EmailOtpSettings settings, String binding) {
        MailedSecrets.requestInBackground(session, realm, email, SEND_KIND, settings.resendIntervalSeconds(),
                (s, r, address, user) -> {
                    String code = issue(s, r, subject(address, binding), user, settings);
                    return user == null ? null : ExchangeCodes.codeMail(code, settings.lifetimeSeconds());
                });
    }

    /** Stores a new code for {@code subject} (for {@code user}, or a decoy when null) and returns it. */
    static String issue(KeycloakSession session, RealmModel realm, String subject, UserModel user,
                        EmailOtpSettings settings) {
        String code = SecretCodes.digits(settings.length());
        String salt = SecretCodes.randomUrlSafe(16);
        int now = Time.currentTime();
        Map<String, String> notes = new HashMap<>();
        notes.put(NOTE_USER, user == null ? "" : user.getId());
        notes.put(NOTE_SALT, salt);
        notes.put(NOTE_HASH, hash(salt, code));
        notes.put(NOTE_ATTEMPTS, "0");
        notes.put(NOTE_ISSUED, String.valueOf(now));
        notes.put(NOTE_EXPIRES, String.valueOf(now + settings.lifetimeSeconds()));
        new CodeStore(session).put(KIND, realm.getId(), subject, settings.lifetimeSeconds(), notes);
        if (user != null) {
            LOG.debugf("Email OTP issued for user %s", user.getId());
        }
        return code;
    }

    /**
     * Checks {@code entered} against the live code of {@code subject}: the right code of an enabled,
     * not locked-out account is spent (one atomic remove) and signs in; anything else counts one wrong
     * entry against the code and, when the code belongs to an account, one {@code otp} failure in
     * Keycloak's brute-force detector. The caller must let the transaction commit (return a response,
     * do not throw) so that the count is kept.
     */
    public static Check verify(KeycloakSession session, RealmModel realm, String subject, String entered,
                               EmailOtpSettings settings) {
        CodeStore store = new CodeStore(session);
        Optional<Map<String, String>> live = store.peek(KIND, realm.getId(), subject);
        if (live.isEmpty()) {
            return new Refused(Errors.INVALID_CODE, null);
        }
        Map<String, String> notes = live.get();
        String userId = notes.getOrDefault(NOTE_USER, "");
        UserModel user = userId.isEmpty() ? null : session.users().getUserById(realm, userId);
        int attempts = parse(notes.get(NOTE_ATTEMPTS));
        if (attempts >= settings.maxAttempts()) {
            recordFailure(session, realm, user);
            long retryAfter = parse(notes.get(NOTE_ISSUED)) + (long) settings.resendIntervalSeconds() - Time.currentTime();
            return new Exhausted(Math.max(1, retryAfter), user == null ? null : user.getId());
        }
        boolean matches = entered != null && entered.length() <= MAX_INPUT_LENGTH
                && SecretCodes.constantTimeEquals(hash(notes.get(NOTE_SALT), entered.strip()), notes.get(NOTE_HASH));
        String refusal = user == null ? Errors.INVALID_CODE : MailedSignIn.refusal(session, realm, user);
        if (refusal == null && !matches) {
            refusal = Errors.INVALID_CODE;
        }
        if (refusal == null) {
            if (store.consume(KIND, realm.getId(), subject).isEmpty()) {
                return new Refused(Errors.INVALID_CODE, user.getId()); // spent by a concurrent entry
            }
            BruteForce.record(session, realm, user, BruteForce.OTP, true);
            MailedSignIn.addressVerified(session, realm, user);
            return new Verified(user);
        }
        Map<String, String> counted = new HashMap<>(notes);
        counted.put(NOTE_ATTEMPTS, String.valueOf(attempts + 1));
        long remaining = parse(notes.get(NOTE_EXPIRES)) - (long) Time.currentTime();
        if (remaining > 0) {
            store.put(KIND, realm.getId(), subject, remaining, counted);
        }
        recordFailure(session, realm, user);
        return new Refused(refusal, user == null ? null : user.getId());
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
