package dev.platformauth.common.emailotp;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Email OTP settings and codes")
class EmailOtpSettingsTest {

    @Nested
    @DisplayName("given a config map")
    class GivenAConfig {

        @Test
        @DisplayName("when empty or null then the defaults apply: 600 s, 6 digits, 5 attempts, 60 s, "
                + "20 attempts per account in 3600 s")
        void defaults() {
            assertThat(EmailOtpSettings.from(null)).isEqualTo(EmailOtpSettings.DEFAULTS);
            assertThat(EmailOtpSettings.from(Map.of())).isEqualTo(new EmailOtpSettings(600, 6, 5, 60, 20, 3600));
        }

        @Test
        @DisplayName("when every value is usable then each is used")
        void values() {
            assertThat(EmailOtpSettings.from(Map.of(
                    EmailOtpSettings.LIFETIME, "300", EmailOtpSettings.LENGTH, " 8 ",
                    EmailOtpSettings.MAX_ATTEMPTS, "3", EmailOtpSettings.RESEND_INTERVAL, "0",
                    EmailOtpSettings.MAX_ACCOUNT_ATTEMPTS, "7", EmailOtpSettings.ACCOUNT_ATTEMPT_WINDOW, "600")))
                    .isEqualTo(new EmailOtpSettings(300, 8, 3, 0, 7, 600));
        }

        @Test
        @DisplayName("when values are out of range or not numbers then each falls back and problems() names it")
        void fallbacks() {
            Map<String, String> bad = Map.of(
                    EmailOtpSettings.LIFETIME, "601", EmailOtpSettings.LENGTH, "4",
                    EmailOtpSettings.MAX_ATTEMPTS, "0", EmailOtpSettings.RESEND_INTERVAL, "soon",
                    EmailOtpSettings.MAX_ACCOUNT_ATTEMPTS, "1001", EmailOtpSettings.ACCOUNT_ATTEMPT_WINDOW, "59");
            assertThat(EmailOtpSettings.from(bad)).isEqualTo(EmailOtpSettings.DEFAULTS);
            assertThat(EmailOtpSettings.problems(bad)).hasSize(6)
                    .contains("Attempts per account must be between 1 and 1000 attempts");
            assertThat(EmailOtpSettings.problems(Map.of(EmailOtpSettings.LENGTH, "10",
                    EmailOtpSettings.MAX_ACCOUNT_ATTEMPTS, "1", EmailOtpSettings.ACCOUNT_ATTEMPT_WINDOW, "86400"))).isEmpty();
        }
    }

    @Nested
    @DisplayName("given an address")
    class GivenAnAddress {

        @Test
        @DisplayName("when used as a store subject then case and blanks do not matter, and a login binding sets it apart")
        void subject() {
            assertThat(EmailOtps.subject(" Alice@Example.TEST ", null)).isEqualTo("alice@example.test");
            assertThat(EmailOtps.subject("alice@example.test", "root.tab"))
                    .isNotEqualTo(EmailOtps.subject("alice@example.test", null))
                    .isNotEqualTo(EmailOtps.subject("alice@example.test", "root.other"));
        }

        @Test
        @DisplayName("when a code is hashed then the salt changes the hash and the code is not in it")
        void hash() {
            String code = "042917";
            assertThat(EmailOtps.hash("salt-a", code)).isNotEqualTo(EmailOtps.hash("salt-b", code))
                    .doesNotContain(code).hasSize(64);
            assertThat(EmailOtps.hash("salt-a", code)).isEqualTo(EmailOtps.hash("salt-a", code));
        }
    }
}
