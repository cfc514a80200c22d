package dev.platformauth.rest.http;

import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.secret.Pkce;

import java.util.Optional;

/**
 * The one check of a PKCE challenge a client hands to the API (a body field or a query parameter):
 * S256 only, and a method without a challenge is an error. Failures are 400 {@code invalid_request}.
 */
public final class PkceChallenge {

    /** The longest challenge read; an S256 challenge has 43 characters. */
    public static final int MAX_CHALLENGE_LENGTH = 128;

    /** The longest method name read. */
    public static final int MAX_METHOD_LENGTH = 16;

    /** The longest {@code code_verifier} read (RFC 7636 allows 128 characters). */
    static final int MAX_VERIFIER_LENGTH = 128;

    private PkceChallenge() {
    }

    /**
     * The validated {@code code_challenge} (+ {@code code_challenge_method}) of a JSON body, or
     * {@code null} when it has none; 400 when {@code required} and it has none.
     */
    public static String read(JsonRequest request, boolean required) {
        String challenge = validate(
                request.optionalString("code_challenge", MAX_CHALLENGE_LENGTH),
                request.optionalString("code_challenge_method", MAX_METHOD_LENGTH));
        if (challenge == null && required) {
            throw JsonErrors.badRequest("This client requires a code_challenge (PKCE, S256)");
        }
        return challenge;
    }

    /** The optional {@code code_verifier} of a JSON body. */
    public static String verifier(JsonRequest request) {
        return request.optionalString("code_verifier", MAX_VERIFIER_LENGTH).orElse(null);
    }

    /** The validated challenge, or {@code null} when none was given; a missing method means S256. */
    public static String validate(Optional<String> challenge, Optional<String> method) {
        if (challenge.isEmpty()) {
            if (method.isPresent()) {
                throw JsonErrors.badRequest("code_challenge_method given without code_challenge");
            }
            return null;
        }
        if (!"S256".equals(method.orElse("S256"))) {
            throw JsonErrors.badRequest("Only the S256 code_challenge_method is supported");
        }
        if (!Pkce.isValidChallenge(challenge.get())) {
            throw JsonErrors.badRequest("code_challenge must be a base64url SHA-256 (43 characters)");
        }
        return challenge.get();
    }
}
