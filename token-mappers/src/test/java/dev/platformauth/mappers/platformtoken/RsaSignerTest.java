package dev.platformauth.mappers.platformtoken;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyWrapper;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reused RSA engine signs exactly what a fresh one would, token after token, and follows a key rotation. */
class RsaSignerTest {

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static KeyWrapper wrap(KeyPair pair, String kid) {
        KeyWrapper key = new KeyWrapper();
        key.setKid(kid);
        key.setAlgorithm(Algorithm.RS256);
        key.setPrivateKey(pair.getPrivate());
        key.setPublicKey(pair.getPublic());
        return key;
    }

    private static boolean verifies(KeyPair pair, String javaAlgorithm, byte[] data, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(javaAlgorithm);
        verifier.initVerify(pair.getPublic());
        verifier.update(data);
        return verifier.verify(signature);
    }

    @Test
    @DisplayName("given one key when several tokens are signed then each signature verifies and equals a fresh engine's")
    void reusedEngineSignsLikeAFreshOne() throws Exception {
        KeyPair pair = rsa();
        RsaSigner signer = RsaSigner.of(wrap(pair, "k1"), Algorithm.RS256);
        for (String payload : new String[] {"first.token", "second.token", "third.token"}) {
            byte[] data = payload.getBytes(StandardCharsets.US_ASCII);
            byte[] signature = signer.sign(data);
            Signature fresh = Signature.getInstance("SHA256withRSA");
            fresh.initSign(pair.getPrivate());
            fresh.update(data);
            assertThat(signature).as("PKCS #1 v1.5 is deterministic").isEqualTo(fresh.sign());
            assertThat(verifies(pair, "SHA256withRSA", data, signature)).isTrue();
        }
        assertThat(signer.getKid()).isEqualTo("k1");
        assertThat(signer.getAlgorithm()).isEqualTo(Algorithm.RS256);
        assertThat(signer.getHashAlgorithm()).isEqualTo("SHA-256");
    }

    @Test
    @DisplayName("given a rotated key or another RSA algorithm when signing then the new key and hash are used")
    void followsRotationAndAlgorithm() throws Exception {
        KeyPair old = rsa();
        KeyPair rotated = rsa();
        byte[] data = "token".getBytes(StandardCharsets.US_ASCII);
        RsaSigner.of(wrap(old, "old"), Algorithm.RS256).sign(data);
        byte[] signature = RsaSigner.of(wrap(rotated, "new"), Algorithm.RS256).sign(data);
        assertThat(verifies(rotated, "SHA256withRSA", data, signature)).isTrue();
        assertThat(verifies(old, "SHA256withRSA", data, signature)).isFalse();
        byte[] rs512 = RsaSigner.of(wrap(rotated, "new"), Algorithm.RS512).sign(data);
        assertThat(verifies(rotated, "SHA512withRSA", data, rs512)).isTrue();
    }

    @Test
    @DisplayName("given only RSA PKCS #1 algorithms are handled, and a missing key is refused")
    void scope() {
        assertThat(RsaSigner.handles(Algorithm.RS256)).isTrue();
        assertThat(RsaSigner.handles(Algorithm.PS256)).isFalse();
        assertThat(RsaSigner.handles(Algorithm.ES256)).isFalse();
        assertThatThrownBy(() -> RsaSigner.of(null, Algorithm.RS256)).isInstanceOf(IllegalStateException.class);
    }
}
