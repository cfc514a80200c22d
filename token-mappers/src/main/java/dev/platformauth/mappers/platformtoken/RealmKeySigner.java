package dev.platformauth.mappers.platformtoken;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.JavaAlgorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureException;
import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs the platform token with a realm key through one engine per request thread, algorithm and key,
 * set up once: the same signatures as Keycloak's signer, at less cost.
 * <ul>
 *   <li>RS256, RS384, RS512 (RS256 is the realm's default): a JCA {@link Signature}, initialised once.
 *   Keycloak's own signer looks the JCA provider up and checks the key on every token; profiling the
 *   mapper showed that as a tenth of its signing time. {@link Signature#sign()} leaves the engine ready
 *   for the next token with the same key.</li>
 *   <li>ES256, ES384, ES512 and EdDSA with an Ed25519 key: Bouncy Castle's lightweight API
 *   ({@link LightweightSignatures}), when the server runs its default, non-FIPS crypto provider. It signs
 *   ES256 and Ed25519 about seven and nine times faster than the JDK's providers that Keycloak's signer
 *   picks.</li>
 * </ul>
 * A key rotation (another key object) sets the engine up again. Other algorithms and keys (PS*, Ed448,
 * an EC key on another curve than the algorithm's) use Keycloak's signer.
 */
final class RealmKeySigner implements SignatureSignerContext {

    static final List<String> RSA_ALGORITHMS = List.of(Algorithm.RS256, Algorithm.RS384, Algorithm.RS512);

    /** One engine: the key it was set up with, and how it signs JWS signing input with it. */
    interface Engine {
        PrivateKey key();

        /** The JWS signature of {@code data}. */
        byte[] sign(byte[] data) throws GeneralSecurityException;
    }

    /** Per thread: the engine of each algorithm (a JCA engine is not thread-safe). */
    private static final ThreadLocal<Map<String, Engine>> ENGINES = ThreadLocal.withInitial(HashMap::new);

    private record JcaEngine(PrivateKey key, Signature signature) implements Engine {
        @Override
        public byte[] sign(byte[] data) throws GeneralSecurityException {
            signature.update(data);
            return signature.sign();
        }
    }

    private final KeyWrapper key;
    private final String algorithm;

    private RealmKeySigner(KeyWrapper key, String algorithm) {
        this.key = key;
        this.algorithm = algorithm;
    }

    /**
     * A signer for {@code key}, the realm's active key for {@code algorithm}, or {@code null} when Keycloak's
     * signer is the one to use (see the class comment). Throws when the realm has no such key.
     */
    static RealmKeySigner of(KeyWrapper key, String algorithm) {
        if (key == null || !(key.getPrivateKey() instanceof PrivateKey)) {
            throw new IllegalStateException("no active " + algorithm + " key");
        }
        return RSA_ALGORITHMS.contains(algorithm) || signsQuickly(key, algorithm) ? new RealmKeySigner(key, algorithm) : null;
    }

    /**
     * Whether a token signed with the realm's active key for {@code algorithm} is cheap enough to sign on the
     * request thread rather than hand to another one: an EC or Ed25519 signature through the lightweight API
     * costs less than waking a thread. False when the realm has no such key.
     */
    static boolean signsQuickly(KeycloakSession session, RealmModel realm, String algorithm) {
        if (!LightweightSignatures.ALGORITHMS.contains(algorithm)) {
            return false; // RSA and PS*: no key to look up
        }
        try {
            return signsQuickly(session.keys().getActiveKey(realm, KeyUse.SIG, algorithm), algorithm);
        } catch (RuntimeException e) {
            return false; // no usable key: the response says why
        }
    }

    /** As {@link #signsQuickly(KeycloakSession, RealmModel, String)}, for {@code key}: the lightweight API signs with it. */
    static boolean signsQuickly(KeyWrapper key, String algorithm) {
        return key != null && key.getPrivateKey() instanceof PrivateKey privateKey
                && LightweightSignatures.available() && LightweightSignatures.handles(algorithm, privateKey);
    }

    @Override
    public String getKid() {
        return key.getKid();
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getHashAlgorithm() {
        return JavaAlgorithm.getJavaAlgorithmForHash(algorithm, key.getCurve());
    }

    @Override
    public byte[] sign(byte[] data) throws SignatureException {
        PrivateKey privateKey = (PrivateKey) key.getPrivateKey();
        try {
            Map<String, Engine> engines = ENGINES.get();
            Engine engine = engines.get(algorithm);
            if (engine == null || engine.key() != privateKey) {
                engine = engine(privateKey);
                engines.put(algorithm, engine);
            }
            return engine.sign(data);
        } catch (GeneralSecurityException | RuntimeException e) {
            // a half-used engine must not sign the next token
            ENGINES.get().remove(algorithm);
            throw new SignatureException("Signing failed", e);
        }
    }

    private Engine engine(PrivateKey privateKey) throws GeneralSecurityException {
        if (!RSA_ALGORITHMS.contains(algorithm)) {
            return LightweightSignatures.engine(algorithm, privateKey);
        }
        Signature signature = Signature.getInstance(JavaAlgorithm.getJavaAlgorithm(algorithm));
        signature.initSign(privateKey);
        return new JcaEngine(privateKey, signature);
    }
}
