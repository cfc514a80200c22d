package dev.platformauth.it.metrics;

import dev.platformauth.it.support.Account;

import dev.platformauth.it.support.ApiRealmTest;
import dev.platformauth.it.support.BackgroundWork;
import dev.platformauth.it.support.EmailSignIns;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.PrometheusMetrics;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundle's meters on Keycloak's {@code /metrics} (docs/metrics.md): issued, redeemed, failed by
 * reason and throttled per flow, the mail-delivery and platform-token timers, tagged with the realm
 * and the client. Every assertion is a difference in this class's own realm.
 */
class MetricsIT extends ApiRealmTest {

    private static final String ISSUED = "platform_auth_issued_total";
    private static final String REDEEMED = "platform_auth_redeemed_total";
    private static final String FAILED = "platform_auth_failed_total";
    private static final String THROTTLED = "platform_auth_throttled_total";
    private static final String MAIL_DELIVERY = "platform_auth_mail_delivery_seconds_count";
    private static final String PLATFORM_TOKEN_MINT = "platform_auth_platform_token_mint_seconds_count";

    @Override
    protected String realmPrefix() {
        return "metrics";
    }

    private PrometheusMetrics metrics() {
        return new PrometheusMetrics(keycloak);
    }

    private Map<String, String> tags(String flow, String... more) {
        Map<String, String> tags = new HashMap<>(Map.of("flow", flow, "realm", realm.name(), "client", TestRealm.AUTH_CLIENT));
        for (int i = 0; i < more.length; i += 2) {
            tags.put(more[i], more[i + 1]);
        }
        return tags;
    }

    /** Runs {@code action} and waits until {@code meter} with {@code tags} grew by one. */
    private <T> T growsByOne(String meter, Map<String, String> tags, Supplier<T> action) {
        double before = metrics().value(meter, tags);
        T result = action.get();
        metrics().await(meter, tags, before + 1);
        return result;
    }

    @Test
    @HappyPath
    void eachEmailSignInCountsItsMailAndItsRedemption() {
        EmailSignIns signIns = signIns();
        Map<String, Supplier<HttpResult>> flows = Map.of(
                "exchange_code", () -> signIns.byExchangeCode(Account.create(realm).email()),
                "magic_link", () -> signIns.byMagicLink(Account.create(realm).email()),
                "email_otp", () -> signIns.byEmailOtp(Account.create(realm).email()));
        flows.forEach((flow, signIn) -> {
            double mailed = metrics().value(MAIL_DELIVERY, tags(flow));
            double platformTokens = metrics().value(ISSUED, tags("platform_token"));
            HttpResult tokens = growsByOne(ISSUED, tags(flow), () -> growsByOne(REDEEMED, tags(flow), signIn));
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            assertThat(metrics().value(MAIL_DELIVERY, tags(flow))).as(flow + " mail timer").isEqualTo(mailed + 1);
            assertThat(metrics().value(ISSUED, tags("platform_token"))).as("platform tokens").isEqualTo(platformTokens + 1);
            assertThat(metrics().value(PLATFORM_TOKEN_MINT, tags("platform_token"))).isGreaterThanOrEqualTo(platformTokens + 1);
        });
    }

    @Test
    void aPasswordResetMailIsCountedOnceWithItsDeliveryTime() {
        String email = Account.create(realm).email();
        double issued = metrics().value(ISSUED, tags("password_reset"));
        double mailed = metrics().value(MAIL_DELIVERY, tags("password_reset"));
        int jobs = BackgroundWork.mark(keycloak);
        HttpResult answer = Http.postEmpty(realm.url() + EmailSignIns.V2 + "/password-recovery/" + email, Map.of());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        mail.awaitMessagesTo(email, 1, Duration.ofSeconds(20));
        BackgroundWork.awaitIdle(keycloak, jobs);
        metrics().await(MAIL_DELIVERY, tags("password_reset"), mailed + 1);
        assertThat(metrics().value(ISSUED, tags("password_reset"))).as("issued once, not per source").isEqualTo(issued + 1);
    }

    @Test
    void aRefusedRedemptionCountsItsReason() {
        HttpResult refused = growsByOne(FAILED, tags("exchange_code", "reason", "invalid_code"),
                () -> signIns().exchange("ABCDE-FGHJK-MNPQR-STVWX-YZ0123"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(metrics().value(REDEEMED, tags("exchange_code", "reason", "invalid_code"))).isZero();
    }

    @Test
    void aThrottledRequestIsCounted() {
        String address = "nobody-" + UUID.randomUUID() + "@example.test";
        String body = "{\"email\":\"" + address + "\"}";
        String url = realm.url() + EmailSignIns.V2 + "/login/passwordless/request-token";
        assertThat(Http.postJson(url, body, Map.of()).status()).isEqualTo(202);
        HttpResult second = growsByOne(THROTTLED, tags("exchange_code"), () -> Http.postJson(url, body, Map.of()));
        assertThat(second.status()).as(second.toString()).isEqualTo(429);
    }

    @Test
    void theMetersCarryOnlyBoundedTags() {
        signIns().byExchangeCode(Account.create(realm).email());
        String page = Http.get(keycloak.managementUri() + "/metrics", Map.of()).body();
        java.util.List<String> ours = page.lines().filter(line -> line.startsWith("platform_auth_")).toList();
        assertThat(ours).isNotEmpty();
        java.util.regex.Pattern key = java.util.regex.Pattern.compile("([a-z_]+)=\"");
        for (String line : ours) {
            java.util.regex.Matcher keys = key.matcher(line.substring(line.indexOf('{'), line.lastIndexOf('}')));
            while (keys.find()) {
                assertThat(keys.group(1)).as(line).isIn("client", "flow", "realm", "reason");
            }
        }
    }
}
