package dev.platformauth.common.mail;

import dev.platformauth.common.store.CodeStore;
import dev.platformauth.common.user.Accounts;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Locale;
import java.util.Map;

/**
 * The request half of every emailed sign-in secret (exchange codes, magic links, email OTPs): answer
 * at once, then, in a background job, apply the per-address send throttle, look the address up,
 * issue the secret in one transaction and mail it in a second one (so the secret is committed to the
 * store before the mail can arrive). Whether the address has an account never shows in the answer,
 * its timing or the throttle.
 */
public final class MailedSecrets {

    private static final Logger LOG = Logger.getLogger(MailedSecrets.class);

    private MailedSecrets() {
    }

    /** A mail to send: subject message key, template (html/ and text/ variants) and its attributes. */
    public record Mail(String subjectKey, String template, Map<String, Object> attributes) {
    }

    /** Issues the secret; runs in the background job's first transaction. */
    @FunctionalInterface
    public interface Issuer {
        /**
         * @param user the enabled account owning the address, or null when there is none (an issuer may
         *             still store a decoy so that later checks behave the same)
         * @return the mail for {@code user}, or null to send none
         */
        Mail issue(KeycloakSession session, RealmModel realm, String address, UserModel user);
    }

    /** The form addresses are looked up, throttled and keyed in: trimmed, lower case. */
    public static String normalizeAddress(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Submits the background job for {@code email}; unless a secret of {@code throttleKind} went to the
     * same address within {@code resendIntervalSeconds}, {@code issuer} runs and its mail is sent.
     */
    public static void requestInBackground(KeycloakSession session, RealmModel realm, String email, String throttleKind,
                                           long resendIntervalSeconds, Issuer issuer) {
        String realmId = realm.getId();
        String address = normalizeAddress(email);
        BackgroundJobs.submit(session, throttleKind, factory -> {
            Pending pending = BackgroundJobs.inRealm(factory, realmId, (s, r) -> {
                if (!new CodeStore(s).tryAcquire(throttleKind, realmId, address, resendIntervalSeconds)) {
                    LOG.debugf("No %s mail sent: resend interval of the address not over", throttleKind);
                    return null;
                }
                UserModel user = Accounts.byEmail(s, r, address);
                UserModel enabled = user != null && user.isEnabled() ? user : null;
                Mail mail = issuer.issue(s, r, address, enabled);
                return mail == null || enabled == null ? null : new Pending(enabled.getId(), mail);
            });
            if (pending == null) {
                return;
            }
            BackgroundJobs.inRealm(factory, realmId, (s, r) -> {
                UserModel user = s.users().getUserById(r, pending.userId());
                if (user != null) {
                    PlatformMailer.send(s, r, user, pending.mail().subjectKey(), pending.mail().template(),
                            pending.mail().attributes());
                }
                return null;
            });
        });
    }

    private record Pending(String userId, Mail mail) {
    }
}
