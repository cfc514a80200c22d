package dev.platformauth.it.support;

import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Reads a sign-in code from a captured mail: the text part shows it alone on a line. */
public final class MailCodes {

    public static final Pattern GROUPED = Pattern.compile("^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}-[0-9A-HJKMNP-TV-Z]{6}$");
    public static final Pattern HEX = Pattern.compile("^[0-9a-f]{32}$");

    private MailCodes() {
    }

    /** The one line of the text part that is a code (grouped or hex); fails unless exactly one. */
    public static String codeIn(MimeMessage message) {
        String text = MailServer.textPart(message);
        List<String> codes = Arrays.stream(text.split("\\R"))
                .map(String::strip)
                .filter(line -> GROUPED.matcher(line).matches() || HEX.matcher(line).matches())
                .toList();
        if (codes.size() != 1) {
            throw new AssertionError("expected exactly one code line in the mail text, found " + codes.size() + ":\n" + text);
        }
        return codes.get(0);
    }
}
