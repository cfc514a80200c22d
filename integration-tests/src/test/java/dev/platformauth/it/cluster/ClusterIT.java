package dev.platformauth.it.cluster;

import dev.platformauth.it.entitytoken.EntityRealm;
import dev.platformauth.it.support.Account;
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
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import dev.platformauth.it.terms.TermsRealm;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
    private ClusterCalls calls;

    @BeforeAll
    void createRealm(KeycloakCluster cluster, MailServer mail) {
        this.cluster = cluster;
        this.mail = mail;
        onA = SentinelRealm.create(cluster.nodeA(), mail, "cluster", rep -> {
            // magic link and OTP on without resend intervals; the exchange code keeps its default; the OTP
            // failure limit per account out of the way (the OTP race counts one code's attempts)
            MailedLogins.apiEnabled(Map.of("platform-auth.send-limit.per-ip", "0",
                    "platform-auth.email-otp.max-account-attempts", "1000")).accept(rep);
            for (ClientRepresentation client : rep.getClients()) {
                if (SentinelRealm.CLIENT.equals(client.getClientId())) {
                    client.setAttributes(new HashMap<>(Map.of("platform-auth.send-limit.per-ip", "0")));
                }
            }
            rep.setEnabledEventTypes(List.of("LOGIN", "LOGIN_ERROR", "IMPERSONATE", "IMPERSONATE_ERROR",
                    "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR"));
        });
        onB = onA.on(cluster.nodeB());
        calls = new ClusterCalls(mail, onA, onB);
    }

    @AfterAll
    void deleteRealm() {
        if (onB != null) {
            onB.close();
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
        calls.redeemOnce(calls.requestAll(onA), onB, onA, onB);
    }

    @Test
    @Order(3)
    @DisplayName("given one exchange code when 100 redemptions race, half on each node, then exactly one signs in and "
            + "99 get invalid_grant")
    void hundredConcurrentRedemptions() throws Exception {
        Account user = calls.newUser();
        String code = calls.signIns(onA).exchangeCode(user.email());

        List<HttpResult> results = calls.splitAcrossNodes(100, on -> calls.signIns(on).exchange(code));

        ClusterCalls.assertRace(results, Map.of(200, 1L, 400, 99L), Map.of(400, "invalid_grant"));
    }

    @Test
    @Order(4)
    @DisplayName("given an email OTP when 40 wrong guesses race on both nodes then exactly 5 are compared (the attempt "
            + "limit) and 35 get 429; the right code is refused afterwards on either node")
    void otpAttemptLimitAcrossNodes() throws Exception {
        Account user = calls.newUser();
        String otp = calls.signIns(onA).emailOtp(user.email());
        AtomicInteger guess = new AtomicInteger();

        List<HttpResult> results = calls.splitAcrossNodes(40,
                on -> calls.signIns(on).verify(user.email(), MailedLogins.wrongOtp(otp, guess.getAndIncrement())));

        ClusterCalls.assertRace(results, Map.of(400, 5L, 429, 35L), Map.of(400, "invalid_grant", 429, "too_many_requests"));
        for (TestRealm on : List.of(onA, onB)) {
            ClusterCalls.assertRefused(calls.signIns(on).verify(user.email(), otp), 429, "too_many_requests");
        }
    }

    @Test
    @Order(5)
    @DisplayName("given 10 exchange-code requests for one address racing on both nodes then one is sent and 9 get 429 "
            + "with Retry-After; a later request on either node is throttled too")
    void resendThrottleAcrossNodes() throws Exception {
        Account user = calls.newUser();
        String body = "{\"email\":\"" + user.email() + "\"}";

        List<HttpResult> results = calls.splitAcrossNodes(10, on -> Http.postJson(on.url() + EmailSignIns.V2
                + "/login/passwordless/request-token", body, Map.of()));

        ClusterCalls.assertRace(results, Map.of(202, 1L, 429, 9L), Map.of(429, "too_many_requests"));
        assertThat(results).filteredOn(result -> result.status() == 429)
                .allSatisfy(throttled -> assertThat(Long.parseLong(throttled.header("Retry-After"))).isLessThanOrEqualTo(RESEND_INTERVAL));
        mail.awaitOneTo(user.email());
        for (TestRealm on : List.of(onA, onB)) {
            HttpResult again = Http.postJson(on.url() + EmailSignIns.V2 + "/login/passwordless/request-token", body, Map.of());
            ClusterCalls.assertRefused(again, 429, "too_many_requests");
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
            assertThat(ClusterCalls.sentinelSignIn(termsB, accepting, accepting.password()).status()).isEqualTo(200);
            String tokenA = ClusterCalls.sentinelSignIn(termsA, accepting, accepting.password()).json().get("token").asText();

            HttpResult accepted = Http.postRaw(termsA.url() + TermsRealm.API + "/termsAndConditions", "application/json",
                    new byte[0], Http.bearer(tokenA));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);

            assertThat(ClusterCalls.loginOn(cluster.nodeB(), termsB, accepting).leftKeycloak()).as("terms page on B after accepting on A")
                    .isTrue();
            Page termsPage = ClusterCalls.loginOn(cluster.nodeB(), termsB, declining);
            assertThat(termsPage.leftKeycloak()).isFalse();
            assertThat(LoginForms.termsForm(termsPage)).as(termsPage.toString()).isNotNull();
        }
    }

    @Test
    @Order(100)
    @DisplayName("given codes, links, OTPs and reset tokens requested on A when A is SIGKILLed then each is redeemable "
            + "exactly once on B; A restarted rejoins the cluster, refuses them too and serves")
    void failover() {
        ClusterCalls.Outstanding secrets = calls.requestAll(onA);

        cluster.kill(cluster.nodeA());
        assertThat(cluster.view(cluster.nodeB())).containsExactly("node-b");
        calls.redeemOnce(secrets, onB, onB);

        cluster.start(cluster.nodeA());
        for (KeycloakServer node : List.of(cluster.nodeA(), cluster.nodeB())) {
            assertThat(cluster.view(node)).as("view of %s", cluster.name(node)).containsExactlyInAnyOrder("node-a", "node-b");
        }
        EmailSignIns signInsA = calls.signIns(onA);
        ClusterCalls.assertRefused(signInsA.exchange(secrets.code()), 400, "invalid_grant");
        ClusterCalls.assertRefused(signInsA.validate(secrets.link(), null), 400, "invalid_grant");
        Account fresh = calls.newUser();
        ClusterCalls.assertSignedIn(signInsA.byExchangeCode(fresh.email()));
        Polling.await(() -> onB.events("LOGIN").stream().filter(event -> fresh.id().equals(event.getUserId())).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(10), "the LOGIN event of the sign-in on the restarted node");
    }
}
