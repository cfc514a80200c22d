package dev.platformauth.rest.entitytoken;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EntityTokenSecretsTest {

    @Test
    @DisplayName("given fresh secrets when generated then each has the pae_ prefix, 256 random bits and is unique")
    void generated() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = EntityTokenSecrets.generate();
            assertThat(secret).startsWith("pae_").hasSize(EntityTokenSecrets.LENGTH);
            assertThat(EntityTokenSecrets.wellFormed(secret)).isTrue();
            assertThat(seen.add(secret)).isTrue();
        }
        assertThat(EntityTokenSecrets.LENGTH - EntityTokenSecrets.PREFIX.length()).as("base64url chars of 32 bytes").isEqualTo(43);
    }

    @Test
    @DisplayName("given a secret when its display prefix is taken then it is the first 12 characters")
    void displayPrefix() {
        String secret = EntityTokenSecrets.generate();
        assertThat(EntityTokenSecrets.displayPrefix(secret)).isEqualTo(secret.substring(0, 12)).startsWith("pae_");
    }

    @Test
    @DisplayName("given a secret when hashed then the SHA-256 hex is stable and not the secret")
    void hash() {
        String secret = EntityTokenSecrets.generate();
        assertThat(EntityTokenSecrets.hash(secret)).hasSize(64).isEqualTo(EntityTokenSecrets.hash(secret)).doesNotContain(secret.substring(4));
        assertThat(EntityTokenSecrets.hash("pae_" + "A".repeat(43)))
                .isEqualTo(dev.platformauth.common.secret.SecretCodes.sha256Hex("pae_" + "A".repeat(43)));
    }

    @Test
    @DisplayName("given malformed candidates when checked then none is well-formed")
    void malformed() {
        String good = EntityTokenSecrets.generate();
        assertThat(EntityTokenSecrets.wellFormed(null)).isFalse();
        assertThat(EntityTokenSecrets.wellFormed("")).isFalse();
        assertThat(EntityTokenSecrets.wellFormed(good + "A")).isFalse();
        assertThat(EntityTokenSecrets.wellFormed(good.substring(1))).isFalse();
        assertThat(EntityTokenSecrets.wellFormed("pat_" + good.substring(4))).isFalse();
        assertThat(EntityTokenSecrets.wellFormed("pae_" + "+".repeat(43))).isFalse();
        assertThat(EntityTokenSecrets.wellFormed("pae_" + "=".repeat(43))).isFalse();
    }
}
