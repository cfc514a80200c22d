package dev.platformauth.it.cluster;

import dev.platformauth.it.entitytoken.EntityRealm;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.Concurrently;
import dev.platformauth.it.support.EmailSignIns;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakCluster;
import dev.platformauth.it.support.KeycloakClusterTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.LoginForms;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.ResetLinks;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import dev.platformauth.it.terms.TermsRealm;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;

import static dev.platformauth.it.support.RealmUsers.assertForbidden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundle on a two-node cluster in production mode (one PostgreSQL database, Infinispan with
 * JDBC_PING discovery), requests alternating between the nodes: every single-use secret is spent
 * everywhere at once, limits and throttles count cluster-wide, entity tokens, login-as and terms read
 * the same state on both nodes, and secrets outstanding when a node dies stay redeemable exactly once
 * on the other. See docs/operations.md.
 */
@KeycloakClusterTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String SENTINEL_API = SentinelRealm.API;
    /** The exchange code's default resend interval (s), which this realm keeps. */
    private static final long RESEND_INTERVAL = 60;

    private KeycloakCluster cluster;
    private MailServer mail;
    private TestRealm onA;
    private TestRealm onB;

    @BeforeAll
    void createRealm(KeycloakCluster cluster, MailServer mail) {
        this.cluster = cluster;
        this.mail = mail;
        onA = SentinelRealm.create(cluster.nodeA(), mail, "cluster", rep -> {
            // magic link and OTP on without resend intervals; the exchange code keeps its default
            MailedLogins.apiEnabled(Map.of("platform-auth.send-limit.per-ip", "0")).accept(rep);
            for (ClientRepresentation client : rep.getClients()) {
                if (SentinelRealm.CLIENT.equals(client.getClientId())) {
                    client.setAttributes(new HashMap<>(Map.of("platform-auth.send-limit.per-ip", "0")));
                }
            }
            rep.setEnabledEventTypes(List.of("LOGIN", "LOGIN_ERROR", "IMPERSONATE", "IMPERSONATE_ERROR",
                    "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR"));
        });
        onB = onA.on(cluster.nodeB());
    }

    @AfterAll
    void deleteRealm() {
        if (onB != null) {
            onB.close();
        }
    }

    private EmailSignIns signIns(TestRealm on) {
        return new EmailSignIns(on, mail);
    }

    private Account newUser() {
        return new RealmUsers(onA).create("c");
    }

    /**
     * Asserts how many racing requests got each status, that each refusal names the error of its status
     * in {@code errors}, and that every 429 says when to retry.
     */
    private static void assertRace(List<HttpResult> results, Map<Integer, Long> statuses, Map<Integer, String> errors) {
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

    private static void assertRefused(HttpResult result, int status, String error) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.json().path("error").asText()).as(result.toString()).isEqualTo(error);
    }

    private static void assertSignedIn(HttpResult result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.json().path("access_token").asText()).as(result.toString()).isNotBlank();
    }

    /** Runs {@code parallel} requests released together, the even ones on node A, the odd ones on node B. */
    private List<HttpResult> splitAcrossNodes(int parallel, Function<TestRealm, HttpResult> request) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return Concurrently.run(parallel, () -> request.apply(next.getAndIncrement() % 2 == 0 ? onA : onB));
    }

    /** The reset token of the link mailed after a sentinel passwordReset for {@code user} on {@code on}. */
    private String resetToken(TestRealm on, Account user) {
        int before = mail.messagesTo(user.email()).size();
        HttpResult accepted = Http.postJson(on.url() + SENTINEL_API + "/passwordReset",
                "{\"username\":\"" + user.username() + "\"}", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        var messages = mail.awaitMessagesTo(user.email(), before + 1, Duration.ofSeconds(20));
        return ResetLinks.tokenOf(ResetLinks.linkIn(messages.get(messages.size() - 1)));
    }

    private static HttpResult setPassword(TestRealm on, String resetToken, String password) {
        return Http.postJson(on.url() + SENTINEL_API + "/password", "{\"password\":\"" + password + "\"}",
                Http.bearer(resetToken));
    }

    private static HttpResult sentinelSignIn(TestRealm on, Account user, String password) {
        return Http.postJson(on.url() + SENTINEL_API + "/token",
                "{\"username\":\"" + user.username() + "\",\"password\":\"" + password + "\"}", Map.of());
    }

    /** The secrets of one user of each kind, requested on one node and not yet redeemed. */
    private record Outstanding(Account codeUser, String code, Account linkUser, String link, Account otpUser, String otp,
                               Account resetUser, String resetToken) {
    }

    private Outstanding requestAll(TestRealm on) {
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
    private void redeemOnce(Outstanding secrets, TestRealm redeemOn, TestRealm... replayOn) {
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

    @Test
    @Order(1)
    @DisplayName("given the two nodes when the suite starts then each one's cluster view holds both")
    void oneCluster() {
        for (KeycloakServer node : List.of(cluster.nodeA(), cluster.nodeB())) {
            assertThat(cluster.view(node)).as("view of %s", cluster.name(node)).containsExactlyInAnyOrder("node-a", "node-b");
        }
    }

    @Test
    @Order(2)
    @DisplayName("given an exchange code, a magic link, an email OTP and a reset token requested on A when each is "
            + "redeemed on B then it works once, and A and B refuse it at once afterwards")
    void requestedOnARedeemedOnB() {
        redeemOnce(requestAll(onA), onB, onA, onB);
    }

    @Test
    @Order(3)
    @DisplayName("given one exchange code when 100 redemptions race, half on each node, then exactly one signs in and "
            + "99 get invalid_grant")
    void hundredConcurrentRedemptions() throws Exception {
        Account user = newUser();
        String code = signIns(onA).exchangeCode(user.email());

        List<HttpResult> results = splitAcrossNodes(100, on -> signIns(on).exchange(code));

        assertRace(results, Map.of(200, 1L, 400, 99L), Map.of(400, "invalid_grant"));
    }

    @Test
    @Order(4)
    @DisplayName("given an email OTP when 40 wrong guesses race on both nodes then exactly 5 are compared (the attempt "
            + "limit) and 35 get 429; the right code is refused afterwards on either node")
    void otpAttemptLimitAcrossNodes() throws Exception {
        Account user = newUser();
        String otp = signIns(onA).emailOtp(user.email());
        AtomicInteger guess = new AtomicInteger();

        List<HttpResult> results = splitAcrossNodes(40,
                on -> signIns(on).verify(user.email(), MailedLogins.wrongOtp(otp, guess.getAndIncrement())));

        assertRace(results, Map.of(400, 5L, 429, 35L), Map.of(400, "invalid_grant", 429, "too_many_requests"));
        for (TestRealm on : List.of(onA, onB)) {
            assertRefused(signIns(on).verify(user.email(), otp), 429, "too_many_requests");
        }
    }

    @Test
    @Order(5)
    @DisplayName("given 10 exchange-code requests for one address racing on both nodes then one is sent and 9 get 429 "
            + "with Retry-After; a later request on either node is throttled too")
    void resendThrottleAcrossNodes() throws Exception {
        Account user = newUser();
        String body = "{\"email\":\"" + user.email() + "\"}";

        List<HttpResult> results = splitAcrossNodes(10, on -> Http.postJson(on.url() + EmailSignIns.V2
                + "/login/passwordless/request-token", body, Map.of()));

        assertRace(results, Map.of(202, 1L, 429, 9L), Map.of(429, "too_many_requests"));
        assertThat(results).filteredOn(result -> result.status() == 429)
                .allSatisfy(throttled -> assertThat(Long.parseLong(throttled.header("Retry-After"))).isLessThanOrEqualTo(RESEND_INTERVAL));
        mail.awaitOneTo(user.email());
        for (TestRealm on : List.of(onA, onB)) {
            HttpResult again = Http.postJson(on.url() + EmailSignIns.V2 + "/login/passwordless/request-token", body, Map.of());
            assertRefused(again, 429, "too_many_requests");
        }
    }

    @Test
    @Order(6)
    @DisplayName("given an entity token created on A then B introspects it active; revoked on B, A calls it inactive at once")
    void entityTokenAcrossNodes() {
        try (EntityRealm entitiesA = EntityRealm.create(cluster.nodeA(), mail, "cluster-entities")) {
            EntityRealm entitiesB = entitiesA.on(cluster.nodeB());
            HttpResult created = Http.postEmpty(entitiesA.tokenUrl(entitiesA.acme, entitiesA.alice),
                    Http.bearer(entitiesA.accessToken("alice")));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String secret = created.json().get("authenticationToken").asText();

            assertThat(entitiesB.active(secret)).as("introspected on B").isTrue();
            assertThat(entitiesA.active(secret)).as("introspected on A").isTrue();

            HttpResult revoked = Http.delete(entitiesB.tokenUrl(entitiesB.acme, entitiesB.alice),
                    Http.bearer(entitiesB.accessToken("alice")));
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
            assertThat(entitiesA.active(secret)).as("introspected on A right after the revocation on B").isFalse();
            assertThat(entitiesB.active(secret)).as("introspected on B").isFalse();
        }
    }

    @Test
    @Order(7)
    @DisplayName("given a login-as on A then one IMPERSONATE event is stored, and B refuses to refresh its token "
            + "(while the customer's own token from A refreshes on B)")
    void loginAsAcrossNodes() {
        RealmUsers users = new RealmUsers(onA);
        Account agent = users.grantClientRole(users.create("agent"), "realm-management", "impersonation");
        Account customer = users.create("customer");

        String loginAs = users.loginAsToken(agent, customer);

        List<EventRepresentation> impersonations = onB.events("IMPERSONATE").stream()
                .filter(event -> customer.id().equals(event.getUserId())).toList();
        assertThat(impersonations).as("IMPERSONATE events of the login-as, read through B").hasSize(1);
        assertThat(impersonations.get(0).getDetails()).containsEntry("impersonator_id", agent.id());
        assertForbidden(Http.get(onB.url() + SENTINEL_API + "/refreshToken", Http.bearer(loginAs)),
                "A login-as session cannot refresh its tokens");

        String own = users.sentinelToken(customer);
        HttpResult refreshed = Http.get(onB.url() + SENTINEL_API + "/refreshToken", Http.bearer(own));
        assertThat(refreshed.status()).as("a token of A refreshed on B: %s", refreshed).isEqualTo(200);
    }

    @Test
    @Order(8)
    @DisplayName("given a user B has already read when they accept the terms on A then B's login lets them in "
            + "without the terms page; a user who did not accept gets it on B")
    void termsAcrossNodes() {
        try (TestRealm termsA = TermsRealm.create(cluster.nodeA(), mail, "cluster-terms")) {
            TestRealm termsB = termsA.on(cluster.nodeB());
            Account accepting = new RealmUsers(termsA).create("t");
            Account declining = new RealmUsers(termsA).create("t");
            // B reads (and caches) the user before the acceptance
            assertThat(sentinelSignIn(termsB, accepting, accepting.password()).status()).isEqualTo(200);
            String tokenA = sentinelSignIn(termsA, accepting, accepting.password()).json().get("token").asText();

            HttpResult accepted = Http.postRaw(termsA.url() + TermsRealm.API + "/termsAndConditions", "application/json",
                    new byte[0], Http.bearer(tokenA));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);

            assertThat(loginOn(cluster.nodeB(), termsB, accepting).leftKeycloak()).as("terms page on B after accepting on A")
                    .isTrue();
            Page termsPage = loginOn(cluster.nodeB(), termsB, declining);
            assertThat(termsPage.leftKeycloak()).isFalse();
            assertThat(LoginForms.termsForm(termsPage)).as(termsPage.toString()).isNotNull();
        }
    }

    private static Page loginOn(KeycloakServer node, TestRealm realm, Account user) {
        AuthorizationCodeFlow flow = new BrowserSession(node).authorizationCodeFlow(realm);
        return flow.login(flow.start(), user.username(), user.password());
    }

    @Test
    @Order(100)
    @DisplayName("given codes, links, OTPs and reset tokens requested on A when A is SIGKILLed then each is redeemable "
            + "exactly once on B; A restarted rejoins the cluster, refuses them too and serves")
    void failover() {
        Outstanding secrets = requestAll(onA);

        cluster.kill(cluster.nodeA());
        assertThat(cluster.view(cluster.nodeB())).containsExactly("node-b");
        redeemOnce(secrets, onB, onB);

        cluster.start(cluster.nodeA());
        for (KeycloakServer node : List.of(cluster.nodeA(), cluster.nodeB())) {
            assertThat(cluster.view(node)).as("view of %s", cluster.name(node)).containsExactlyInAnyOrder("node-a", "node-b");
        }
        EmailSignIns signInsA = signIns(onA);
        assertRefused(signInsA.exchange(secrets.code()), 400, "invalid_grant");
        assertRefused(signInsA.validate(secrets.link(), null), 400, "invalid_grant");
        Account fresh = newUser();
        assertSignedIn(signInsA.byExchangeCode(fresh.email()));
        Polling.await(() -> onB.events("LOGIN").stream().filter(event -> fresh.id().equals(event.getUserId())).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(10), "the LOGIN event of the sign-in on the restarted node");
    }
}
