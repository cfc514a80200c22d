package dev.platformauth.mappers.platformtoken;

import org.keycloak.common.Profile;
import org.keycloak.crypto.Algorithm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

/**
 * Whether the platform token's EC and Ed25519 signatures can use Bouncy Castle's lightweight API
 * ({@link BouncyCastleEngines}), which Keycloak's default crypto provider brings along in the server's
 * {@code lib/}. Not on a server in FIPS mode, whose crypto provider is another (and whose approved
 * signatures must come from it), nor where the API's classes cannot be loaded: there Keycloak's signer
 * signs. Whether the API is there is decided once, by signing with a throwaway P-256 and Ed25519 key
 * (so a library without a method the signer calls is found out at once, not at a sign-in). This class
 * names no Bouncy Castle type, so it loads on every server.
 */
final class LightweightSignatures {

    static final List<String> ALGORITHMS = List.of(Algorithm.ES256, Algorithm.ES384, Algorithm.ES512, Algorithm.EdDSA);

    private static final boolean AVAILABLE = !fips() && works();

    private LightweightSignatures() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** Whether {@code key} signs {@code algorithm} here (callers check {@link #available()} first). */
    static boolean handles(String algorithm, PrivateKey key) {
        return ALGORITHMS.contains(algorithm) && BouncyCastleEngines.handles(algorithm, key);
    }

    /** The engine that signs {@code algorithm} with {@code key} (callers check {@link #handles} first). */
    static RealmKeySigner.Engine engine(String algorithm, PrivateKey key) throws GeneralSecurityException {
        return BouncyCastleEngines.engine(algorithm, key);
    }

    private static boolean fips() {
        return Profile.getInstance() != null && Profile.isFeatureEnabled(Profile.Feature.FIPS);
    }

    /** Whether the engines load and sign: one signature each with a throwaway key, verified with the JDK. */
    private static boolean works() {
        ClassLoader loader = LightweightSignatures.class.getClassLoader();
        try {
            Class.forName("org.bouncycastle.crypto.signers.ECDSASigner", false, loader);
            return signsAndVerifies(Algorithm.ES256, "EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSAinP1363Format")
                    && signsAndVerifies(Algorithm.EdDSA, "Ed25519", null, "Ed25519");
        } catch (ClassNotFoundException | LinkageError | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean signsAndVerifies(String algorithm, String keyType, ECGenParameterSpec curve, String verifierAlgorithm)
            throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
        if (curve != null) {
            generator.initialize(curve);
        }
        KeyPair pair = generator.generateKeyPair();
        byte[] data = "platform-auth self-test".getBytes(StandardCharsets.US_ASCII);
        if (!BouncyCastleEngines.handles(algorithm, pair.getPrivate())) {
            return false;
        }
        byte[] signature = BouncyCastleEngines.engine(algorithm, pair.getPrivate()).sign(data);
        Signature verifier = Signature.getInstance(verifierAlgorithm);
        verifier.initVerify(pair.getPublic());
        verifier.update(data);
        return verifier.verify(signature);
    }
}
