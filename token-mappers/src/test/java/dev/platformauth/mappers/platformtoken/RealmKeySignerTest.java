package dev.platformauth.mappers.platformtoken;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyWrapper;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The realm-key signer signs exactly what the JDK would (or, for ECDSA, what verifies and what RFC 6979
 * prescribes), token after token, follows a key rotation, and leaves other keys to Keycloak's signer.
 */
class RealmKeySignerTest {

    private static final byte[] DATA = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0".getBytes(StandardCharsets.US_ASCII);

    private static KeyPair generate(String type, Object parameter) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
        if (parameter instanceof Integer bits) {
            generator.initialize(bits);
        } else if (parameter instanceof String curve) {
            generator.initialize(new ECGenParameterSpec(curve));
        }
        return generator.generateKeyPair();
    }

    private static KeyWrapper wrap(KeyPair pair, String kid, String algorithm) {
        KeyWrapper key = new KeyWrapper();
        key.setKid(kid);
        key.setAlgorithm(algorithm);
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

    private static byte[] jdkSignature(KeyPair pair, String javaAlgorithm, byte[] data) throws Exception {
        Signature fresh = Signature.getInstance(javaAlgorithm);
        fresh.initSign(pair.getPrivate());
        fresh.update(data);
        return fresh.sign();
    }

    @Test
    @DisplayName("given one RSA key when several tokens are signed then each signature verifies and equals a fresh engine's")
    void reusedEngineSignsLikeAFreshOne() throws Exception {
        KeyPair pair = generate("RSA", 2048);
        RealmKeySigner signer = RealmKeySigner.of(wrap(pair, "k1", Algorithm.RS256), Algorithm.RS256);
        for (String payload : new String[] {"first.token", "second.token", "third.token"}) {
            byte[] data = payload.getBytes(StandardCharsets.US_ASCII);
            byte[] signature = signer.sign(data);
            assertThat(signature).as("PKCS #1 v1.5 is deterministic").isEqualTo(jdkSignature(pair, "SHA256withRSA", data));
            assertThat(verifies(pair, "SHA256withRSA", data, signature)).isTrue();
        }
        assertThat(signer.getKid()).isEqualTo("k1");
        assertThat(signer.getAlgorithm()).isEqualTo(Algorithm.RS256);
        assertThat(signer.getHashAlgorithm()).isEqualTo("SHA-256");
    }

    @Test
    @DisplayName("given a rotated key or another RSA algorithm when signing then the new key and hash are used")
    void followsRotationAndAlgorithm() throws Exception {
        KeyPair old = generate("RSA", 2048);
        KeyPair rotated = generate("RSA", 2048);
        RealmKeySigner.of(wrap(old, "old", Algorithm.RS256), Algorithm.RS256).sign(DATA);
        byte[] signature = RealmKeySigner.of(wrap(rotated, "new", Algorithm.RS256), Algorithm.RS256).sign(DATA);
        assertThat(verifies(rotated, "SHA256withRSA", DATA, signature)).isTrue();
        assertThat(verifies(old, "SHA256withRSA", DATA, signature)).isFalse();
        byte[] rs512 = RealmKeySigner.of(wrap(rotated, "new", Algorithm.RS512), Algorithm.RS512).sign(DATA);
        assertThat(verifies(rotated, "SHA512withRSA", DATA, rs512)).isTrue();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"ES256, secp256r1, SHA256withECDSAinP1363Format, 64",
            "ES384, secp384r1, SHA384withECDSAinP1363Format, 96",
            "ES512, secp521r1, SHA512withECDSAinP1363Format, 132"})
    @DisplayName("given an EC key on the algorithm's curve when tokens are signed then the JWS signatures verify, rotation included")
    void ecdsa(String algorithm, String curve, String javaAlgorithm, int length) throws Exception {
        KeyPair pair = generate("EC", curve);
        RealmKeySigner signer = RealmKeySigner.of(wrap(pair, "ec", algorithm), algorithm);
        assertThat(signer).as("the lightweight API signs it").isNotNull();
        for (String payload : new String[] {"first.token", "second.token"}) {
            byte[] data = payload.getBytes(StandardCharsets.US_ASCII);
            byte[] signature = signer.sign(data);
            assertThat(signature).hasSize(length);
            assertThat(verifies(pair, javaAlgorithm, data, signature)).isTrue();
            assertThat(signer.sign(data)).as("RFC 6979: the nonce follows from key and message").isEqualTo(signature);
        }
        KeyPair rotated = generate("EC", curve);
        byte[] signature = RealmKeySigner.of(wrap(rotated, "ec2", algorithm), algorithm).sign(DATA);
        assertThat(verifies(rotated, javaAlgorithm, DATA, signature)).isTrue();
        assertThat(verifies(pair, javaAlgorithm, DATA, signature)).isFalse();
    }

    @Test
    @DisplayName("given RFC 6979's P-256 key and message 'sample' when signed with ES256 then R and S are the RFC's")
    void rfc6979Vector() throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        BigInteger x = new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16);
        var privateKey = KeyFactory.getInstance("EC").generatePrivate(
                new ECPrivateKeySpec(x, parameters.getParameterSpec(ECParameterSpec.class)));
        KeyWrapper key = new KeyWrapper();
        key.setKid("rfc");
        key.setAlgorithm(Algorithm.ES256);
        key.setPrivateKey(privateKey);
        byte[] signature = RealmKeySigner.of(key, Algorithm.ES256).sign("sample".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().withUpperCase().formatHex(signature)).isEqualTo(
                "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                        + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    }

    @Test
    @DisplayName("given an Ed25519 key when tokens are signed with EdDSA then the signatures equal the JDK's")
    void ed25519() throws Exception {
        KeyPair pair = generate("Ed25519", null);
        RealmKeySigner signer = RealmKeySigner.of(wrap(pair, "ed", Algorithm.EdDSA), Algorithm.EdDSA);
        assertThat(signer).isNotNull();
        for (String payload : new String[] {"first.token", "second.token"}) {
            byte[] data = payload.getBytes(StandardCharsets.US_ASCII);
            assertThat(signer.sign(data)).as("Ed25519 is deterministic").isEqualTo(jdkSignature(pair, "Ed25519", data));
        }
    }

    @Test
    @DisplayName("given PS256, Ed448, an EC key on another curve or an unencoded key then Keycloak's signer is left to sign, "
            + "and a missing key is refused")
    void scope() throws Exception {
        KeyPair rsa = generate("RSA", 2048);
        assertThat(RealmKeySigner.of(wrap(rsa, "r", Algorithm.PS256), Algorithm.PS256)).isNull();
        assertThat(RealmKeySigner.of(wrap(generate("Ed448", null), "e", Algorithm.EdDSA), Algorithm.EdDSA)).isNull();
        assertThat(RealmKeySigner.of(wrap(generate("EC", "secp384r1"), "c", Algorithm.ES256), Algorithm.ES256)).isNull();
        assertThat(RealmKeySigner.of(wrap(rsa, "r", Algorithm.ES256), Algorithm.ES256)).isNull();
        KeyWrapper unencodable = wrap(generate("Ed25519", null), "u", Algorithm.EdDSA);
        unencodable.setPrivateKey(new PrivateKey() {
            @Override
            public String getAlgorithm() {
                return "Ed25519";
            }

            @Override
            public String getFormat() {
                return null;
            }

            @Override
            public byte[] getEncoded() {
                return null;
            }
        });
        assertThat(RealmKeySigner.of(unencodable, Algorithm.EdDSA)).as("an Ed25519 key without PKCS #8").isNull();
        assertThatThrownBy(() -> RealmKeySigner.of(null, Algorithm.RS256)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RealmKeySigner.of(null, Algorithm.ES256)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("given the default crypto provider then EC P-256 and Ed25519 tokens are signed on the request thread; "
            + "RSA, Ed448 and a key on another curve not")
    void quickAlgorithms() throws Exception {
        assertThat(LightweightSignatures.available()).isTrue();
        assertThat(RealmKeySigner.signsQuickly(wrap(generate("EC", "secp256r1"), "e", Algorithm.ES256), Algorithm.ES256)).isTrue();
        assertThat(RealmKeySigner.signsQuickly(wrap(generate("Ed25519", null), "d", Algorithm.EdDSA), Algorithm.EdDSA)).isTrue();
        KeyPair rsa = generate("RSA", 2048);
        assertThat(RealmKeySigner.signsQuickly(wrap(rsa, "r", Algorithm.RS256), Algorithm.RS256)).isFalse();
        assertThat(RealmKeySigner.signsQuickly(wrap(rsa, "r", Algorithm.PS256), Algorithm.PS256)).isFalse();
        assertThat(RealmKeySigner.signsQuickly(wrap(generate("Ed448", null), "x", Algorithm.EdDSA), Algorithm.EdDSA)).isFalse();
        assertThat(RealmKeySigner.signsQuickly(wrap(generate("EC", "secp384r1"), "c", Algorithm.ES256), Algorithm.ES256)).isFalse();
        assertThat(RealmKeySigner.signsQuickly(null, Algorithm.ES256)).isFalse();
    }
}
