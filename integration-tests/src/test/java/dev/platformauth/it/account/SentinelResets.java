package dev.platformauth.it.account;

import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Password resets through the sentinel API, as the owner of a mailbox does them. */
final class SentinelResets {

    private SentinelResets() {
    }

    /** Asks the sentinel API for a reset of {@code email} and returns the token of the link it mails. */
    static String requestResetToken(TestRealm realm, MailServer mail, String email) {
        int mailsBefore = mail.messagesTo(email).size();
        HttpResult requested = Http.postJson(realm.url() + SentinelRealm.API + "/passwordReset",
                "{\"username\":\"" + email + "\"}", Map.of());
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        List<MimeMessage> messages = mail.awaitMessagesTo(email, mailsBefore + 1, Duration.ofSeconds(20));
        return resetTokenIn(messages.get(messages.size() - 1));
    }

    /** Sets {@code password} with the reset token {@code resetToken}. */
    static HttpResult reset(TestRealm realm, String resetToken, String password) {
        return Http.postJson(realm.url() + SentinelRealm.API + "/password", "{\"password\":\"" + password + "\"}", Http.bearer(resetToken));
    }

    /** The reset token of the one link line of a password-reset mail. */
    private static String resetTokenIn(MimeMessage message) {
        List<String> links = Arrays.stream(MailServer.textPart(message).split("\\R")).map(String::strip)
                .filter(line -> line.startsWith("http") && line.contains("token=")).toList();
        assertThat(links).hasSize(1);
        return AuthorizationCodeFlow.query(URI.create(links.get(0))).get("token");
    }
}
