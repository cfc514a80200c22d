package dev.platformauth.common.magiclink;

import dev.platformauth.common.mail.MailedSecrets;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Magic links: a single-use token of 256 random bits, mailed inside a link, redeemed once for a
 * sign-in. Shared by the REST API (the link points at the app, which posts the token back) and the
 * {@code platform-auth-magic-link} authenticator (the link opens Keycloak's login pages).
 */
public final class MagicLinks {

    static final String KIND = "magic-link";
    static final String SEND_KIND = "magic-link-send";
    static final String TEMPLATE = "platform-auth-magic-link.ftl";
    static final String SUBJECT_KEY = "platformAuthMagicLinkSubject";

    /** Query parameter of the token in API links ({@code docs/magic-links-and-email-otp.md}). */
    public static final String TOKEN_PARAM = "token";

    /** Longest token input looked up at all (ours are 43 characters). */
    public static final int MAX_TOKEN_LENGTH = 128;

    private static final int TOKEN_BYTES = 32;
    static final String NOTE_USER = "user";
    static final String NOTE_ORIGIN = "origin";
    /** Note of a token requested with a PKCE S256 challenge: its redemption must present the verifier. */
    public static final String NOTE_CHALLENGE = "code_challenge";
    private static final String REFUSED = "The link is invalid, expired or already used";

    private static final Logger LOG = Logger.getLogger(MagicLinks.class);

    /** Where a link may be redeemed: the API, or the login pages. */
    public enum Origin { API, BROWSER }

    private MagicLinks() {
    }

    /** What a redemption gave. */
    public sealed interface Redemption permits Redeemed, Refused {
    }

    /** The token was valid and is spent: sign {@code user} in; {@code notes} are the caller's own. */
    public record Redeemed(UserModel user, Map<String, String> notes) implements Redemption {
    }

    /** Refused; {@code eventError} is a constant of Keycloak's {@link Errors}. */
    public record Refused(String eventError, String description) implements Redemption {
    }

    /**
     * Unless a send limit refuses (a link went to the address through the same channel, {@code origin},
     * within the resend interval, or the client IP or the mail queue is over its limit), issues a token
     * in the background and mails the enabled account owning {@code email} the link {@code linkBase}
     * with the token in its query parameter {@code tokenParam}. A token is spent by its first
     * redemption, whatever the outcome, so links need no per-token attempt count.
     *
     * @param client the acting client (its attributes hold the per-client-IP limit)
     * @param notes  the caller's notes kept with the token (e.g. the login it belongs to)
     */
    public static SendLimits.Decision requestInBackground(KeycloakSession session, RealmModel realm, ClientModel client,
                                                          String email, MagicLinkSettings settings, Origin origin,
                                                          String linkBase, String tokenParam, Map<String, String> notes) {
        return MailedSecrets.requestInBackground(session, realm, client, email, SEND_KIND,
                origin == Origin.BROWSER ? MailedSecrets.Channel.BROWSER : MailedSecrets.Channel.API,
                settings.resendIntervalSeconds(),
                (s, r, address, user) -> user == null ? null
                        : mailOf(link(linkBase, tokenParam, issue(s, r, user, settings, origin, notes)), settings));
    }

    /** Stores a new token for {@code user} in the current transaction and returns it. */
    static String issue(KeycloakSession session, RealmModel realm, UserModel user, MagicLinkSettings settings,
                        Origin origin, Map<String, String> callerNotes) {
        String token = SecretCodes.randomUrlSafe(TOKEN_BYTES);
        Map<String, String> notes = new HashMap<>(callerNotes == null ? Map.of() : callerNotes);
        notes.put(NOTE_USER, user.getId());
        MailedSignIn.noteAddress(notes, user);
        notes.put(NOTE_ORIGIN, origin.name());
        new CodeStore(session).put(KIND, realm.getId(), token, settings.lifetimeSeconds(), notes);
        LOG.debugf("Magic link issued for user %s (%s)", user.getId(), origin);
        return token;
    }

    /** {@code base} with {@code param=token} added to its query (before any fragment). */
    static String link(String base, String param, String token) {
        int hash = base.indexOf('#');
        String beforeFragment = hash < 0 ? base : base.substring(0, hash);
        String fragment = hash < 0 ? "" : base.substring(hash);
        String separator = beforeFragment.contains("?")
                ? (beforeFragment.endsWith("?") || beforeFragment.endsWith("&") ? "" : "&") : "?";
        return beforeFragment + separator + URLEncoder.encode(param, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(token, StandardCharsets.UTF_8) + fragment;
    }

    private static MailedSecrets.Mail mailOf(String link, MagicLinkSettings settings) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("link", link);
        attributes.put("ttlMinutes", Math.max(1, (settings.lifetimeSeconds() + 59) / 60));
        return new MailedSecrets.Mail(SUBJECT_KEY, TEMPLATE, attributes);
    }

    /** The notes of a live token of {@code origin} without spending it (a confirmation page). */
    public static Optional<Map<String, String>> peek(KeycloakSession session, RealmModel realm, String token,
                                                     Origin origin) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        return new CodeStore(session).peek(KIND, realm.getId(), token)
                .filter(notes -> origin.name().equals(notes.get(NOTE_ORIGIN)));
    }

    /** The account a live token's {@code notes} sign into; null when it is gone. */
    public static UserModel holder(KeycloakSession session, RealmModel realm, Map<String, String> notes) {
        String userId = notes.get(NOTE_USER);
        return userId == null ? null : session.users().getUserById(realm, userId);
    }

    /**
     * Spends {@code token} (a presented live token is gone whatever the outcome) and checks its origin,
     * its PKCE binding against {@code codeVerifier} (null when none is presented) and its user.
     */
    public static Redemption redeem(KeycloakSession session, RealmModel realm, String token, Origin origin,
                                    String codeVerifier) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return new Refused(Errors.INVALID_CODE, REFUSED);
        }
        Optional<Map<String, String>> spent = new CodeStore(session).consume(KIND, realm.getId(), token);
        if (spent.isEmpty() || !origin.name().equals(spent.get().get(NOTE_ORIGIN))) {
            return new Refused(Errors.INVALID_CODE, REFUSED);
        }
        Pkce.Mismatch mismatch = Pkce.check(spent.get().get(NOTE_CHALLENGE), codeVerifier);
        if (mismatch != null) {
            return new Refused(mismatch.eventError(), mismatch.description());
        }
        UserModel user = holder(session, realm, spent.get());
        String refusal = MailedSignIn.refusal(session, realm, user, spent.get());
        if (refusal != null) {
            return new Refused(refusal, REFUSED);
        }
        MailedSignIn.addressVerified(session, realm, user);
        return new Redeemed(user, spent.get());
    }
}
