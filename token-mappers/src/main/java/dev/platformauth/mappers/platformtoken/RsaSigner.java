package dev.platformauth.mappers.platformtoken;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.JavaAlgorithm;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureException;
import org.keycloak.crypto.SignatureSignerContext;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs the platform token with an RSA realm key (RS256, RS384, RS512: RS256 is the realm's default)
 * through one {@link Signature} per request thread and key, initialised once. Keycloak's own signer
 * looks the JCA provider up and checks the key on every token; profiling the mapper showed that as a
 * tenth of its signing time. The signature is the same PKCS #1 v1.5 signature either way:
 * {@link Signature#sign()} leaves the engine ready for the next token with the same key, and a key
 * rotation (another key object) initialises it again. Other algorithms use Keycloak's signer.
 */
final class RsaSigner implements SignatureSignerContext {

    static final List<String> ALGORITHMS = List.of(Algorithm.RS256, Algorithm.RS384, Algorithm.RS512);

    /** Per thread: the engine of each algorithm, with the key it was initialised with. */
    private static final ThreadLocal<Map<String, Engine>> ENGINES = ThreadLocal.withInitial(HashMap::new);

    private record Engine(PrivateKey key, Signature signature) {
    }

    private final KeyWrapper key;
    private final String algorithm;

    private RsaSigner(KeyWrapper key, String algorithm) {
        this.key = key;
        this.algorithm = algorithm;
    }

    static boolean handles(String algorithm) {
        return ALGORITHMS.contains(algorithm);
    }

    /** A signer for {@code key}, the realm's active key for {@code algorithm} (one of {@link #ALGORITHMS}). */
    static RsaSigner of(KeyWrapper key, String algorithm) {
        if (key == null || !(key.getPrivateKey() instanceof PrivateKey)) {
            throw new IllegalStateException("no active " + algorithm + " key");
        }
        return new RsaSigner(key, algorithm);
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
        return JavaAlgorithm.getJavaAlgorithmForHash(algorithm);
    }

    @Override
    public byte[] sign(byte[] data) throws SignatureException {
        PrivateKey privateKey = (PrivateKey) key.getPrivateKey();
        try {
            Map<String, Engine> engines = ENGINES.get();
            Engine engine = engines.get(algorithm);
            if (engine == null || engine.key() != privateKey) {
                Signature signature = Signature.getInstance(JavaAlgorithm.getJavaAlgorithm(algorithm));
                signature.initSign(privateKey);
                engine = new Engine(privateKey, signature);
                engines.put(algorithm, engine);
            }
            engine.signature().update(data);
            return engine.signature().sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            // a half-used engine must not sign the next token
            ENGINES.get().remove(algorithm);
            throw new SignatureException("Signing failed", e);
        }
    }
}
