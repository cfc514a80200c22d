package dev.platformauth.common.mail;

import dev.platformauth.common.metrics.FlowMetrics;

import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.store.CodeStore;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one gate of every route that mails something (sign-in codes, links, OTPs, password resets,
 * username reminders; REST API and login pages). On the request thread, before anything is mailed
 * and before the page or answer is built, in this order, each step only when the ones before passed
 * (so that a refused request uses up nothing a later request needs):
 * <ol>
 *   <li>a place in the node's bounded {@link MailQueue} (local, released again if a later step refuses);</li>
 *   <li>a slot of the client IP's counter in the realm: {@link SendLimitSettings} of the acting client,
 *       counted cluster-wide with {@code putIfAbsent} slots per fixed window;</li>
 *   <li>optionally the address's allowance of one channel ({@link AddressAllowance}): one mail per
 *       interval, a {@code putIfAbsent} gate taken for every address alike (before any lookup, so a
 *       refusal says nothing about accounts).</li>
 * </ol>
 * Then the job is submitted; it gives its place in the queue back when it ends.
 */
public final class SendLimits {

    /** Store kind of the per-client-IP slots. */
    static final String CLIENT_IP_KIND = "send-ip";
    /** Seconds a caller is asked to wait when the node's mail queue is full. */
    static final int QUEUE_FULL_RETRY_AFTER = 30;

    private static final Logger LOG = Logger.getLogger(SendLimits.class);

    private SendLimits() {
    }

    /** Which limit refused a request. */
    public enum Limit { MAIL_QUEUE, CLIENT_IP, ADDRESS }

    /** What the gate decided. */
    public sealed interface Decision permits Queued, Refused {
    }

    /** The job is submitted. */
    record Queued() implements Decision {
    }

    /** Nothing is mailed; the caller may try again after {@code retryAfterSeconds}. */
    public record Refused(Limit limit, long retryAfterSeconds) implements Decision {

        /** The REST answer: 429 {@code too_many_requests} with {@code Retry-After}. */
        public Response response() {
            return JsonErrors.tooManyRequests(switch (limit) {
                case MAIL_QUEUE -> "Too many emails are waiting to be sent: try again later";
                case CLIENT_IP -> "Too many emails were requested from this network address: try again later";
                case ADDRESS -> "An email of this kind was requested for this address moments ago: try again later";
            }, retryAfterSeconds);
        }
    }

    /**
     * The allowance of one address on one channel: at most one mail of {@code kind} per
     * {@code intervalSeconds} (0: no allowance to check).
     */
    record AddressAllowance(String kind, String address, long intervalSeconds) {
    }

    /**
     * Checks the limits for a mail requested through {@code client} and, when they pass, submits
     * {@code job} (see {@link BackgroundJobs#submit}).
     *
     * @param allowance the address's allowance to take, or null (the route throttles per address itself)
     */
    static Decision submit(KeycloakSession session, RealmModel realm, ClientModel client, AddressAllowance allowance,
                                  String description, Consumer<KeycloakSessionFactory> job) {
        MailQueue queue = session.getProvider(MailQueue.class);
        Optional<MailQueue.Reservation> place = queue.reserve(realm.getId(),
                ConfigValues.intIn(realm.getAttribute(MailQueue.REALM_MAX_PENDING), 1, Integer.MAX_VALUE, 0));
        if (place.isEmpty()) {
            return refused(realm, client, description, Limit.MAIL_QUEUE, QUEUE_FULL_RETRY_AFTER);
        }
        boolean submitted = false;
        try {
            CodeStore store = new CodeStore(session);
            long wait = clientIpWait(session, store, realm, SendLimitSettings.from(client.getAttributes()));
            if (wait > 0) {
                return refused(realm, client, description, Limit.CLIENT_IP, wait);
            }
            wait = allowance == null ? 0
                    : store.throttle(allowance.kind(), realm.getId(), allowance.address(), allowance.intervalSeconds());
            if (wait > 0) {
                return refused(realm, client, description, Limit.ADDRESS, wait);
            }
            BackgroundJobs.submit(session, place.get(), description, job);
            submitted = true;
            return new Queued();
        } finally {
            if (!submitted) {
                place.get().release();
            }
        }
    }

    /** 0 when the client IP may send now (a slot is claimed), else the seconds until its window ends. */
    private static long clientIpWait(KeycloakSession session, CodeStore store, RealmModel realm, SendLimitSettings settings) {
        if (settings.perClientIp() == 0) {
            return 0;
        }
        return store.claimInWindow(CLIENT_IP_KIND, realm.getId(), countedAddress(clientIp(session)), settings.perClientIp(),
                settings.windowSeconds());
    }

    /**
     * The address a client-IP limit counts: an IPv4 address as it is, an IPv6 address by its /64 prefix (one
     * host or network usually holds a whole /64, so counting each address alone would let it send without
     * limit), an IPv4-mapped IPv6 address as its IPv4 address; anything unparsable as it is.
     */
    static String countedAddress(String address) {
        if (address == null || address.indexOf(':') < 0 || !address.matches("[0-9A-Fa-f:.]+(%[\\w.-]+)?")) {
            return address;
        }
        try {
            InetAddress parsed = InetAddress.getByName(address.replaceFirst("%.*$", ""));
            if (parsed instanceof Inet4Address) {
                return parsed.getHostAddress();
            }
            byte[] bytes = parsed.getAddress();
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                prefix.append(String.format("%02x", bytes[i] & 0xff));
                if (i % 2 == 1 && i < 7) {
                    prefix.append(':');
                }
            }
            return prefix.append("::/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** Keycloak's view of the caller's address (it honours the server's proxy-headers option). */
    private static String clientIp(KeycloakSession session) {
        ClientConnection connection = session.getContext().getConnection();
        String address = connection == null ? null : connection.getRemoteAddr();
        return address == null ? "unknown" : address;
    }

    private static Refused refused(RealmModel realm, ClientModel client, String description, Limit limit, long retryAfterSeconds) {
        LOG.debugf("No %s mail in realm %s: %s limit reached", description, realm.getName(), limit);
        FlowMetrics.Flow flow = FlowMetrics.Flow.ofKind(description);
        if (flow != null) {
            FlowMetrics.throttled(flow, realm.getName(), client.getClientId());
        }
        return new Refused(limit, retryAfterSeconds);
    }
}
