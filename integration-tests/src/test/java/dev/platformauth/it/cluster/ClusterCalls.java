package dev.platformauth.it.cluster;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.Concurrently;
import dev.platformauth.it.support.EmailSignIns;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.ResetLinks;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The requests and checks of {@link ClusterIT}: secrets requested on one node and redeemed on the other, races split across both. */
final class ClusterCalls {

    private static final String SENTINEL_API = SentinelRealm.API;

    private final MailServer mail;
    private final TestRealm onA;
    private final TestRealm onB;

    ClusterCalls(MailServer mail, TestRealm onA, TestRealm onB) {
        this.mail = mail;
        this.onA = onA;
        this.onB = onB;
    }

    EmailSignIns signIns(TestRealm on) {
        return new EmailSignIns(on, mail);
    }

    Account newUser() {
        return new RealmUsers(onA).create("c");
    }

    /**
     * Asserts how many racing requests got each status, that each refusal names the error of its status
     * in {@code errors}, and that every 429 says when to retry.
     */
    static void assertRace(List<HttpResult> results, Map<Integer, Long> statuses, Map<Integer, String> errors) {
        assertThat(results.stream().collect(Collectors.groupingBy(HttpResult::status, Collectors.counting())))
                .as(results.toString()).isEqualTo(statuses);
        for (HttpResult result : results) {
            if (errors.containsKey(result.status())) {
                assertThat(result.json().path("error").asText()).as(result.toString()).isEqualTo(errors.get(result.status()));
            }
            if (result.status() == 429) {
                assertThat(Long.parseLong(result.header("Retry-After"))).as(result.toString()).isPositive();
            }
        }
    }

    static void assertRefused(HttpResult result, int status, String error) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.json().path("error").asText()).as(result.toString()).isEqualTo(error);
    }

    static void assertSignedIn(HttpResult result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.json().path("access_token").asText()).as(result.toString()).isNotBlank();
    }

    /** Runs {@code parallel} requests released together, the even ones on node A, the odd ones on node B. */
    List<HttpResult> splitAcrossNodes(int parallel, Function<TestRealm, HttpResult> request) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return Concurrently.run(parallel, () -> request.apply(next.getAndIncrement() % 2 == 0 ? onA : onB));
    }

    /** The reset token of the link mailed after a sentinel passwordReset for {@code user} on {@code on}. */
    String resetToken(TestRealm on, Account user) {
        int before = mail.messagesTo(user.email()).size();
        HttpResult accepted = Http.postJson(on.url() + SENTINEL_API + "/passwordReset",
                "{\"username\":\"" + user.username() + "\"}", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        var messages = mail.awaitMessagesTo(user.email(), before + 1, Duration.ofSeconds(20));
        return ResetLinks.tokenOf(ResetLinks.linkIn(messages.get(messages.size() - 1)));
    }

    static HttpResult setPassword(TestRealm on, String resetToken, String password) {
        return Http.postJson(on.url() + SENTINEL_API + "/password", "{\"password\":\"" + password + "\"}",
                Http.bearer(resetToken));
    }

    static HttpResult sentinelSignIn(TestRealm on, Account user, String password) {
        return Http.postJson(on.url() + SENTINEL_API + "/token",
                "{\"username\":\"" + user.username() + "\",\"password\":\"" + password + "\"}", Map.of());
    }

    /** The secrets of one user of each kind, requested on one node and not yet redeemed. */
    record Outstanding(Account codeUser, String code, Account linkUser, String link, Account otpUser, String otp,
                               Account resetUser, String resetToken) {
    }

    Outstanding requestAll(TestRealm on) {
        EmailSignIns signIns = signIns(on);
        Account codeUser = newUser();
        Account linkUser = newUser();
        Account otpUser = newUser();
        Account resetUser = newUser();
        return new Outstanding(codeUser, signIns.exchangeCode(codeUser.email()),
                linkUser, signIns.magicLinkToken(linkUser.email(), ""),
                otpUser, signIns.emailOtp(otpUser.email()),
                resetUser, resetToken(on, resetUser));
    }

    /** Redeems each secret on {@code redeemOn} (each works once) and then tries each again on every node in {@code replayOn}. */
    void redeemOnce(Outstanding secrets, TestRealm redeemOn, TestRealm... replayOn) {
        EmailSignIns redeem = signIns(redeemOn);
        assertSignedIn(redeem.exchange(secrets.code()));
        assertSignedIn(redeem.validate(secrets.link(), null));
        assertSignedIn(redeem.verify(secrets.otpUser().email(), secrets.otp()));
        String newPassword = "Reset-" + secrets.resetUser().username() + "-2";
        HttpResult reset = setPassword(redeemOn, secrets.resetToken(), newPassword);
        assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
        assertThat(sentinelSignIn(redeemOn, secrets.resetUser(), newPassword).status()).isEqualTo(200);

        for (TestRealm on : replayOn) {
            EmailSignIns replay = signIns(on);
            assertRefused(replay.exchange(secrets.code()), 400, "invalid_grant");
            assertRefused(replay.validate(secrets.link(), null), 400, "invalid_grant");
            assertRefused(replay.verify(secrets.otpUser().email(), secrets.otp()), 400, "invalid_grant");
            assertRefused(setPassword(on, secrets.resetToken(), "Replayed-" + newPassword), 403, "forbidden");
        }
    }

    static Page loginOn(KeycloakServer node, TestRealm realm, Account user) {
        AuthorizationCodeFlow flow = new BrowserSession(node).authorizationCodeFlow(realm);
        return flow.login(flow.start(), user.username(), user.password());
    }
}
