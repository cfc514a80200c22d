package dev.platformauth.common.mail;

import dev.platformauth.common.account.Accounts;
import dev.platformauth.common.metrics.FlowMetrics;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Locale;
import java.util.Map;

/**
 * The request half of every emailed sign-in secret (exchange codes, magic links, email OTPs): on the
 * request thread, the send limits of {@link SendLimits}, among them the address's allowance of its
 * channel (the REST API and the login pages each have their own, so API requests cannot use up the
 * login page's); then, in a background job, look the address up, issue the secret in one transaction
 * and mail it in a second one (so the secret is committed to the store before the mail can arrive).
 * Whether the address has an account never shows in the answer, its timing or the limits: they are
 * taken for every address alike, before the lookup.
 */
public final class MailedSecrets {

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

    /** Who asked: the REST API, or a login page (our authenticators). Each has its own per-address allowance. */
    public enum Channel { API, BROWSER }

    /** The form addresses are looked up, throttled and keyed in: trimmed, lower case. */
    public static String normalizeAddress(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Unless a send limit refuses (see {@link SendLimits}; the address's allowance is one mail of
     * {@code sendKind} per {@code resendIntervalSeconds} on {@code channel}), submits the background job
     * for {@code email}: {@code issuer} runs and its mail is sent.
     *
     * @param client the acting client, whose attributes hold the per-client-IP limit
     */
    public static SendLimits.Decision requestInBackground(KeycloakSession session, RealmModel realm, ClientModel client,
                                                          String email, String sendKind, Channel channel,
                                                          long resendIntervalSeconds, Issuer issuer) {
        String address = normalizeAddress(email);
        String allowanceKind = channel == Channel.BROWSER ? sendKind + "-browser" : sendKind;
        return submit(session, realm, client, new SendLimits.AddressAllowance(allowanceKind, address, resendIntervalSeconds),
                sendKind, (s, r) -> {
                    UserModel user = Accounts.byEmail(s, r, address);
                    UserModel enabled = user != null && user.isEnabled() ? user : null;
                    Mail mail = issuer.issue(s, r, address, enabled);
                    return mail == null || enabled == null ? null : new Outgoing(enabled.getId(), mail, NO_REPORT);
                });
    }

    /** A mail for an account, found and prepared in the background job's first transaction. */
    public record Outgoing(String userId, Mail mail, Delivery delivery) {
    }

    /** Prepares the mail: runs in the background job's first transaction; null to send none. */
    @FunctionalInterface
    public interface Preparation {
        Outgoing prepare(KeycloakSession session, RealmModel realm);
    }

    /** Hears, in the second transaction, whether the mail went out (for events and logs). */
    @FunctionalInterface
    public interface Delivery {
        void report(KeycloakSession session, RealmModel realm, UserModel user, boolean sent);
    }

    private static final Delivery NO_REPORT = (session, realm, user, sent) -> { };

    /**
     * The one request path of every mailed secret or reminder: unless a send limit refuses (the
     * {@code allowance}, when the address is known on the request thread; null when it is not, and the
     * preparation throttles silently), submits the background job. There {@code preparation} looks the
     * account up and issues the secret in one transaction; the mail is sent in a second one, so the secret
     * is committed to the store before the mail can arrive, and its {@link Delivery} hears the result.
     * A mail of a flow {@link FlowMetrics} knows (by {@code sendKind}) is counted as issued, and its time
     * from the request on, when it was handed to the SMTP server (docs/metrics.md).
     */
    public static SendLimits.Decision submit(KeycloakSession session, RealmModel realm, ClientModel client,
                                             SendLimits.AddressAllowance allowance, String sendKind, Preparation preparation) {
        String realmId = realm.getId();
        String realmName = realm.getName();
        String clientId = client.getClientId();
        FlowMetrics.Flow flow = FlowMetrics.Flow.ofKind(sendKind);
        long requested = System.nanoTime();
        return SendLimits.submit(session, realm, client, allowance, sendKind, factory -> {
            Outgoing outgoing = BackgroundJobs.inRealm(factory, realmId, preparation::prepare);
            if (outgoing == null) {
                return;
            }
            BackgroundJobs.inRealm(factory, realmId, (s, r) -> {
                UserModel user = s.users().getUserById(r, outgoing.userId());
                if (user != null) {
                    Mail mail = outgoing.mail();
                    boolean sent = PlatformMailer.send(s, r, user, mail.subjectKey(), mail.template(), mail.attributes());
                    if (sent && flow != null) {
                        FlowMetrics.issued(flow, realmName, clientId);
                        FlowMetrics.time(FlowMetrics.MAIL_DELIVERY, flow, realmName, clientId, requested);
                    }
                    outgoing.delivery().report(s, r, user, sent);
                }
                return null;
            });
        });
    }
}
