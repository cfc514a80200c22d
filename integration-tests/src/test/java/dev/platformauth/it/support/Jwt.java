package dev.platformauth.it.support;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** JWT checks for tests: signature against a realm's JWKS, and unverified peeks at header and payload. */
public final class Jwt {

    private Jwt() {
    }

    /**
     * Verifies the signature of {@code jwt} with the key named by its {@code kid} in the JWKS at
     * {@code jwksUri} and returns the claims. Time claims are not checked: assert them in the test.
     */
    public static JWTClaimsSet verify(String jwt, String jwksUri) {
        try {
            SignedJWT signed = SignedJWT.parse(jwt);
            String kid = signed.getHeader().getKeyID();
            if (kid == null) {
                throw new AssertionError("JWT has no kid in its header: " + signed.getHeader());
            }
            HttpResult jwks = Http.get(jwksUri, Map.of());
            if (jwks.status() != 200) {
                throw new AssertionError("cannot fetch JWKS: " + jwks);
            }
            JWK key = JWKSet.parse(jwks.body()).getKeyByKeyId(kid);
            if (key == null) {
                throw new AssertionError("kid " + kid + " is not in the JWKS at " + jwksUri + ": " + jwks.body());
            }
            if (key instanceof OctetKeyPair okp) {
                return verifyEdDsa(signed, okp);
            }
            if (!(key instanceof AsymmetricJWK asymmetric)) {
                throw new AssertionError("JWKS key " + kid + " is not an asymmetric key: " + key.getKeyType());
            }
            JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(signed.getHeader(), asymmetric.toPublicKey());
            if (!signed.verify(verifier)) {
                throw new AssertionError("JWT signature does not verify with JWKS key " + kid);
            }
            return signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AssertionError("not a signed JWT or unreadable JWKS: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new AssertionError("cannot verify JWT: " + e.getMessage(), e);
        }
    }

    /** EdDSA (Ed25519, Ed448) with the JDK's verifier: the JWT library verifies it only with an extra dependency. */
    private static JWTClaimsSet verifyEdDsa(SignedJWT signed, OctetKeyPair key) throws ParseException {
        String prefix = switch (key.getCurve().getName()) {
            case "Ed25519" -> "302a300506032b6570032100"; // SubjectPublicKeyInfo of an Ed25519 key, then the key
            case "Ed448" -> "3043300506032b6571033a00";
            default -> throw new AssertionError("not an EdDSA key: " + key.getCurve());
        };
        try {
            byte[] x = key.getX().decode();
            byte[] encoded = HexFormat.of().parseHex(prefix + HexFormat.of().formatHex(x));
            PublicKey publicKey = KeyFactory.getInstance("EdDSA").generatePublic(new X509EncodedKeySpec(encoded));
            Signature verifier = Signature.getInstance("EdDSA");
            verifier.initVerify(publicKey);
            verifier.update(signed.getSigningInput());
            if (!verifier.verify(signed.getSignature().decode())) {
                throw new AssertionError("JWT signature does not verify with JWKS key " + key.getKeyID());
            }
        } catch (GeneralSecurityException e) {
            throw new AssertionError("cannot verify EdDSA JWT: " + e.getMessage(), e);
        }
        return signed.getJWTClaimsSet();
    }

    /** The JOSE header, not verified. */
    public static JsonNode header(String jwt) {
        return decodePart(jwt, 0);
    }

    /** The claims, not verified. */
    public static JsonNode payload(String jwt) {
        return decodePart(jwt, 1);
    }

    private static JsonNode decodePart(String jwt, int index) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new AssertionError("not a JWT: " + jwt);
        }
        try {
            return HttpResult.JSON.readTree(Base64.getUrlDecoder().decode(parts[index]));
        } catch (IOException | IllegalArgumentException e) {
            throw new AssertionError("JWT part " + index + " is not base64url JSON", e);
        }
    }
}
