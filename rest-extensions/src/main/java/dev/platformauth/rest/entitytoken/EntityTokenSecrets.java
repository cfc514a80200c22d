package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.secret.SecretCodes;

/**
 * Entity-token secrets: {@value #PREFIX} followed by 256 random bits (base64url, 43 characters), so
 * secret scanners can recognise a leaked one. Only the SHA-256 is stored; the first
 * {@value #DISPLAY_LENGTH} characters are kept as the display prefix (48 random bits, not enough to
 * guess the rest).
 */
final class EntityTokenSecrets {

    static final String PREFIX = "pae_";
    static final int RANDOM_BYTES = 32;
    static final int LENGTH = PREFIX.length() + 43;
    static final int DISPLAY_LENGTH = PREFIX.length() + 8;

    private EntityTokenSecrets() {
    }

    static String generate() {
        return PREFIX + SecretCodes.randomUrlSafe(RANDOM_BYTES);
    }

    /** The part of a secret that may be shown again (lists, admin console, logs of ids). */
    static String displayPrefix(String secret) {
        return secret.substring(0, DISPLAY_LENGTH);
    }

    static String hash(String secret) {
        return SecretCodes.sha256Hex(secret);
    }

    /** Whether {@code candidate} has the shape of a secret (checked before any database lookup). */
    static boolean wellFormed(String candidate) {
        if (candidate == null || candidate.length() != LENGTH || !candidate.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            char c = candidate.charAt(i);
            boolean urlSafe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!urlSafe) {
                return false;
            }
        }
        return true;
    }
}
