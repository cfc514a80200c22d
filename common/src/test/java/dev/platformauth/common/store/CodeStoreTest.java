package dev.platformauth.common.store;

import dev.platformauth.common.secret.SecretCodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodeStoreTest {

    @Test
    @DisplayName("keys are namespaced by kind and realm and hold only the secret's SHA-256")
    void keyFormat() {
        String key = CodeStore.key("exchange-code", "realm-1", "SECRET");
        assertThat(key).isEqualTo("platform-auth:exchange-code:realm-1:" + SecretCodes.sha256Hex("SECRET"));
        assertThat(key).doesNotContain("SECRET");
    }
}
