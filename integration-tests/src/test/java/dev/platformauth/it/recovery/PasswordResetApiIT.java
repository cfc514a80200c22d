package dev.platformauth.it.recovery;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.SentinelRealm;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;

import static dev.platformauth.it.support.ResetLinks.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The sentinel password reset through its API: request, mailed link, GET and POST password. */
class PasswordResetApiIT extends PasswordResetFixture {

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
            // GET password checks the token without spending it: poll it until the token has expired
            String token = resetToken;
            HttpResult checked = Polling.await(() -> Http.get(url("/password"), Http.bearer(token)),
                    answer -> answer.status() != 204, Duration.ofSeconds(15), "the reset token to expire");
            assertError(checked, 403, "forbidden");
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
}
