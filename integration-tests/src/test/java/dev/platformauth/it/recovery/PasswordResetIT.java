package dev.platformauth.it.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.BackgroundWork;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.Polling;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import static dev.platformauth.it.support.ResetLinks.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The sentinel password reset's landing page, the same answer for every address, and the username reminder. */
class PasswordResetIT extends PasswordResetFixture {

    @Nested
    @DisplayName("the landing page")
    class LandingPage {

        /** Checks the form page a reset link opens (headers, the account, the hidden token) and returns its submit URL. */
        private String assertFormPage(HttpResult page, Account account, String resetToken) {
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
            return submit;
        }

        @Test
        @DisplayName("given a realm without a length policy when the page gets a 7-character password then 400 with the "
                + "template's 8-character minimum, and the link stays live")
        void templateMinimum() {
            realm.update(rep -> rep.setPasswordPolicy("passwordHistory(1)"));
            try {
                Account account = Account.create(realm, "m");
                String resetToken = tokenOf(resetLink(account, account.username()));
                HttpResult tooShort = Http.postForm(pageUrl(), Map.of("token", resetToken, "password", "Short-7",
                        "password-confirm", "Short-7"), Map.of());
                assertThat(tooShort.status()).as(tooShort.toString()).isEqualTo(400);
                assertThat(tooShort.body()).contains("input-error-password").contains("minimum length 8");
                assertThat(Http.get(url("/password"), Http.bearer(resetToken)).status()).as("the link stays live").isEqualTo(204);
                assertThat(token(account.username(), "Short-7").status()).isEqualTo(401);
            } finally {
                realm.update(rep -> rep.setPasswordPolicy(PASSWORD_POLICY));
            }
        }

        @HappyPath
        @Test
        @DisplayName("the link opens our login-theme form (no referrer whatever the realm says, no store) whose submit sets the password")
        void formFlow() {
            Account account = Account.create(realm, "r");
            URI link = resetLink(account, account.username());
            String resetToken = tokenOf(link);

            String submit = assertFormPage(Http.get(link.toString(), Map.of()), account, resetToken);
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

            int jobs = BackgroundWork.mark(keycloak);
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
            BackgroundWork.awaitIdle(keycloak, jobs);
            mail.assertNoMessageTo(unknownEmail, Duration.ZERO);
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
            int jobs = BackgroundWork.mark(keycloak);
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
            BackgroundWork.awaitIdle(keycloak, jobs);
            mail.assertNoMessageTo(unknownEmail, Duration.ZERO);
        }
    }
}
