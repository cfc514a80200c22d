package dev.platformauth.common.exchangecode;

import dev.platformauth.common.secret.CodeFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeCodeSettingsTest {

    @Test
    @DisplayName("given no config when read then the defaults apply: 600 s, 60 s, grouped")
    void defaults() {
        assertThat(ExchangeCodeSettings.fromConfig(null)).isEqualTo(ExchangeCodeSettings.DEFAULTS);
        assertThat(ExchangeCodeSettings.fromConfig(Map.of())).isEqualTo(
                new ExchangeCodeSettings(600, 60, CodeFormat.GROUPED));
    }

    @Test
    @DisplayName("given valid values when read then they are used")
    void values() {
        ExchangeCodeSettings settings = ExchangeCodeSettings.fromConfig(Map.of(
                ExchangeCodeSettings.LIFETIME, " 120 ",
                ExchangeCodeSettings.RESEND_INTERVAL, "0",
                ExchangeCodeSettings.FORMAT, "HEX"));
        assertThat(settings).isEqualTo(new ExchangeCodeSettings(120, 0, CodeFormat.HEX));
    }

    @Test
    @DisplayName("given unusable values when read then each falls back to its default and problems() names them")
    void fallbacks() {
        Map<String, String> bad = Map.of(
                ExchangeCodeSettings.LIFETIME, "3600",
                ExchangeCodeSettings.RESEND_INTERVAL, "soon",
                ExchangeCodeSettings.FORMAT, "emoji");
        assertThat(ExchangeCodeSettings.fromConfig(bad)).isEqualTo(ExchangeCodeSettings.DEFAULTS);
        assertThat(ExchangeCodeSettings.problems(bad)).hasSize(3);
        assertThat(ExchangeCodeSettings.problems(Map.of(ExchangeCodeSettings.LIFETIME, "300"))).isEmpty();
    }

    @Test
    @DisplayName("given client attributes when read then the client keys are used, not the authenticator keys")
    void clientAttributes() {
        ExchangeCodeSettings settings = ExchangeCodeSettings.fromClientAttributes(Map.of(
                ExchangeCodeSettings.CLIENT_LIFETIME, "30", ExchangeCodeSettings.LIFETIME, "90"));
        assertThat(settings.lifetimeSeconds()).isEqualTo(30);
    }
}
