package dev.platformauth.it.platformtoken;

import com.nimbusds.jwt.SignedJWT;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.OnEveryLine;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform token signed with the realm's EC and EdDSA keys ({@code docs/platform-token.md#cost}), each
 * verifiable with the realm's JWKS: ES256 (its RFC 6979 signature shows the lightweight signer made it),
 * Ed25519 and Ed448 (Keycloak's signer; Ed25519 signatures are the same from either signer).
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformTokenKeysIT {

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.create(keycloak, mail, "platform-token-keys"));

    private TestRealm realm;
    private KeycloakServer keycloak;
    private MailServer mail;

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        realm = REALM.get();
    }

    private static void addKey(TestRealm in, String providerId, Map<String, String> config) {
        ComponentRepresentation key = new ComponentRepresentation();
        key.setName(providerId + "-" + UUID.randomUUID().toString().substring(0, 8));
        key.setProviderId(providerId);
        key.setProviderType("org.keycloak.keys.KeyProvider");
        key.setParentId(in.resource().toRepresentation().getId());
        MultivaluedHashMap<String, String> values = new MultivaluedHashMap<>();
        values.putSingle("priority", "100");
        config.forEach(values::putSingle);
        key.setConfig(values);
        try (Response created = in.resource().components().add(key)) {
            assertThat(created.getStatus()).as("adding the " + providerId + " key").isEqualTo(201);
        }
    }

    /** A password grant at a new client whose platform-token mapper signs with {@code algorithm}; the platform token. */
    private static SignedJWT platformToken(TestRealm in, String algorithm) throws Exception {
        String clientId = "app-" + algorithm.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 6);
        in.createPasswordClient(clientId);
        in.addPlatformTokenMapper(clientId, Map.of("platform-auth.token.algorithm", algorithm));
        String name = "k" + UUID.randomUUID().toString().substring(0, 8);
        in.createUser(name, name + "@example.test", "pw-" + name);
        HttpResult result = Http.postForm(in.tokenEndpoint(), Map.of("grant_type", "password", "client_id", clientId,
                "username", name, "password", "pw-" + name), Map.of());
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.json().has("platform_access_token")).as(result.toString()).isTrue();
        SignedJWT jwt = SignedJWT.parse(result.json().get("platform_access_token").asText());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(algorithm);
        assertThat(Jwt.verify(jwt.serialize(), in.jwksUri()).getStringClaim("email")).isEqualTo(name + "@example.test");
        return jwt;
    }

    /** The RFC 6979 (deterministic) ES256 signature of {@code signingInput} with {@code key}, as a JWS carries it. */
    private static byte[] deterministicEs256(ECPrivateKey key, byte[] signingInput) throws Exception {
        X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(key.getS(),
                new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH())));
        BigInteger[] rs = signer.generateSignature(MessageDigest.getInstance("SHA-256").digest(signingInput));
        byte[] signature = new byte[64];
        BigIntegers.asUnsignedByteArray(rs[0], signature, 0, 32);
        BigIntegers.asUnsignedByteArray(rs[1], signature, 32, 32);
        return signature;
    }

    @Test
    @OnEveryLine
    @DisplayName("given a P-256 realm key and the mapper set to ES256 when a token is issued then the platform token verifies "
            + "with the JWKS and carries the deterministic signature of the lightweight signer")
    void es256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        addKey(realm, "ecdsa-generated", Map.of("ecdsaEllipticCurveKey", "P-256",
                "ecdsaPrivateKey", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                "ecdsaPublicKey", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
        SignedJWT jwt = platformToken(realm, "ES256");
        assertThat(jwt.getSignature().decode())
                .as("the JDK's ECDSA, which Keycloak's signer uses, draws a random nonce: only the fast signer gives RFC 6979's")
                .isEqualTo(deterministicEs256((ECPrivateKey) pair.getPrivate(), jwt.getSigningInput()));
    }

    @Test
    @OnEveryLine
    @DisplayName("given an Ed25519 realm key and the mapper set to EdDSA when a token is issued then the platform token verifies with the JWKS")
    void ed25519() throws Exception {
        addKey(realm, "eddsa-generated", Map.of("eddsaEllipticCurveKey", "Ed25519"));
        assertThat(platformToken(realm, "EdDSA").getHeader().getKeyID()).isNotBlank();
    }

    @Test
    @DisplayName("given an Ed448 realm key, which the fast signer leaves to Keycloak's, when a token is issued with EdDSA then it verifies with the JWKS")
    void ed448() throws Exception {
        try (TestRealm other = TestRealm.create(keycloak, mail, "platform-token-ed448")) {
            addKey(other, "eddsa-generated", Map.of("eddsaEllipticCurveKey", "Ed448"));
            assertThat(platformToken(other, "EdDSA").getSignature().decode()).as("an Ed448 signature").hasSize(114);
        }
    }
}
