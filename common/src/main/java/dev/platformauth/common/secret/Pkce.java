package dev.platformauth.common.secret;

import org.keycloak.events.Errors;

import java.util.regex.Pattern;

/**
 * PKCE (RFC 7636, S256 only) for the mailed sign-in secrets that a requester can bind to itself
 * (exchange codes, magic links): the shape of a challenge, and the one check of a verifier against
 * the challenge stored with a secret.
 */
public final class Pkce {

    /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("^[A-Za-z0-9._~-]{43,128}$");
    /** An S256 challenge is the base64url SHA-256 of the verifier: 43 characters. */
    private static final Pattern CHALLENGE = Pattern.compile("^[A-Za-z0-9_-]{43}$");

    private Pkce() {
    }

    /** Why a redemption's verifier does not fit its secret; {@code eventError} is a constant of Keycloak's {@link Errors}. */
    public record Mismatch(String eventError, String description) {
    }

    /** A PKCE S256 challenge is well formed. */
    public static boolean isValidChallenge(String challenge) {
        return challenge != null && CHALLENGE.matcher(challenge).matches();
    }

    /**
     * Checks {@code verifier} against the {@code challenge} a secret was requested with (either may be
     * null): null when they fit, that is both absent or the verifier's S256 equals the challenge
     * (compared in constant time); a secret requested without a challenge takes no verifier.
     */
    public static Mismatch check(String challenge, String verifier) {
        if (challenge == null) {
            return verifier == null ? null
                    : new Mismatch(Errors.INVALID_CODE_VERIFIER, "The secret was not requested with a code_challenge");
        }
        if (verifier == null) {
            return new Mismatch(Errors.CODE_VERIFIER_MISSING, "A code_verifier is required");
        }
        if (!VERIFIER.matcher(verifier).matches()
                || !SecretCodes.constantTimeEquals(SecretCodes.s256(verifier), challenge)) {
            return new Mismatch(Errors.PKCE_VERIFICATION_FAILED, "The code_verifier does not match");
        }
        return null;
    }
}
