package dev.platformauth.it.recovery;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.ResetLinks;
import dev.platformauth.it.support.TestRealm;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code password-recovery/{email}} and {@code reset-password/} (the FastAPI template's recovery) end to
 * end with the mail, on both prefixes, against the real Keycloak: the same answer whether or not the
 * address has an account, the link to the built-in page or the app's, one token kind and one completion
 * path with the sentinel reset (sessions end, events), and the refusals.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordRecoveryIT {

    private static final String RECOVERY_SENT = "If that email is registered, we sent a password recovery link";

    private TestRealm realm;
    private MailServer mail;
    private AuthServiceCalls api;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.builder(keycloak, mail, "recovery")
            .customize(rep -> {
                rep.setPasswordPolicy("length(12)");
                rep.getClients().get(0).setAttributes(new HashMap<>(Map.of("platform-auth.password-reset.resend-interval", "0")));
            })
            .create());

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.mail = mail;
        realm = REALM.get();
        api = new AuthServiceCalls(realm);
    }

    private HttpResult recover(String prefix, String email) {
        return Http.postEmpty(api.url(prefix, "/password-recovery/" + email), Map.of());
    }

    private HttpResult reset(String prefix, String token, String password) {
        return Http.postJson(api.url(prefix, "/reset-password/"),
                "{\"token\":\"" + token + "\",\"new_password\":\"" + password + "\"}", Map.of());
    }

    /** Asks for recovery of {@code account}'s address and returns the link of the mail that arrives. */
    private URI recoveryLink(String prefix, Account account) {
        int before = mail.messagesTo(account.email()).size();
        HttpResult answer = recover(prefix, account.email());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("message").asText()).isEqualTo(RECOVERY_SENT);
        List<MimeMessage> messages = mail.awaitMessagesTo(account.email(), before + 1, Duration.ofSeconds(20));
        return ResetLinks.linkIn(messages.get(messages.size() - 1));
    }

    private List<EventRepresentation> awaitEvents(String type, String userId, int atLeast) {
        return Polling.await(() -> realm.events(type).stream().filter(event -> userId.equals(event.getUserId())).toList(),
                found -> found.size() >= atLeast, Duration.ofSeconds(20), atLeast + " " + type + " of " + userId);
    }

    @ParameterizedTest
    @ValueSource(strings = {AuthServiceCalls.V2, AuthServiceCalls.LEGACY})
    @DisplayName("the mailed link opens the built-in page; reset-password sets the password with its token: 200 'Password "
            + "updated successfully', the old password stops, every session ends, UPDATE_PASSWORD at auth-service; the token is spent")
    void endToEnd(String prefix) {
        Account account = api.newAccount();
        String session = api.accessToken(account);
        URI link = recoveryLink(prefix, account);
        assertThat(link.toString()).startsWith(realm.url() + "/auth-service/password-reset?token=");
        String token = ResetLinks.tokenOf(link);

        HttpResult page = Http.get(link.toString(), Map.of());
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.body()).contains("Choose a new password").contains("action=\"" + realm.url() + "/auth-service/password-reset\"");

        String newPassword = "Recovered-" + account.username();
        HttpResult done = reset(prefix, token, newPassword);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().path("message").asText()).isEqualTo("Password updated successfully");
        assertThat(api.login(account.username(), account.password()).status()).isEqualTo(400);
        assertThat(api.login(account.username(), newPassword).status()).isEqualTo(200);
        FastApiErrors.assertError(api.refresh(session), 401, "invalid_token");

        EventRepresentation updated = awaitEvents("UPDATE_PASSWORD", account.id(), 1).get(0);
        assertThat(updated.getClientId()).isEqualTo(TestRealm.AUTH_CLIENT);
        assertThat(updated.getDetails()).containsEntry("platform_auth_flow", "password-reset");
        assertThat(awaitEvents("SEND_RESET_PASSWORD", account.id(), 1).get(0).getClientId()).isEqualTo(TestRealm.AUTH_CLIENT);

        FastApiErrors.assertError(reset(prefix, token, newPassword + "-again"), 400, "invalid_grant", "Invalid token");
        assertThat(Http.get(link.toString(), Map.of()).status()).as("the page of a spent link").isEqualTo(403);
    }

    @Test
    @DisplayName("an address without an account, and a username instead of an address, get the same 200 and no mail "
            + "(SEND_RESET_PASSWORD_ERROR user_not_found); a too long one 422")
    void sameAnswerWithoutAccount() {
        Account account = api.newAccount();
        String unknown = "nobody-" + UUID.randomUUID() + "@example.test";
        HttpResult known = recover(AuthServiceCalls.V2, account.email());
        HttpResult none = recover(AuthServiceCalls.V2, unknown);
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).isEqualTo(known.body());
        HttpResult byUsername = recover(AuthServiceCalls.V2, account.username());
        assertThat(byUsername.body()).isEqualTo(known.body());
        List<EventRepresentation> notFound = Polling.await(() -> realm.events("SEND_RESET_PASSWORD_ERROR").stream()
                        .filter(event -> "user_not_found".equals(event.getError())).toList(),
                found -> found.stream().anyMatch(e -> unknown.equals(e.getDetails().get("username")))
                        && found.stream().anyMatch(e -> account.username().equals(e.getDetails().get("username"))),
                Duration.ofSeconds(20), "user_not_found for the unknown address and for the username");
        assertThat(notFound).isNotEmpty();
        assertThat(mail.awaitMessagesTo(account.email(), 1, Duration.ofSeconds(20))).as("only the address's own request mailed").hasSize(1);
        FastApiErrors.assertInvalid(recover(AuthServiceCalls.V2, "a".repeat(250) + "@example.test"), "string_too_long", "path", "email");
    }

    @Test
    @DisplayName("reset-password refusals: an unknown token is 400 'Invalid token' (RESET_PASSWORD_ERROR); a password the policy "
            + "refuses is 400 and the token stays live; a short one 422; missing fields 422")
    void refusals() {
        Account account = api.newAccount();
        FastApiErrors.assertError(reset(AuthServiceCalls.V2, "not-a-reset-token", "Long-enough-password-1"), 400, "invalid_grant",
                "Invalid token");
        Polling.await(() -> realm.events("RESET_PASSWORD_ERROR"), found -> !found.isEmpty(), Duration.ofSeconds(20),
                "RESET_PASSWORD_ERROR of the unknown token");
        String token = ResetLinks.tokenOf(recoveryLink(AuthServiceCalls.V2, account));
        FastApiErrors.assertError(reset(AuthServiceCalls.V2, token, "elevenchars"), 400, "invalid_password");
        FastApiErrors.assertInvalid(reset(AuthServiceCalls.V2, token, "short"), "string_too_short", "body", "new_password");
        FastApiErrors.assertInvalid(Http.postJson(api.url("/reset-password/"), "{\"new_password\":\"Long-enough-password-2\"}", Map.of()),
                "missing", "body", "token");
        HttpResult done = reset(AuthServiceCalls.V2, token, "Long-enough-password-2");
        assertThat(done.status()).as("the token survived the refusals: %s", done).isEqualTo(200);
    }

    @Test
    @DisplayName("a token of a user disabled since is 'Invalid token'; the client's reset URL is where the link points")
    void disabledUserAndAppPage() {
        Account account = api.newAccount();
        realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.getAttributes().put("platform-auth.password-reset.url",
                "https://app.example.test/reset-password"));
        URI link;
        try {
            link = recoveryLink(AuthServiceCalls.V2, account);
        } finally {
            realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.getAttributes().put("platform-auth.password-reset.url", ""));
        }
        assertThat(link.toString()).startsWith("https://app.example.test/reset-password?token=");
        var user = realm.resource().users().get(account.id());
        var rep = user.toRepresentation();
        rep.setEnabled(false);
        user.update(rep);
        FastApiErrors.assertError(reset(AuthServiceCalls.V2, ResetLinks.tokenOf(link), "Long-enough-password-3"), 400, "invalid_grant", "Invalid token");
    }

    @Test
    @DisplayName("the send limits of the other mailing routes apply: over the client IP's allowance 429 with Retry-After and the detail")
    void sendLimit(KeycloakServer keycloak) {
        try (TestRealm limited = TestRealm.builder(keycloak, mail, "recovery-limit")
                .customize(rep -> rep.getClients().get(0).setAttributes(new HashMap<>(Map.of("platform-auth.send-limit.per-ip", "1"))))
                .create()) {
            String url = limited.url() + AuthServiceCalls.V2 + "/password-recovery/";
            assertThat(Http.postEmpty(url + "first@example.test", Map.of()).status()).isEqualTo(200);
            HttpResult refused = Http.postEmpty(url + "second@example.test", Map.of());
            FastApiErrors.assertError(refused, 429, "too_many_requests");
            assertThat(refused.header("Retry-After")).isNotBlank();
        }
    }
}
