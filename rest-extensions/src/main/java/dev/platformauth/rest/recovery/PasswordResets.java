package dev.platformauth.rest.recovery;

import dev.platformauth.common.account.Accounts;
import dev.platformauth.common.account.Passwords;
import dev.platformauth.common.account.UserSessions;
import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.mail.MailedSecrets;
import dev.platformauth.common.mail.SendLimits;
import dev.platformauth.common.secret.SecretCodes;
import dev.platformauth.common.security.MailedSignIn;
import dev.platformauth.common.store.CodeStore;
import dev.platformauth.common.text.EnglishMessages;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.logging.Logger;
import org.keycloak.authentication.authenticators.resetcred.ResetCredentialEmail;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PolicyError;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Password reset by mailed link ({@code docs/sentinel-api.md}, {@code docs/security.md}). A reset token is opaque: 256 random bits,
 * base64url, stored only as its SHA-256 in Keycloak's {@code SingleUseObjectProvider} (kind
 * {@value #KIND}) with the user id, its expiry and the time the user's password last changed. It
 * alone carries the CHANGE_PASSWORD authority. It stops working when it is spent, when it expires,
 * when the password changes by any other means, or when the user is disabled or deleted.
 *
 * <p>Requesting never reveals whether the account exists: the send limits of the request are taken for
 * every username alike, and the lookup, the per-address throttle, the token and the mail happen in a
 * background job after the request has been answered.
 *
 * <p>One token kind and one completion path for every route that resets passwords: sentinel's
 * {@code passwordReset} / {@code password}, the auth-service's {@code password-recovery} /
 * {@code reset-password}, and the landing pages; the acting client names the events and gives the settings.
 */
public final class PasswordResets {

    static final String KIND = "password-reset";
    static final String SEND_KIND = "password-reset-send";
    static final String TEMPLATE = "platform-auth-password-reset.ftl";
    static final String SUBJECT_KEY = "platformAuthPasswordResetSubject";

    /** Event detail marking the events of this flow, value {@value #FLOW}. */
    public static final String DETAIL_FLOW = "platform_auth_flow";
    public static final String FLOW = "password-reset";

    static final String NOTE_USER = "user";
    static final String NOTE_EXPIRES = "exp";
    static final String NOTE_PASSWORD_CHANGED = "password_changed";

    private static final int TOKEN_BYTES = 32;
    private static final String NO_PASSWORD = "none";

    private static final Logger LOG = Logger.getLogger(PasswordResets.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;

    /** How a request names the account. */
    enum Lookup {
        /** Its username or its email (sentinel's {@code passwordReset}). */
        USERNAME_OR_EMAIL,
        /** Its email only (the auth-service's {@code password-recovery/{email}}). */
        EMAIL
    }

    /** What a reset came to: {@link Done}, {@link Rejected} by the policy (the token stays live), or {@link Spent}. */
    sealed interface Outcome permits Done, Rejected, Spent {
    }

    /** The password is set, the token spent. */
    record Done() implements Outcome {
    }

    /** The realm's policy refused the password; nothing changed. */
    record Rejected(PolicyError error) implements Outcome {

        /** The policy's objection in the English of the realm's login theme, for the JSON answers. */
        String message(KeycloakSession session) {
            return EnglishMessages.format(session, error.getMessage(), error.getParameters());
        }
    }

    /** The token was spent meanwhile (concurrent use); nothing changed. */
    record Spent() implements Outcome {
    }

    PasswordResets(KeycloakSession session, ClientModel client) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.client = client;
    }

    /**
     * Unless a send limit of the request refuses (client IP, mail queue), mails a reset link in the
     * background to the enabled account whose username or email is {@code username}, unless one went to
     * that address within the resend interval (that throttle needs the account's address, so it is
     * taken in the background, silently, and reported by a SEND_RESET_PASSWORD_ERROR event).
     */
    SendLimits.Decision requestInBackground(String username, Lookup lookup, RecoverySettings settings, URI defaultPage) {
        String realmId = realm.getId();
        String clientId = client.getClientId();
        String ip = remoteHost(session);
        URI page = settings.resetUrl().orElse(defaultPage);
        return MailedSecrets.submit(session, realm, client, null, KIND, (s, r) -> {
            EventBuilder event = event(s, r, ip, clientId, EventType.SEND_RESET_PASSWORD).detail(Details.USERNAME, username);
            UserModel user = lookup == Lookup.EMAIL ? Accounts.byEmail(s, r, username) : Accounts.byNameOrEmail(s, r, username);
            if (user == null) {
                event.error(Errors.USER_NOT_FOUND);
                return null;
            }
            event.user(user);
            if (!user.isEnabled() || user.getServiceAccountClientLink() != null) {
                event.error(Errors.USER_DISABLED);
                return null;
            }
            if (user.getEmail() == null || user.getEmail().isBlank()) {
                event.error(Errors.INVALID_EMAIL);
                return null;
            }
            String address = MailedSecrets.normalizeAddress(user.getEmail());
            if (!new CodeStore(s).tryAcquire(SEND_KIND, realmId, address, settings.resetResendInterval())) {
                event.detail(Details.REASON, "resend interval").error(Errors.SLOW_DOWN);
                return null;
            }
            String token = issue(s, r, user, settings.resetLifetimeSeconds());
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("link", UriBuilder.fromUri(page).replaceQueryParam("token", token).build().toString());
            attributes.put("ttlMinutes", settings.resetLifetimeMinutes());
            attributes.put("username", user.getUsername());
            return new MailedSecrets.Outgoing(user.getId(), new MailedSecrets.Mail(SUBJECT_KEY, TEMPLATE, attributes),
                    (s2, r2, mailed, sent) -> {
                        EventBuilder delivered = event(s2, r2, ip, clientId, EventType.SEND_RESET_PASSWORD)
                                .user(mailed).detail(Details.USERNAME, username).detail(Details.EMAIL, mailed.getEmail());
                        if (sent) {
                            delivered.success();
                        } else {
                            delivered.error(Errors.EMAIL_SEND_FAILED);
                        }
                    });
        });
    }

    /** Issues a reset token for {@code user} in the current transaction and returns it (the caller mails it). */
    static String issue(KeycloakSession session, RealmModel realm, UserModel user, int lifetimeSeconds) {
        String token = SecretCodes.randomUrlSafe(TOKEN_BYTES);
        Map<String, String> notes = new HashMap<>();
        notes.put(NOTE_USER, user.getId());
        MailedSignIn.noteAddress(notes, user);
        notes.put(NOTE_EXPIRES, Long.toString((long) Time.currentTime() + lifetimeSeconds));
        notes.put(NOTE_PASSWORD_CHANGED, passwordChanged(session, realm, user));
        new CodeStore(session).put(KIND, realm.getId(), token, lifetimeSeconds, notes);
        LOG.debugf("Password-reset token issued for user %s", user.getId());
        return token;
    }

    /** The user a live reset token may set the password of; empty for any other token. Does not spend it. */
    Optional<UserModel> holder(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return new CodeStore(session).peek(KIND, realm.getId(), token).map(this::liveUser);
    }

    private UserModel liveUser(Map<String, String> notes) {
        String userId = notes.get(NOTE_USER);
        UserModel user = userId == null ? null : session.users().getUserById(realm, userId);
        if (user == null || !user.isEnabled()) {
            return null;
        }
        long expires = ConfigValues.longOr(notes.get(NOTE_EXPIRES), 0);
        if (expires <= Time.currentTime()
                || !Objects.equals(notes.get(NOTE_PASSWORD_CHANGED), passwordChanged(session, realm, user))
                // the link proves the mailbox it reached: dead once the account's address is another
                || !MailedSignIn.stillMailedTo(user, notes)) {
            return null;
        }
        return user;
    }

    /**
     * Sets {@code password} for {@code user}, the holder of the live {@code token}: the realm's policy
     * judges it (history included; UPDATE_PASSWORD_ERROR and UPDATE_CREDENTIAL_ERROR when it refuses),
     * then {@link #complete} spends the token (RESET_PASSWORD_ERROR when a concurrent use spent it first).
     */
    Outcome reset(String token, UserModel user, String password) {
        PolicyError error = Passwords.policyError(session, realm, user, password);
        if (error != null) {
            passwordRejected(user, error.getMessage());
            return new Rejected(error);
        }
        if (!complete(token, user, password)) {
            tokenRefused();
            return new Spent();
        }
        return new Done();
    }

    /**
     * Spends the token and sets {@code password} (already checked against the policy) as the user's
     * password: the address counts as verified, every session of the user ends, UPDATE_PASSWORD and
     * UPDATE_CREDENTIAL events. False when the token was spent in the meantime (concurrent use).
     */
    private boolean complete(String token, UserModel user, String password) {
        Optional<Map<String, String>> spent = new CodeStore(session).consume(KIND, realm.getId(), token);
        if (spent.isEmpty() || !user.getId().equals(spent.get().get(NOTE_USER)) || liveUser(spent.get()) == null) {
            return false;
        }
        // the link reached the mailbox: that verifies the address (first, as it removes older credentials)
        MailedSignIn.addressVerified(session, realm, user, client);
        Passwords.set(session, user, password, false);
        UserSessions.endAll(session, realm, user, null, event(EventType.LOGOUT));
        EventBuilder event = event(EventType.UPDATE_CREDENTIAL).user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.CREDENTIAL_TYPE, CredentialModel.PASSWORD);
        event.clone().event(EventType.UPDATE_PASSWORD).success();
        event.success();
        LOG.infof("Password of user %s reset by mailed link in realm %s", user.getId(), realm.getId());
        return true;
    }

    /** UPDATE_PASSWORD_ERROR and UPDATE_CREDENTIAL_ERROR for a password the policy refused. */
    private void passwordRejected(UserModel user, String policyMessage) {
        EventBuilder event = event(EventType.UPDATE_CREDENTIAL_ERROR).user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.CREDENTIAL_TYPE, CredentialModel.PASSWORD)
                .detail(Details.REASON, policyMessage);
        event.clone().event(EventType.UPDATE_PASSWORD_ERROR).error(Errors.PASSWORD_REJECTED);
        event.error(Errors.PASSWORD_REJECTED);
    }

    /** RESET_PASSWORD_ERROR for a token that is not a live reset token (never logs the token). */
    void tokenRefused() {
        event(EventType.RESET_PASSWORD_ERROR).error(Errors.INVALID_TOKEN);
    }

    private EventBuilder event(EventType type) {
        return event(session, realm, remoteHost(session), client.getClientId(), type);
    }

    private static EventBuilder event(KeycloakSession session, RealmModel realm, String ip, String clientId, EventType type) {
        return new EventBuilder(realm, session).ipAddress(ip).client(clientId).event(type).detail(DETAIL_FLOW, FLOW);
    }

    private static String remoteHost(KeycloakSession session) {
        ClientConnection connection = session.getContext().getConnection();
        return connection == null ? null : connection.getRemoteHost();
    }

    /** When the user's password last changed, as Keycloak's own reset links pin it; "none" without one. */
    private static String passwordChanged(KeycloakSession session, RealmModel realm, UserModel user) {
        Long changed = ResetCredentialEmail.getLastChangedTimestamp(session, realm, user);
        return changed == null ? NO_PASSWORD : changed.toString();
    }
}
