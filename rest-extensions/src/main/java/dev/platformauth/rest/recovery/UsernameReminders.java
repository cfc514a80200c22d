package dev.platformauth.rest.recovery;

import dev.platformauth.common.mail.MailedSecrets;
import dev.platformauth.common.mail.SendLimits;
import dev.platformauth.common.store.CodeStore;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code usernameRequest}: mails the usernames of the enabled accounts registered with an email
 * address to that address (one mail, however many accounts share it). Requesting never reveals
 * whether any account exists: the send limits of the request are taken for every address alike, and
 * the lookup, the per-address throttle and the mail happen in a background job after the request
 * has been answered. Nothing changes, so no user event is recorded.
 */
final class UsernameReminders {

    static final String KIND = "username-reminder";
    static final String SEND_KIND = "username-reminder-send";
    static final String TEMPLATE = "platform-auth-username-reminder.ftl";
    static final String SUBJECT_KEY = "platformAuthUsernameReminderSubject";

    /** At most this many usernames are listed in one mail. */
    static final int MAX_ACCOUNTS = 20;

    private static final Logger LOG = Logger.getLogger(UsernameReminders.class);

    private UsernameReminders() {
    }

    /**
     * Unless a send limit of the request refuses (client IP, mail queue), mails the reminder in the
     * background; the per-address throttle is taken there, silently, once accounts were found.
     */
    static SendLimits.Decision requestInBackground(KeycloakSession session, RealmModel realm, ClientModel client,
                                                   String email, RecoverySettings settings) {
        String realmId = realm.getId();
        String address = MailedSecrets.normalizeAddress(email);
        return MailedSecrets.submit(session, realm, client, null, KIND, (s, r) -> {
            List<UserModel> accounts = accountsOf(s, r, address);
            if (accounts.isEmpty()) {
                return null;
            }
            if (!new CodeStore(s).tryAcquire(SEND_KIND, realmId, address, settings.usernameResendInterval())) {
                LOG.debugf("Username reminder for user %s not sent: resend interval", accounts.get(0).getId());
                return null;
            }
            int count = accounts.size();
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("usernames", accounts.stream().map(UserModel::getUsername).sorted().toList());
            return new MailedSecrets.Outgoing(accounts.get(0).getId(), new MailedSecrets.Mail(SUBJECT_KEY, TEMPLATE, attributes),
                    (s2, r2, user, sent) -> {
                        if (sent) {
                            LOG.debugf("Username reminder sent for %d account(s), first user %s", count, user.getId());
                        }
                    });
        });
    }

    /** The enabled, non-service accounts whose email is {@code address} (exact, case-insensitive). */
    static List<UserModel> accountsOf(KeycloakSession session, RealmModel realm, String address) {
        return session.users()
                .searchForUserStream(realm, Map.of(UserModel.EMAIL, address, UserModel.EXACT, Boolean.TRUE.toString()),
                        0, MAX_ACCOUNTS)
                .filter(user -> address.equalsIgnoreCase(user.getEmail()))
                .filter(user -> user.isEnabled() && user.getServiceAccountClientLink() == null)
                .toList();
    }
}
