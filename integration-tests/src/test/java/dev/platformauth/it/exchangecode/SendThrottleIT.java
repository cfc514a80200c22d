package dev.platformauth.it.exchangecode;

import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Concurrently;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.LoginForms;
import dev.platformauth.it.support.MailCodes;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.SilentSmtpServer;
import dev.platformauth.it.support.TestRealm;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ClientRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttles that cannot be turned against a user, against the real Keycloak: the login pages have
 * their own per-address allowance (API requests cannot use it up) and tell the truth when nothing was
 * sent; every mailing route has a per-client-IP limit and the node a bounded mail queue, both
 * answered with 429 and {@code Retry-After} (login pages: "try again later").
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendThrottleIT {

    private static final String V2 = "/auth-service/api/v2/login";
    private static final String CODE_NOT_SENT =
            "We did not send a new code: one was requested for \\S+ moments ago\\. You can ask for a new one in \\d+ s\\.";
    private static final String LINK_NOT_SENT =
            "We did not send a new link: one was requested for \\S+ moments ago\\. You can ask for a new one in \\d+ s\\.";
    private static final String TRY_LATER =
            "We cannot send an email right now: too many were requested\\. Please try again in \\d+ s\\.";

    private KeycloakServer keycloak;
    private MailServer mail;
    /** The "Email code" login step and the API, both with the default resend interval of 60 s. */
    private TestRealm realm;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.builder(keycloak, mail, "send-throttle")
            .customize(EmailCodeFlows.browserFlow(Map.of("platform-auth.code.resend-interval", "60")))
            .create());

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        realm = REALM.get();
    }

    private static String newEmail(TestRealm in) {
        String name = "v" + UUID.randomUUID().toString().substring(0, 8);
        String email = name + "@example.test";
        in.createUser(name, email, "Secret-" + name);
        return email;
    }

    private static String unknownEmail() {
        return "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    private static HttpResult post(TestRealm in, String path, String json) {
        return Http.postJson(in.url() + path, json, Map.of());
    }

    private static HttpResult requestCode(TestRealm in, String email) {
        return post(in, V2 + "/passwordless/request-token", "{\"email\":\"" + email + "\"}");
    }

    private static void assertTooManyRequests(HttpResult result, long maxRetryAfter) {
        assertThat(result.status()).as(result.toString()).isEqualTo(429);
        assertThat(result.json().get("error").asText()).isEqualTo("too_many_requests");
        assertThat(Long.parseLong(result.header("Retry-After"))).isBetween(1L, maxRetryAfter);
    }

    /** Enters {@code email} on a fresh login page of {@code in} and returns the page that follows. */
    private Page enterEmail(TestRealm in, String email) {
        BrowserSession browser = new BrowserSession(keycloak);
        return LoginForms.enterEmail(browser, browser.authorizationCodeFlow(in).start(), email);
    }

    @Test
    @DisplayName("given an attacker requesting codes over the API for a victim's address when the victim asks on the "
            + "login page then the victim's mailbox receives the login page's code and it signs in")
    void apiFloodDoesNotSilenceTheLoginPage() {
        String victim = newEmail(realm);
        assertThat(requestCode(realm, victim).status()).isEqualTo(202);
        assertTooManyRequests(requestCode(realm, victim), 60);
        mail.awaitOneTo(victim);

        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = browser.authorizationCodeFlow(realm);
        Page codePage = LoginForms.enterEmail(browser, flow.start(), victim);
        assertThat(LoginForms.codeForm(codePage)).isNotNull();
        assertThat(codePage.errorMessage()).as(codePage.toString()).isNull();
        List<MimeMessage> mails = mail.awaitMessagesTo(victim, 2, Duration.ofSeconds(20));

        // API codes are refused in the browser: signing in proves this is the login page's code
        Page done = LoginForms.enterCode(browser, codePage, MailCodes.codeIn(mails.get(1)));
        assertThat(done.leftKeycloak()).as(done.toString()).isTrue();
        assertThat(flow.exchange(flow.code(done)).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("given a code just sent from the login page when another login asks for the same address then the page "
            + "says that no code was sent and when to ask again, the same for an address without an account")
    void codePageTellsTheTruth() {
        for (String email : List.of(newEmail(realm), unknownEmail())) {
            Page first = enterEmail(realm, email);
            assertThat(LoginForms.codeForm(first)).isNotNull();
            assertThat(first.errorMessage()).as(first.toString()).isNull();

            Page second = enterEmail(realm, email);
            assertThat(LoginForms.codeForm(second)).isNotNull();
            assertThat(second.errorMessage()).as(second.toString()).matches(CODE_NOT_SENT);
            int cooldown = Integer.parseInt(second.element("#kc-platform-auth-resend").attr("data-cooldown"));
            assertThat(cooldown).isBetween(1, 60);
            assertThat(second.element("#kc-platform-auth-resend").hasAttr("disabled")).isTrue();
        }
    }

    @Test
    @DisplayName("given a magic link just sent from the login page when another login asks for the same address then "
            + "the page says that no link was sent and when to ask again, instead of 'check your email'")
    void magicLinkPageTellsTheTruth(KeycloakServer server, MailServer mailServer) {
        try (TestRealm magic = TestRealm.builder(server, mailServer, "send-throttle-magic")
                .customize(MailedLogins.browserFlow("magic", List.of("platform-auth-magic-link"), "platform-auth-magic-link",
                        Map.of("platform-auth.magic-link.resend-interval", "60")))
                .create()) {
            String email = newEmail(magic);
            Page first = enterEmail(magic, email);
            assertThat(first.element("#kc-platform-auth-magic-link-sent")).isNotNull();
            mail.awaitOneTo(email);

            Page second = enterEmail(magic, email);
            assertThat(second.document().selectFirst("#kc-platform-auth-magic-link-sent")).isNull();
            assertThat(LoginForms.emailForm(second)).isNotNull();
            assertThat(second.errorMessage()).as(second.toString()).matches(LINK_NOT_SENT);
        }
    }

    @Test
    @DisplayName("given 12 parallel API requests for one address then exactly one is accepted and the others get 429: "
            + "the allowance is one putIfAbsent, seen at once by requests still in flight")
    void parallelRequestsForOneAddress() throws Exception {
        String email = newEmail(realm);
        List<HttpResult> results = Concurrently.run(12, () -> requestCode(realm, email));
        assertThat(results.stream().filter(r -> r.status() == 202)).hasSize(1);
        results.stream().filter(r -> r.status() != 202).forEach(r -> assertTooManyRequests(r, 60));
        mail.awaitOneTo(email);
    }

    @Test
    @DisplayName("given a per-client-IP limit of 3 mail requests when a 4th is made then every mailing route answers 429 "
            + "with Retry-After and the login page says to try again later")
    void perClientIpLimit(KeycloakServer server, MailServer mailServer) {
        int window = windowFarFromItsEnd();
        Map<String, String> limit = Map.of("platform-auth.send-limit.per-ip", "3",
                "platform-auth.send-limit.window", Integer.toString(window));
        try (TestRealm limited = SentinelRealm.create(server, mailServer, "send-limit-ip", rep -> {
            for (ClientRepresentation client : rep.getClients()) {
                Map<String, String> attributes = new HashMap<>(limit);
                attributes.put("platform-auth.magic-link.enabled", "true");
                attributes.put("platform-auth.email-otp.enabled", "true");
                client.setAttributes(attributes);
            }
            EmailCodeFlows.browserFlow(Map.of()).accept(rep);
        })) {
            for (int i = 0; i < 3; i++) {
                assertThat(requestCode(limited, unknownEmail()).status()).isEqualTo(202);
            }
            String email = unknownEmail();
            assertTooManyRequests(requestCode(limited, email), window);
            assertTooManyRequests(post(limited, V2 + "/magic-link",
                    "{\"email\":\"" + email + "\",\"redirect_uri\":\"https://app.example.test/magic\"}"), window);
            assertTooManyRequests(post(limited, V2 + "/email-otp", "{\"email\":\"" + email + "\"}"), window);
            assertTooManyRequests(post(limited, SentinelRealm.API + "/passwordReset", "{\"username\":\"someone\"}"), window);
            assertTooManyRequests(post(limited, SentinelRealm.API + "/usernameRequest", "{\"email\":\"" + email + "\"}"), window);

            Page page = enterEmail(limited, email);
            assertThat(page.errorMessage()).as(page.toString()).matches(TRY_LATER);
        }
    }

    /**
     * A counting window (whole seconds since the epoch, as the server counts) whose current window ends
     * more than ten minutes from now, so the count cannot start over while the test runs.
     */
    private static int windowFarFromItsEnd() {
        long now = Instant.now().getEpochSecond();
        for (int window = 3600; window <= 7200; window++) {
            if (window - now % window > 600) {
                return window;
            }
        }
        throw new AssertionError("no window length between 3600 and 7200 s ends more than 10 minutes from now");
    }

    @Test
    @DisplayName("given a realm's share of the mail queue of 1 when its one mail job hangs then the next request gets 429 "
            + "with Retry-After, and is accepted once the job ended")
    void mailQueueBound(KeycloakServer server, MailServer mailServer) {
        try (SilentSmtpServer silent = new SilentSmtpServer();
             TestRealm queued = TestRealm.builder(server, mailServer, "send-limit-queue")
                     .customize(rep -> {
                         rep.setSmtpServer(Map.of("host", "127.0.0.1", "port", Integer.toString(silent.port()),
                                 "from", TestRealm.MAIL_FROM, "timeout", "60000", "connectionTimeout", "10000"));
                         rep.setAttributes(Map.of("platform-auth.mail-queue.max-pending", "1"));
                         rep.getClients().get(0).setAttributes(Map.of("platform-auth.exchange-code.resend-interval", "0",
                                 "platform-auth.send-limit.per-ip", "10000"));
                     })
                     .create()) {
            assertThat(requestCode(queued, newEmail(queued)).status()).isEqualTo(202);
            Polling.await(silent::connections, n -> n == 1, Duration.ofSeconds(20), "the mail job at the silent mail server");

            String next = newEmail(queued);
            assertTooManyRequests(requestCode(queued, next), 60);

            silent.close();
            Polling.await(() -> requestCode(queued, next).status(), status -> status == 202, Duration.ofSeconds(20),
                    "a request accepted once the hanging job ended");
        }
    }
}
