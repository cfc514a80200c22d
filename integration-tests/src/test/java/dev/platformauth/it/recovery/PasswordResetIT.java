package dev.platformauth.it.recovery;

import dev.platformauth.it.support.Account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static dev.platformauth.it.support.ResetLinks.linkIn;
import static dev.platformauth.it.support.ResetLinks.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sentinel API's passwordReset, GET/POST password (reset token as Bearer), the reset landing page and
 * usernameRequest on the real Keycloak, from the captured mail to the new password.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordResetIT {

    private static final Duration NO_MAIL_WAIT = Duration.ofSeconds(3);
    private static final Pattern HIDDEN_TOKEN = Pattern.compile("<input type=\"hidden\" name=\"token\" value=\"([^\"]+)\"/>");
    private static final Pattern FORM_ACTION = Pattern.compile("<form id=\"kc-platform-auth-reset-form\"[^>]*action=\"([^\"]+)\"");

    private TestRealm realm;
    private MailServer mail;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "sentinel-reset", rep -> {
        rep.setPasswordPolicy("length(12) and passwordHistory(1)");
        // the reset page must say no-referrer even where the realm's own header setting says otherwise
        rep.setBrowserSecurityHeaders(Map.of("referrerPolicy", "strict-origin-when-cross-origin"));
        rep.getClients().stream().filter(client -> SentinelRealm.CLIENT.equals(client.getClientId())).forEach(client ->
                client.setAttributes(new HashMap<>(Map.of(
                        "platform-auth.password-reset.resend-interval", "0",
                        "platform-auth.username-reminder.resend-interval", "0"))));
        }));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.mail = mail;
        realm = REALM.get();
    }

    private String url(String path) {
        return realm.url() + SentinelRealm.API + path;
    }

    private String pageUrl() {
        return realm.url() + "/sentinel/password-reset";
    }

    private HttpResult token(String username, String password) {
        return Http.postJson(url("/token"), "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", Map.of());
    }

    private String accessTokenOf(Account account) {
        HttpResult signedIn = token(account.username(), account.password());
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        return signedIn.json().get("token").asText();
    }

    private HttpResult requestReset(String username) {
        return Http.postJson(url("/passwordReset"), "{\"username\":\"" + username + "\"}", Map.of());
    }

    private HttpResult setPassword(String resetToken, String password) {
        return Http.postJson(url("/password"), "{\"password\":\"" + password + "\"}", Http.bearer(resetToken));
    }

    /** Requests a reset for {@code account} and returns the link of the mail that arrives (one more than before). */
    private URI resetLink(Account account, String asked) {
        int before = mail.messagesTo(account.email()).size();
        HttpResult accepted = requestReset(asked);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        List<MimeMessage> messages = mail.awaitMessagesTo(account.email(), before + 1, Duration.ofSeconds(20));
        return linkIn(messages.get(messages.size() - 1));
    }

    private static void assertError(HttpResult result, int status, String error) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.json().path("error").asText()).as(result.toString()).isEqualTo(error);
    }

    private List<EventRepresentation> userEvents(String type, String userId) {
        return Polling.await(() -> realm.events(type).stream().filter(e -> userId.equals(e.getUserId())).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(10), type + " event of user " + userId);
    }

    @Nested
    @DisplayName("the reset flow through the API")
    class ApiFlow {

        @Test
        @DisplayName("the mailed link's token opens GET password (not spent) and POST password sets the new one; sessions end")
        void resetFromMail() throws Exception {
            Account account = Account.create(realm, "r");
            String accessToken = accessTokenOf(account);

            URI link = resetLink(account, account.username());
            assertThat(link.toString()).startsWith(pageUrl() + "?token=");
            String resetToken = tokenOf(link);
            assertThat(resetToken).matches("[A-Za-z0-9_-]{43}");
            String text = MailServer.textPart(mail.messagesTo(account.email()).get(0));
            assertThat(text).contains(account.username()).contains("15 minutes");
            assertThat(MailServer.htmlPart(mail.messagesTo(account.email()).get(0))).contains("href=\"" + link + "\"");

            assertThat(Http.get(url("/password"), Http.bearer(resetToken)).status()).isEqualTo(204);
            HttpResult again = Http.get(url("/password"), Http.bearer(resetToken));
            assertThat(again.status()).as("GET does not spend the token: %s", again).isEqualTo(204);

            String newPassword = "Brand-new-" + account.username();
            HttpResult set = setPassword(resetToken, newPassword);
            assertThat(set.status()).as(set.toString()).isEqualTo(204);

            assertThat(token(account.username(), newPassword).status()).isEqualTo(200);
            assertError(token(account.username(), account.password()), 401, "invalid_grant");
            assertError(Http.get(url("/refreshToken"), Http.bearer(accessToken)), 401, "invalid_token");

            assertError(Http.get(url("/password"), Http.bearer(resetToken)), 403, "forbidden");
            assertError(setPassword(resetToken, "Another-" + newPassword), 403, "forbidden");
            assertThat(token(account.username(), newPassword).status()).as("the spent token changed nothing").isEqualTo(200);

            EventRepresentation update = userEvents("UPDATE_PASSWORD", account.id()).get(0);
            assertThat(update.getClientId()).isEqualTo(SentinelRealm.CLIENT);
            assertThat(update.getDetails()).containsEntry("platform_auth_flow", "password-reset");
            assertThat(userEvents("UPDATE_CREDENTIAL", account.id()).get(0).getDetails()).containsEntry("credential_type", "password");
            assertThat(userEvents("SEND_RESET_PASSWORD", account.id()).get(0).getDetails())
                    .containsEntry("username", account.username()).containsEntry("email", account.email());
            assertThat(realm.events("RESET_PASSWORD_ERROR")).anySatisfy(e -> assertThat(e.getError()).isEqualTo("invalid_token"));
        }

        @Test
        @DisplayName("an email address works in place of the username; the realm policy applies; a password change ends the other links")
        void byEmailUnderPolicy() {
            Account account = Account.create(realm, "r");
            String resetToken = tokenOf(resetLink(account, account.email().toUpperCase()));

            HttpResult tooShort = setPassword(resetToken, "short-1");
            assertError(tooShort, 400, "invalid_password");
            assertThat(tooShort.json().path("error_description").asText()).contains("12");
            HttpResult reused = setPassword(resetToken, account.password());
            assertError(reused, 400, "invalid_password");
            assertThat(Http.get(url("/password"), Http.bearer(resetToken)).status())
                    .as("a refused password does not spend the token").isEqualTo(204);
            assertThat(userEvents("UPDATE_PASSWORD_ERROR", account.id()).get(0).getError()).isEqualTo("password_rejected");

            assertError(Http.postJson(url("/password"), "{}", Http.bearer(resetToken)), 400, "invalid_request");
            assertError(Http.postJson(url("/password"), "{\"password\": 5}", Http.bearer(resetToken)), 400, "invalid_request");
            String secondToken = tokenOf(resetLink(account, account.username()));
            assertThat(Http.get(url("/password"), Http.bearer(secondToken)).status()).as("both links work").isEqualTo(204);

            assertThat(setPassword(resetToken, "Long-enough-" + account.username()).status()).isEqualTo(204);
            assertThat(token(account.username(), "Long-enough-" + account.username()).status()).isEqualTo(200);
            assertError(Http.get(url("/password"), Http.bearer(secondToken)), 403, "forbidden");
            assertError(setPassword(secondToken, "Second-link-" + account.username()), 403, "forbidden");
        }

        @Test
        @DisplayName("two concurrent POSTs with one token: exactly one sets its password, the other gets 403")
        void concurrentSpend() throws Exception {
            Account account = Account.create(realm, "r");
            String resetToken = tokenOf(resetLink(account, account.username()));
            List<String> passwords = List.of("Concurrent-one-" + account.username(), "Concurrent-two-" + account.username());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<HttpResult>> results = new ArrayList<>();
                for (String password : passwords) {
                    Callable<HttpResult> call = () -> {
                        start.await();
                        return setPassword(resetToken, password);
                    };
                    results.add(pool.submit(call));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                String winner = null;
                for (int i = 0; i < 2; i++) {
                    HttpResult result = results.get(i).get();
                    statuses.add(result.status());
                    if (result.status() == 204) {
                        winner = passwords.get(i);
                    } else {
                        assertError(result, 403, "forbidden");
                    }
                }
                assertThat(statuses).containsExactlyInAnyOrder(204, 403);
                assertThat(token(account.username(), winner).status()).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        @DisplayName("an expired reset token is refused by GET and POST password and by the page")
        void expired() {
            realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.password-reset.lifetime", "2"));
            String resetToken;
            Account account = Account.create(realm, "r");
            try {
                URI link = resetLink(account, account.username());
                resetToken = tokenOf(link);
                assertThat(MailServer.textPart(mail.messagesTo(account.email()).get(0))).contains(" 1 minute");
            } finally {
                realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.password-reset.lifetime", ""));
            }
            Polling.sleep(Duration.ofSeconds(3));
            assertError(Http.get(url("/password"), Http.bearer(resetToken)), 403, "forbidden");
            assertError(setPassword(resetToken, "Too-late-" + account.username()), 403, "forbidden");
            HttpResult page = Http.get(pageUrl() + "?token=" + resetToken, Map.of());
            assertThat(page.status()).isEqualTo(403);
            assertThat(page.body()).contains("kc-platform-auth-reset-invalid").doesNotContain(resetToken);
            assertThat(token(account.username(), account.password()).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("the client attribute platform-auth.password-reset.url points the link at the app's own page")
        void ownPage() {
            realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes()
                    .put("platform-auth.password-reset.url", "https://app.example.test/reset?from=mail"));
            URI link;
            Account account = Account.create(realm, "r");
            try {
                link = resetLink(account, account.username());
            } finally {
                realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.password-reset.url", ""));
            }
            assertThat(link.toString()).startsWith("https://app.example.test/reset?from=mail&token=");
            String resetToken = tokenOf(link);
            assertThat(Http.get(url("/password"), Http.bearer(resetToken)).status()).isEqualTo(204);
            assertThat(setPassword(resetToken, "Own-page-" + account.username()).status()).isEqualTo(204);
        }

        @Test
        @DisplayName("a normal access token is refused (403) on GET and POST password; no token is 401")
        void normalTokenRefused() {
            Account account = Account.create(realm, "r");
            String accessToken = accessTokenOf(account);
            assertError(Http.get(url("/password"), Http.bearer(accessToken)), 403, "forbidden");
            assertError(setPassword(accessToken, "Stolen-" + account.username()), 403, "forbidden");
            assertError(Http.get(url("/password"), Http.bearer("not-a-reset-token")), 403, "forbidden");
            HttpResult none = Http.get(url("/password"), Map.of());
            assertError(none, 401, "invalid_token");
            assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
            assertError(Http.postJson(url("/password"), "{\"password\":\"Whatever-123456\"}", Map.of()), 401, "invalid_token");
            assertError(Http.get(url("/password"), Map.of("Authorization", "Basic dXNlcjpwYXNz")), 401, "invalid_token");
            assertThat(token(account.username(), account.password()).status()).isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("the landing page")
    class LandingPage {

        @HappyPath
        @Test
        @DisplayName("the link opens our login-theme form (no referrer whatever the realm says, no store) whose submit sets the password")
        void formFlow() {
            Account account = Account.create(realm, "r");
            URI link = resetLink(account, account.username());
            String resetToken = tokenOf(link);

            HttpResult page = Http.get(link.toString(), Map.of());
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(page.header("Cache-Control")).contains("no-store");
            assertThat(page.header("X-Frame-Options")).as("the realm's other security headers stay").isNotBlank();
            assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors");
            assertThat(Http.get(url("/password"), Map.of()).header("Referrer-Policy"))
                    .as("the realm's setting applies elsewhere").isEqualTo("strict-origin-when-cross-origin");
            assertThat(page.body()).contains("Choose a new password").contains(account.username());
            Matcher hidden = HIDDEN_TOKEN.matcher(page.body());
            assertThat(hidden.find()).as(page.body()).isTrue();
            assertThat(hidden.group(1)).isEqualTo(resetToken);
            Matcher action = FORM_ACTION.matcher(page.body());
            assertThat(action.find()).as(page.body()).isTrue();
            String submit = action.group(1).replace("&amp;", "&");
            assertThat(submit).isEqualTo(pageUrl());
            assertThat(Http.get(url("/password"), Http.bearer(resetToken)).status()).as("viewing does not spend").isEqualTo(204);

            HttpResult mismatch = Http.postForm(submit, Map.of("token", resetToken, "password", "Page-password-1",
                    "password-confirm", "Page-password-2"), Map.of());
            assertThat(mismatch.status()).isEqualTo(400);
            assertThat(mismatch.body()).contains("input-error-password-confirm");
            HttpResult weak = Http.postForm(submit, Map.of("token", resetToken, "password", "weak", "password-confirm", "weak"), Map.of());
            assertThat(weak.status()).isEqualTo(400);
            assertThat(weak.body()).contains("input-error-password").contains("12");
            assertThat(weak.header("Referrer-Policy")).isEqualTo("no-referrer");

            String newPassword = "Page-password-" + account.username();
            HttpResult done = Http.postForm(submit, Map.of("token", resetToken, "password", newPassword,
                    "password-confirm", newPassword), Map.of());
            assertThat(done.status()).as(done.toString()).isEqualTo(200);
            assertThat(done.body()).contains("kc-platform-auth-reset-done").doesNotContain(resetToken);
            assertThat(token(account.username(), newPassword).status()).isEqualTo(200);
            assertThat(token(account.username(), account.password()).status()).isEqualTo(401);

            HttpResult spent = Http.get(link.toString(), Map.of());
            assertThat(spent.status()).isEqualTo(403);
            assertThat(spent.body()).contains("kc-platform-auth-reset-invalid");
            HttpResult replay = Http.postForm(submit, Map.of("token", resetToken, "password", "Replay-" + newPassword,
                    "password-confirm", "Replay-" + newPassword), Map.of());
            assertThat(replay.status()).isEqualTo(403);
            assertThat(token(account.username(), newPassword).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("without a token or with an unknown one it shows the invalid-link page; a JSON post is 415")
        void invalidLinks() {
            for (String url : List.of(pageUrl(), pageUrl() + "?token=unknown-token")) {
                HttpResult page = Http.get(url, Map.of());
                assertThat(page.status()).as(page.toString()).isEqualTo(403);
                assertThat(page.header("Content-Type")).startsWith("text/html");
                assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
                assertThat(page.body()).contains("kc-platform-auth-reset-invalid").doesNotContain("kc-platform-auth-reset-form");
            }
            assertError(Http.postJson(pageUrl(), "{\"token\":\"x\"}", Map.of()), 415, "unsupported_media_type");
        }
    }

    @Nested
    @DisplayName("enumeration and bad input")
    class Enumeration {

        @Test
        @DisplayName("passwordReset answers the same 202 body for known, unknown and disabled accounts; only the known one gets mail")
        void sameAnswer() {
            Account known = Account.create(realm, "r");
            Account disabled = Account.create(realm, "r");
            UserRepresentation rep = realm.resource().users().get(disabled.id()).toRepresentation();
            rep.setEnabled(false);
            realm.resource().users().get(disabled.id()).update(rep);
            String unknownEmail = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";

            HttpResult forKnown = requestReset(known.username());
            HttpResult forUnknown = requestReset(unknownEmail);
            HttpResult forUnknownName = requestReset("nobody-" + known.username());
            HttpResult forDisabled = requestReset(disabled.username());
            for (HttpResult result : List.of(forKnown, forUnknown, forUnknownName, forDisabled)) {
                assertThat(result.status()).as(result.toString()).isEqualTo(202);
                assertThat(result.body()).isEqualTo(forKnown.body());
                assertThat(result.header("Content-Type")).startsWith("application/json");
            }
            JsonNode body = forKnown.json();
            assertThat(body.path("expiresIn").asInt()).isEqualTo(900);
            assertThat(body.path("message").asText()).isNotBlank();

            mail.awaitOneTo(known.email());
            mail.assertNoMessageTo(unknownEmail, NO_MAIL_WAIT);
            mail.assertNoMessageTo(disabled.email(), Duration.ZERO);
            assertThat(Polling.await(() -> realm.events("SEND_RESET_PASSWORD_ERROR"),
                    found -> found.stream().anyMatch(e -> "user_not_found".equals(e.getError())), Duration.ofSeconds(10),
                    "SEND_RESET_PASSWORD_ERROR user_not_found")).isNotEmpty();
        }

        @Test
        @DisplayName("bad bodies are JSON errors: 415, 400, 413")
        void badInput() {
            assertError(Http.postForm(url("/passwordReset"), Map.of("username", "x"), Map.of()), 415, "unsupported_media_type");
            assertError(Http.postJson(url("/passwordReset"), "{}", Map.of()), 400, "invalid_request");
            assertError(Http.postJson(url("/passwordReset"), "{\"username\": [1]}", Map.of()), 400, "invalid_request");
            assertError(Http.postJson(url("/passwordReset"), "not json", Map.of()), 400, "invalid_request");
            assertError(Http.postJson(url("/passwordReset"), "{\"username\":\"" + "a".repeat(256) + "\"}", Map.of()),
                    400, "invalid_request");
            assertError(Http.postJson(url("/passwordReset"), "{\"username\":\"" + "a".repeat(70_000) + "\"}", Map.of()),
                    413, "request_too_large");
            assertError(Http.postJson(url("/usernameRequest"), "{\"email\":\"not-an-email\"}", Map.of()), 400, "invalid_request");
            assertError(Http.postJson(url("/usernameRequest"), "{}", Map.of()), 400, "invalid_request");
            assertError(Http.postForm(url("/usernameRequest"), Map.of("email", "a@example.test"), Map.of()), 415,
                    "unsupported_media_type");
        }
    }

    @Nested
    @DisplayName("usernameRequest")
    class UsernameRequest {

        @Test
        @DisplayName("mails the username to the address; an unknown address gets the same 202 body and no mail")
        void reminder() {
            Account account = Account.create(realm, "r");
            String unknownEmail = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            HttpResult known = Http.postJson(url("/usernameRequest"), "{\"email\":\"" + account.email().toUpperCase() + "\"}", Map.of());
            HttpResult unknown = Http.postJson(url("/usernameRequest"), "{\"email\":\"" + unknownEmail + "\"}", Map.of());
            assertThat(known.status()).as(known.toString()).isEqualTo(202);
            assertThat(unknown.status()).isEqualTo(202);
            assertThat(unknown.body()).isEqualTo(known.body());

            MimeMessage message = mail.awaitOneTo(account.email());
            String text = MailServer.textPart(message);
            assertThat(text.lines().map(String::strip)).contains(account.username());
            assertThat(text).doesNotContain("token=");
            assertThat(MailServer.htmlPart(message)).contains(account.username());
            mail.assertNoMessageTo(unknownEmail, NO_MAIL_WAIT);
        }
    }
}
