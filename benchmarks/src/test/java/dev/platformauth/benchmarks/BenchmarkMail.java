package dev.platformauth.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * A mail server on loopback (GreenMail, in this JVM) that receives the codes and links Keycloak
 * sends, and reads the secret of each mail the way a user would: from the text part.
 */
final class BenchmarkMail implements AutoCloseable {

    /** An exchange code: grouped (Crockford base32) or hex, alone on a line. */
    static final Pattern EXCHANGE_CODE = Pattern.compile("(?m)^\\s*([0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{5}){3}-[0-9A-HJKMNP-TV-Z]{6}|[0-9a-f]{32})\\s*$");
    /** An email OTP, alone on a line. */
    static final Pattern OTP = Pattern.compile("(?m)^\\s*([0-9]{6,10})\\s*$");
    /** The token query parameter of a magic link. */
    static final Pattern MAGIC_LINK_TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_\\-.~%]+)");

    private final GreenMail greenMail;
    final int smtpPort;

    private BenchmarkMail(GreenMail greenMail, int smtpPort) {
        this.greenMail = greenMail;
        this.smtpPort = smtpPort;
    }

    static BenchmarkMail start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new BenchmarkMail(greenMail, port);
    }

    /**
     * Waits for {@code expected} mails (counting from the last {@link #clear()}), then returns the
     * secret of each recipient's newest mail, read by {@code pattern}'s first group.
     */
    Map<String, String> collect(int expected, Pattern pattern, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (greenMail.getReceivedMessages().length < expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("only " + greenMail.getReceivedMessages().length + " of " + expected + " mails arrived");
            }
            greenMail.waitForIncomingEmail(1000, expected);
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            secrets.put(recipient(message), secret(message, pattern));
        }
        return secrets;
    }

    void clear() {
        greenMail.reset();
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString().toLowerCase(java.util.Locale.ROOT);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String secret(MimeMessage message, Pattern pattern) {
        String text = textPart(message);
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no secret of the expected shape in a mail's text part");
        }
        return matcher.group(1);
    }

    private static String textPart(Part part) {
        try {
            if (part.isMimeType("text/plain")) {
                return String.valueOf(part.getContent());
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    String text = textPart(body);
                    if (!text.isEmpty()) {
                        return text;
                    }
                }
            }
            return "";
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("unreadable mail", e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
