package dev.platformauth.common.mail;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SendLimitSettings from client attributes")
class SendLimitSettingsTest {

    @Test
    @DisplayName("given no attributes then 60 mail requests per client IP per 60 s")
    void defaults() {
        assertThat(SendLimitSettings.from(null)).isEqualTo(new SendLimitSettings(60, 60));
        assertThat(SendLimitSettings.from(Map.of())).isEqualTo(new SendLimitSettings(60, 60));
    }

    @Test
    @DisplayName("given values in range then they are taken; 0 switches the per-IP limit off")
    void inRange() {
        assertThat(SendLimitSettings.from(Map.of(SendLimitSettings.PER_CLIENT_IP, "3", SendLimitSettings.WINDOW, "3600")))
                .isEqualTo(new SendLimitSettings(3, 3600));
        assertThat(SendLimitSettings.from(Map.of(SendLimitSettings.PER_CLIENT_IP, "0")).perClientIp()).isZero();
    }

    @Test
    @DisplayName("given unusable values then the defaults apply")
    void unusable() {
        assertThat(SendLimitSettings.from(Map.of(SendLimitSettings.PER_CLIENT_IP, "-1", SendLimitSettings.WINDOW, "0")))
                .isEqualTo(new SendLimitSettings(60, 60));
        assertThat(SendLimitSettings.from(Map.of(SendLimitSettings.PER_CLIENT_IP, "many", SendLimitSettings.WINDOW, "99999999")))
                .isEqualTo(new SendLimitSettings(60, 60));
    }
}
