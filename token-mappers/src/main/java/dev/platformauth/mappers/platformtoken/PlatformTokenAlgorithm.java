package dev.platformauth.mappers.platformtoken;

import org.keycloak.crypto.Algorithm;

import java.util.List;

/**
 * Which JWS algorithm signs the platform token. Only asymmetric ones (RS*, PS*, ES*, EdDSA): the
 * platform token's verifiers check it with the realm's public keys (JWKS), and an HMAC algorithm
 * would mean handing them the realm's HMAC secret, with which they could mint tokens themselves.
 * A configuration naming anything else (an old realm import, a hand-edited mapper) and a realm
 * whose default signature algorithm is HMAC fall back to {@value #FALLBACK}.
 */
final class PlatformTokenAlgorithm {

    static final List<String> ALLOWED = List.of(Algorithm.RS256, Algorithm.RS384, Algorithm.RS512,
            Algorithm.PS256, Algorithm.PS384, Algorithm.PS512, Algorithm.ES256, Algorithm.ES384, Algorithm.ES512,
            Algorithm.EdDSA);
    static final String FALLBACK = Algorithm.RS256;

    /**
     * The choice for one token.
     *
     * @param algorithm the algorithm to sign with, always one of {@link #ALLOWED}
     * @param refused   the algorithm that was asked for and refused (to warn about), or null
     */
    record Choice(String algorithm, String refused) {
    }

    private PlatformTokenAlgorithm() {
    }

    static boolean allowed(String algorithm) {
        return ALLOWED.contains(algorithm);
    }

    /** The configured algorithm ({@code null}: none) if allowed, else the realm default if allowed, else {@value #FALLBACK}. */
    static Choice choose(String configured, String realmDefault) {
        String wanted = configured != null ? configured : realmDefault;
        if (wanted == null) {
            return new Choice(FALLBACK, null);
        }
        return allowed(wanted) ? new Choice(wanted, null) : new Choice(FALLBACK, wanted);
    }
}
