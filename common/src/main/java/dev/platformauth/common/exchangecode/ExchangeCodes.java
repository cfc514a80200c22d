package dev.platformauth.common.exchangecode;

import dev.platformauth.common.account.Accounts;
import dev.platformauth.common.mail.MailedSecrets;
import dev.platformauth.common.mail.PlatformMailer;
import dev.platformauth.common.mail.SendLimits;
import dev.platformauth.common.secret.Pkce;
import dev.platformauth.common.secret.SecretCodes;
import dev.platformauth.common.security.MailedSignIn;
import dev.platformauth.common.store.CodeStore;
import org.jboss.logging.Logger;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Passwordless email exchange codes: issued to the owner of an email address, mailed, and redeemed
 * once for a sign-in. Shared by the REST API, the token-endpoint grant and the browser authenticator.
 *
 * <p>Requesting never reveals whether the address has an account: the send limits are taken for every
 * address alike, and the lookup, the code and the mail happen in a background job after the request
 * has been answered. A live code is spent by its first presentation, whatever the outcome (another
 * login, a wrong verifier), so codes need no per-code attempt count: a wrong guess is another code,
 * and codes carry at least 128 bits.
 */
public final class ExchangeCodes {

    /** Store kind of the codes. */
    static final String KIND = "exchange-code";
    /** Store kind of the per-address send allowance (the login pages' has {@code -browser} appended). */
    static final String SEND_KIND = "exchange-code-send";

    static final String TEMPLATE = "platform-auth-exchange-code.ftl";
    static final String SUBJECT_KEY = "platformAuthExchangeCodeSubject";

    /** Where a code may be redeemed: the API and grant, or only the browser login that asked for it. */
    public enum Origin { API, BROWSER }

    static final String NOTE_USER = "user";
    static final String NOTE_ORIGIN = "origin";
    static final String NOTE_BINDING = "binding";
    static final String NOTE_CHALLENGE = "code_challenge";

    private static final Logger LOG = Logger.getLogger(ExchangeCodes.class);

    private ExchangeCodes() {
    }

    /** What a redemption gave. */
    public sealed interface Redemption permits Redeemed, Refused {
    }

    /** The code was valid: sign {@code user} in. */
    public record Redeemed(UserModel user) implements Redemption {
    }

    /** The code was refused; {@code eventError} is a constant of Keycloak's {@link Errors}. */
    public record Refused(String eventError, String description) implements Redemption {
    }

    /**
     * Unless a send limit refuses (a code went to the address through the same channel, {@code origin},
     * within the resend interval, or the client IP or the mail queue is over its limit), mails a new
     * code to the enabled account owning {@code email} in the background.
     *
     * @param client    the acting client (its attributes hold the per-client-IP limit)
     * @param challenge optional PKCE S256 challenge the redemption must match
     * @param binding   optional value the redeemer must present again (the browser login's session)
     */
    public static SendLimits.Decision requestInBackground(KeycloakSession session, RealmModel realm, ClientModel client,
                                                          String email, ExchangeCodeSettings settings, Origin origin,
                                                          String challenge, String binding) {
        return MailedSecrets.requestInBackground(session, realm, client, email, SEND_KIND,
                origin == Origin.BROWSER ? MailedSecrets.Channel.BROWSER : MailedSecrets.Channel.API,
                settings.resendIntervalSeconds(),
                (s, r, address, user) -> user == null ? null
                        : codeMail(issue(s, r, user, settings, origin, challenge, binding), settings.lifetimeSeconds()));
    }

    /** Issues a code for {@code user} in the current transaction and returns it (the caller mails it). */
    static String issue(KeycloakSession session, RealmModel realm, UserModel user, ExchangeCodeSettings settings,
                               Origin origin, String challenge, String binding) {
        String code = SecretCodes.generate(settings.format());
        Map<String, String> notes = new HashMap<>();
        notes.put(NOTE_USER, user.getId());
        MailedSignIn.noteAddress(notes, user);
        notes.put(NOTE_ORIGIN, origin.name());
        if (challenge != null) {
            notes.put(NOTE_CHALLENGE, challenge);
        }
        if (binding != null) {
            notes.put(NOTE_BINDING, binding);
        }
        new CodeStore(session).put(KIND, realm.getId(), SecretCodes.normalize(code), settings.lifetimeSeconds(), notes);
        LOG.debugf("Exchange code issued for user %s (%s)", user.getId(), origin);
        return code;
    }

    /** Mails a code to the user with our template. */
    static boolean mail(KeycloakSession session, RealmModel realm, UserModel user, String code,
                               ExchangeCodeSettings settings) {
        MailedSecrets.Mail mail = codeMail(code, settings.lifetimeSeconds());
        return PlatformMailer.send(session, realm, user, mail.subjectKey(), mail.template(), mail.attributes());
    }

    /** The mail of a sign-in code valid for {@code lifetimeSeconds} (also used for email OTPs). */
    public static MailedSecrets.Mail codeMail(String code, int lifetimeSeconds) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", code);
        attributes.put("ttlMinutes", Math.max(1, (lifetimeSeconds + 59) / 60));
        return new MailedSecrets.Mail(SUBJECT_KEY, TEMPLATE, attributes);
    }

    /**
     * Spends {@code code} (whatever the outcome, a presented live code is gone) and checks its origin,
     * binding, PKCE verifier and user.
     */
    public static Redemption redeem(KeycloakSession session, RealmModel realm, String code, String codeVerifier,
                                    Origin origin, String binding) {
        Optional<Map<String, String>> spent = new CodeStore(session).consume(KIND, realm.getId(), SecretCodes.normalize(code));
        if (spent.isEmpty()) {
            return new Refused(Errors.INVALID_CODE, "The code is invalid, expired or already used");
        }
        Map<String, String> notes = spent.get();
        if (!origin.name().equals(notes.get(NOTE_ORIGIN))
                || (binding != null && !SecretCodes.constantTimeEquals(binding, notes.get(NOTE_BINDING)))) {
            return new Refused(Errors.INVALID_CODE, "The code is invalid, expired or already used");
        }
        Pkce.Mismatch mismatch = Pkce.check(notes.get(NOTE_CHALLENGE), codeVerifier);
        if (mismatch != null) {
            return new Refused(mismatch.eventError(), mismatch.description());
        }
        UserModel user = session.users().getUserById(realm, notes.get(NOTE_USER));
        String refusal = MailedSignIn.refusal(session, realm, user, notes);
        if (refusal != null) {
            return new Refused(refusal, "The code is invalid, expired or already used");
        }
        MailedSignIn.addressVerified(session, realm, user);
        return new Redeemed(user);
    }

    /** The account owning {@code email}, or null (also when several accounts share it). */
    static UserModel findByEmail(KeycloakSession session, RealmModel realm, String email) {
        return Accounts.byEmail(session, realm, email);
    }
}
