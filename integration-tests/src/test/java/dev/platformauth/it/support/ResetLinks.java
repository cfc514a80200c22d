package dev.platformauth.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

/** The password-reset link of a mail and its token, as the sentinel and auth-service resets mail them. */
public final class ResetLinks {

    private ResetLinks() {
    }

    /** The one line of the text part that is a link with a {@code token} parameter. */
    public static URI linkIn(MimeMessage message) {
        String text = MailServer.textPart(message);
        List<String> links = Arrays.stream(text.split("\\R")).map(String::strip)
                .filter(line -> line.startsWith("http") && line.contains("token="))
                .toList();
        assertThat(links).as("link lines in%n%s", text).hasSize(1);
        return URI.create(links.get(0));
    }

    /** The decoded {@code token} query parameter of {@code link}. */
    public static String tokenOf(URI link) {
        String token = AuthorizationCodeFlow.query(link).get("token");
        assertThat(token).as("the token parameter of %s", link).isNotNull();
        return token;
    }
}
