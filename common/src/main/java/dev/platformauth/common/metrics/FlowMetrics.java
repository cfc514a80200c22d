package dev.platformauth.common.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;

/**
 * The bundle's meters, in Keycloak's Micrometer registry (shown on the management interface's
 * {@code /metrics} when Keycloak runs with {@code --metrics-enabled=true}; without it the registry
 * holds no backend and the calls cost next to nothing). Every meter carries the tags {@code flow}, {@code realm} (name) and {@code client}
 * (client id); failures add {@code reason}, an event error of a fixed set. See docs/metrics.md.
 */
public final class FlowMetrics {

    /** Secrets and tokens issued (mailed, minted, started). */
    static final String ISSUED = "platform.auth.issued";
    /** Secrets and tokens redeemed: a sign-in, an active introspection, a password set. */
    static final String REDEEMED = "platform.auth.redeemed";
    /** Redemptions refused, tagged with the reason. */
    static final String FAILED = "platform.auth.failed";
    /** Requests refused by a send limit (address interval, client IP, mail queue). */
    static final String THROTTLED = "platform.auth.throttled";
    /** Background mail jobs: from the request to the mail handed to the SMTP server. */
    public static final String MAIL_DELIVERY = "platform.auth.mail.delivery";
    /** Time to build and sign a platform token. */
    public static final String PLATFORM_TOKEN_MINT = "platform.auth.platform.token.mint";

    static final String UNKNOWN = "unknown";
    static final int MAX_TAG_LENGTH = 64;
    private static final Pattern REASON = Pattern.compile("[a-z0-9_\\-]{1,40}");
    private static final MeterRegistry REGISTRY = Metrics.globalRegistry;

    /** The flows, with their tag values. */
    public enum Flow {
        EXCHANGE_CODE("exchange_code", "exchange-code"),
        MAGIC_LINK("magic_link", "magic-link"),
        EMAIL_OTP("email_otp", "email-otp"),
        PASSWORD_RESET("password_reset", "password-reset"),
        LOGIN_AS("login_as", "login-as"),
        ENTITY_TOKEN_INTROSPECTION("entity_token_introspection", "entity-token-introspection"),
        ENTITY_TOKEN_GRANT("entity_token_grant", "entity-token"),
        PLATFORM_TOKEN("platform_token", "platform-token");

        final String tag;
        /** The flow's name in events ({@code login_method}) and in the send kinds of its mails. */
        final String kind;

        Flow(String tag, String kind) {
            this.tag = tag;
            this.kind = kind;
        }

        String tag() {
            return tag;
        }

        /**
         * The flow of a {@code login_method} event detail or a send kind ({@code exchange-code-send}),
         * or null for anything else.
         */
        public static Flow ofKind(String kind) {
            if (kind == null) {
                return null;
            }
            String name = kind.endsWith(SEND_SUFFIX) ? kind.substring(0, kind.length() - SEND_SUFFIX.length()) : kind;
            for (Flow flow : values()) {
                if (flow.kind.equals(name)) {
                    return flow;
                }
            }
            return null;
        }
    }

    private static final String SEND_SUFFIX = "-send";

    private FlowMetrics() {
    }

    public static void issued(Flow flow, String realm, String client) {
        count(ISSUED, tags(flow, realm, client));
    }

    public static void redeemed(Flow flow, String realm, String client) {
        count(REDEEMED, tags(flow, realm, client));
    }

    public static void failed(Flow flow, String realm, String client, String reason) {
        count(FAILED, tags(flow, realm, client).and("reason", reason(reason)));
    }

    public static void throttled(Flow flow, String realm, String client) {
        count(THROTTLED, tags(flow, realm, client));
    }

    /** Records one duration of {@code timer} ({@link #MAIL_DELIVERY} or {@link #PLATFORM_TOKEN_MINT}). */
    public static void time(String timer, Flow flow, String realm, String client, long startNanos) {
        record(timer, flow, realm, client, System.nanoTime() - startNanos);
    }

    /** Records one duration of {@code timer}, given in nanoseconds (work done in parts, on more than one thread). */
    public static void record(String timer, Flow flow, String realm, String client, long nanos) {
        REGISTRY.timer(timer, tags(flow, realm, client)).record(Duration.ofNanos(nanos));
    }

    /** An event error as a tag value: itself when it looks like one (lower case, short), else {@code other}. */
    static String reason(String error) {
        if (error == null || error.isEmpty()) {
            return UNKNOWN;
        }
        String lower = error.toLowerCase(Locale.ROOT);
        return REASON.matcher(lower).matches() ? lower : "other";
    }

    static Tags tags(Flow flow, String realm, String client) {
        return Tags.of("flow", flow.tag, "realm", bounded(realm), "client", bounded(client));
    }

    private static String bounded(String value) {
        if (value == null || value.isEmpty()) {
            return UNKNOWN;
        }
        return value.length() > MAX_TAG_LENGTH ? value.substring(0, MAX_TAG_LENGTH) : value;
    }

    private static void count(String counter, Tags tags) {
        REGISTRY.counter(counter, tags).increment();
    }
}
