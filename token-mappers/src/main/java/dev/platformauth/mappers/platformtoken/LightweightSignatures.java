package dev.platformauth.mappers.platformtoken;

import org.keycloak.common.Profile;
import org.keycloak.crypto.Algorithm;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.List;

/**
 * Whether the platform token's EC and Ed25519 signatures can use Bouncy Castle's lightweight API
 * ({@link BouncyCastleEngines}), which Keycloak's default crypto provider brings along in the server's
 * {@code lib/}. Not on a server in FIPS mode, whose crypto provider is another (and whose approved
 * signatures must come from it), nor where the API's classes cannot be loaded: there Keycloak's signer
 * signs. This class names no Bouncy Castle type, so it loads on every server.
 */
final class LightweightSignatures {

    static final List<String> ALGORITHMS = List.of(Algorithm.ES256, Algorithm.ES384, Algorithm.ES512, Algorithm.EdDSA);

    private static final boolean AVAILABLE = !fips() && classesPresent();

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

    private static boolean classesPresent() {
        ClassLoader loader = LightweightSignatures.class.getClassLoader();
        try {
            for (String name : List.of("org.bouncycastle.crypto.signers.ECDSASigner",
                    "org.bouncycastle.crypto.signers.HMacDSAKCalculator",
                    "org.bouncycastle.crypto.ec.CustomNamedCurves",
                    "org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters",
                    "org.bouncycastle.crypto.util.PrivateKeyFactory")) {
                Class.forName(name, false, loader);
            }
            Class.forName(BouncyCastleEngines.class.getName(), true, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
