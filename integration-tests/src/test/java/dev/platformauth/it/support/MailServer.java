package dev.platformauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * GreenMail SMTP server on 127.0.0.1 that Keycloak realms send to. Messages are looked up per
 * recipient mailbox, so tests that use unique addresses never see each other's mail; nothing is
 * ever purged.
 */
public final class MailServer implements AutoCloseable {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final GreenMail greenMail;
    private final int smtpPort;

    private MailServer(int smtpPort) {
        this.smtpPort = smtpPort;
        this.greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    static MailServer start() {
        MailServer server = new MailServer(Ports.freeLoopbackPort());
        server.greenMail.start();
        return server;
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** Messages delivered to {@code address} so far; no waiting. */
    public List<MimeMessage> messagesTo(String address) {
        GreenMailUser user = greenMail.getUserManager().getUserByEmail(address.toLowerCase(Locale.ROOT));
        if (user == null) {
            user = greenMail.getUserManager().getUserByEmail(address);
        }
        if (user == null) {
            return List.of();
        }
        try {
            List<MimeMessage> messages = new ArrayList<>();
            for (StoredMessage stored : greenMail.getManagers().getImapHostManager().getInbox(user).getMessages()) {
                messages.add(stored.getMimeMessage());
            }
            return messages;
        } catch (FolderException e) {
            throw new IllegalStateException("cannot read the mailbox of " + address, e);
        }
    }

    /** Waits until at least {@code count} messages reached {@code address}; returns them, oldest first. */
    public List<MimeMessage> awaitMessagesTo(String address, int count, Duration timeout) {
        try {
            return Polling.await(() -> messagesTo(address), found -> found.size() >= count, timeout,
                    count + " message(s) to " + address);
        } catch (AssertionError timedOut) {
            throw new AssertionError("expected " + count + " message(s) to " + address + " within "
                    + timeout.toMillis() + " ms, got " + subjects(messagesTo(address)));
        }
    }

    /** Waits (up to 20 s) for the first message to {@code address} and returns it. */
    public MimeMessage awaitOneTo(String address) {
        return awaitMessagesTo(address, 1, DEFAULT_TIMEOUT).get(0);
    }

    /** Waits {@code wait}, then fails if anything reached {@code address}. */
    public void assertNoMessageTo(String address, Duration wait) {
        Polling.sleep(wait);
        List<MimeMessage> messages = messagesTo(address);
        if (!messages.isEmpty()) {
            throw new AssertionError("expected no message to " + address + " but got " + subjects(messages));
        }
    }

    /** The {@code text/plain} body; fails if the message has none. */
    public static String textPart(MimeMessage message) {
        return part(message, "text/plain");
    }

    /** The {@code text/html} body; fails if the message has none. */
    public static String htmlPart(MimeMessage message) {
        return part(message, "text/html");
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private static String part(MimeMessage message, String mimeType) {
        try {
            String found = find(message, mimeType);
            if (found == null) {
                throw new AssertionError("message '" + message.getSubject() + "' has no " + mimeType + " part");
            }
            return found;
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot parse message", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read message", e);
        }
    }

    private static String find(Part part, String mimeType) throws MessagingException, IOException {
        if (part.isMimeType(mimeType) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = find(child, mimeType);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static List<String> subjects(List<MimeMessage> messages) {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : messages) {
            try {
                subjects.add(message.getSubject());
            } catch (MessagingException e) {
                subjects.add("(unreadable subject)");
            }
        }
        return subjects;
    }


}
