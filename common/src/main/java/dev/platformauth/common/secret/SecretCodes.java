package dev.platformauth.common.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Generates, normalises and hashes sign-in secrets. Only hashes are ever stored; comparisons of
 * secrets are constant-time.
 */
public final class SecretCodes {

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int GROUPED_LENGTH = 26;
    private static final int HEX_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretCodes() {
    }

    /** A fresh code in the given format, from {@link SecureRandom}. */
    public static String generate(CodeFormat format) {
        return switch (format) {
            case GROUPED -> grouped();
            case HEX -> {
                byte[] bytes = new byte[HEX_BYTES];
                RANDOM.nextBytes(bytes);
                yield HexFormat.of().formatHex(bytes);
            }
        };
    }

    /** A string of {@code digits} decimal digits, uniformly random (for OTPs). */
    public static String digits(int digits) {
        StringBuilder out = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            out.append((char) ('0' + RANDOM.nextInt(10)));
        }
        return out.toString();
    }

    /** {@code bytes} random bytes, base64url without padding (for entity tokens and link tokens). */
    public static String randomUrlSafe(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }

    private static String grouped() {
        StringBuilder out = new StringBuilder(GROUPED_LENGTH + 6);
        for (int i = 0; i < GROUPED_LENGTH; i++) {
            if (i > 0 && i < 25 && i % 5 == 0) {
                out.append('-');
            }
            out.append(CROCKFORD[RANDOM.nextInt(CROCKFORD.length)]);
        }
        return out.toString();
    }

    /**
     * The canonical form of a code as a person may have typed or pasted it: blanks and dashes removed;
     * a 32-character hexadecimal code in lower case; anything else in upper case with the Crockford
     * look-alikes mapped (O to 0, I and L to 1). Codes are hashed in this form, so both formats can be
     * redeemed without knowing which one was issued. Returns {@code null} for null input.
     */
    public static String normalize(String input) {
        if (input == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(input.length());
        for (char c : input.toCharArray()) {
            if (c != '-' && !Character.isWhitespace(c)) {
                out.append(Character.toUpperCase(c));
            }
        }
        String compact = out.toString();
        if (compact.length() == HEX_BYTES * 2 && compact.chars().allMatch(SecretCodes::isHexDigit)) {
            return compact.toLowerCase(Locale.ROOT);
        }
        return compact.replace('O', '0').replace('I', '1').replace('L', '1');
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes. */
    public static String sha256Hex(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Base64url (no padding) SHA-256, as PKCE S256 uses. */
    static String s256(String verifier) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(digest.digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Constant-time equality of two strings (false when either is null). */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
