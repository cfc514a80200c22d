package dev.platformauth.authenticators.mailed;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MailedLoginStepTest {

    @Test
    @DisplayName("given an entered address when it is one then it comes back trimmed")
    void valid() {
        assertThat(MailedLoginStep.validEmail("  alice@example.test ")).isEqualTo("alice@example.test");
    }

    @Test
    @DisplayName("given blank, malformed or over-long input then there is no address")
    void invalid() {
        assertThat(MailedLoginStep.validEmail(null)).isNull();
        assertThat(MailedLoginStep.validEmail("   ")).isNull();
        assertThat(MailedLoginStep.validEmail("not-an-address")).isNull();
        assertThat(MailedLoginStep.validEmail("a".repeat(250) + "@example.test")).isNull();
    }
}
