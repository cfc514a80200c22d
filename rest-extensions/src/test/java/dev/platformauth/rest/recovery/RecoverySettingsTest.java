package dev.platformauth.rest.recovery;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Password-reset and username-reminder settings")
class RecoverySettingsTest {

    @Nested
    @DisplayName("given no attributes")
    class GivenNoAttributes {

        @Test
        @DisplayName("then the built-in page, 15 minutes and 60 s resend intervals apply")
        void defaults() {
            RecoverySettings settings = RecoverySettings.fromClientAttributes(null);

            assertThat(settings.resetUrl()).isEmpty();
            assertThat(settings.resetLifetimeSeconds()).isEqualTo(900);
            assertThat(settings.resetLifetimeMinutes()).isEqualTo(15);
            assertThat(settings.resetResendInterval()).isEqualTo(60);
            assertThat(settings.usernameResendInterval()).isEqualTo(60);
        }
    }

    @Nested
    @DisplayName("given attributes")
    class GivenAttributes {

        @Test
        @DisplayName("when they are valid then they are used")
        void valid() {
            RecoverySettings settings = RecoverySettings.fromClientAttributes(Map.of(
                    RecoverySettings.RESET_URL, " https://app.example.test/reset?from=mail ",
                    RecoverySettings.RESET_LIFETIME, "90",
                    RecoverySettings.RESET_RESEND_INTERVAL, "0",
                    RecoverySettings.USERNAME_RESEND_INTERVAL, "120"));

            assertThat(settings.resetUrl()).contains(URI.create("https://app.example.test/reset?from=mail"));
            assertThat(settings.resetLifetimeSeconds()).isEqualTo(90);
            assertThat(settings.resetLifetimeMinutes()).isEqualTo(2);
            assertThat(settings.resetResendInterval()).isZero();
            assertThat(settings.usernameResendInterval()).isEqualTo(120);
        }

        @ParameterizedTest(name = "when the lifetime is \"{0}\" then the default 900 applies")
        @ValueSource(strings = {"0", "-5", "901", "3600", "15m", " "})
        void lifetimeOutOfRange(String value) {
            assertThat(RecoverySettings.fromClientAttributes(Map.of(RecoverySettings.RESET_LIFETIME, value))
                    .resetLifetimeSeconds()).isEqualTo(900);
        }

        @ParameterizedTest(name = "when the page URL is \"{0}\" then the built-in page is used")
        @ValueSource(strings = {"/relative/reset", "javascript:alert(1)", "ftp://files.example.test/reset",
                "https://app.example.test/reset#token", "https://", "http://exa mple.test/"})
        void unusableUrl(String value) {
            Map<String, String> attributes = new HashMap<>();
            attributes.put(RecoverySettings.RESET_URL, value);
            assertThat(RecoverySettings.fromClientAttributes(attributes).resetUrl()).isEmpty();
        }

        @Test
        @DisplayName("when a resend interval is beyond an hour then the default applies")
        void resendTooLong() {
            assertThat(RecoverySettings.fromClientAttributes(Map.of(RecoverySettings.RESET_RESEND_INTERVAL, "3601"))
                    .resetResendInterval()).isEqualTo(60);
        }
    }
}
