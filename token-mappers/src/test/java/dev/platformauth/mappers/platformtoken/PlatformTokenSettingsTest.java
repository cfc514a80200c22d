package dev.platformauth.mappers.platformtoken;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ProtocolMapperModel;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform-token mapper parses each mapper's configuration once, and again as soon as it changes. */
class PlatformTokenSettingsTest {

    private static ProtocolMapperModel mapper(String id, Map<String, String> config) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setId(id);
        model.setConfig(config);
        return model;
    }

    @Test
    @DisplayName("given an unchanged configuration when tokens are minted again then the parsed configuration is reused")
    void reusedWhileUnchanged() {
        PlatformTokenSettings mapper = new PlatformTokenSettings();
        PlatformTokenConfig first = mapper.config(mapper("m1", new HashMap<>(Map.of(PlatformTokenConfig.LIFETIME, "3600"))));
        PlatformTokenConfig again = mapper.config(mapper("m1", new HashMap<>(Map.of(PlatformTokenConfig.LIFETIME, "3600"))));
        assertThat(again).isSameAs(first);
        assertThat(again.lifetimeSeconds()).isEqualTo(3600L);
    }

    @Test
    @DisplayName("given a changed configuration, another mapper or one without an id then each reads its own values")
    void changedConfigurationIsReadAgain() {
        PlatformTokenSettings mapper = new PlatformTokenSettings();
        Map<String, String> config = new HashMap<>(Map.of(PlatformTokenConfig.LIFETIME, "3600"));
        assertThat(mapper.config(mapper("m1", config)).lifetimeSeconds()).isEqualTo(3600L);
        config.put(PlatformTokenConfig.LIFETIME, "60");
        assertThat(mapper.config(mapper("m1", config)).lifetimeSeconds()).as("the same map, changed in place").isEqualTo(60L);
        assertThat(mapper.config(mapper("m2", Map.of(PlatformTokenConfig.AUDIENCE, "other"))).audiences()).containsExactly("other");
        assertThat(mapper.config(mapper("m1", config)).audiences()).containsExactly("platform-api");
        assertThat(mapper.config(mapper(null, null)).lifetimeSeconds()).isEqualTo(PlatformTokenConfig.DEFAULT_LIFETIME);
    }

    @Test
    @DisplayName("given more mappers than the memo holds when configurations are read then every one is still its own")
    void memoIsBounded() {
        PlatformTokenSettings mapper = new PlatformTokenSettings();
        for (int i = 0; i < PlatformTokenSettings.MEMO_LIMIT * 2; i++) {
            String lifetime = String.valueOf(100 + i);
            assertThat(mapper.config(mapper("m" + i, Map.of(PlatformTokenConfig.LIFETIME, lifetime))).lifetimeSeconds())
                    .isEqualTo(100L + i);
        }
    }
}
