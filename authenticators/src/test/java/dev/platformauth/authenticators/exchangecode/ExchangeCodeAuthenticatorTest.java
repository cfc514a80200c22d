package dev.platformauth.authenticators.exchangecode;

import dev.platformauth.common.exchangecode.ExchangeCodeSettings;
import dev.platformauth.common.secret.CodeFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.sessions.AuthenticationSessionModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ExchangeCodeAuthenticatorTest {

    @Nested
    @DisplayName("given an email address to show on the code page")
    class Masking {

        @Test
        @DisplayName("when the local part is long then only its first and last characters remain")
        void longLocalPart() {
            assertThat(ExchangeCodeAuthenticator.mask("alice@example.test")).isEqualTo("a***e@example.test");
        }

        @Test
        @DisplayName("when the local part is short then only its first character remains")
        void shortLocalPart() {
            assertThat(ExchangeCodeAuthenticator.mask("al@example.test")).isEqualTo("a***@example.test");
        }

        @Test
        @DisplayName("when it is not an address then nothing of it is shown")
        void notAnAddress() {
            assertThat(ExchangeCodeAuthenticator.mask("@example.test")).isEqualTo("***");
        }
    }

    @Nested
    @DisplayName("given a code sent in this login")
    class Cooldown {

        private final ExchangeCodeSettings settings = new ExchangeCodeSettings(600, 60, CodeFormat.GROUPED);

        private AuthenticationSessionModel sentSecondsAgo(int seconds) {
            AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
            when(authSession.getAuthNote(ExchangeCodeAuthenticator.NOTE_SENT_AT))
                    .thenReturn(String.valueOf(Time.currentTime() - seconds));
            return authSession;
        }

        @Test
        @DisplayName("when the interval has not passed then the remaining seconds are shown")
        void tooSoon() {
            assertThat(ExchangeCodeAuthenticator.cooldown(sentSecondsAgo(10), settings)).isBetween(49L, 50L);
        }

        @Test
        @DisplayName("when the interval has passed then a resend is allowed")
        void allowed() {
            assertThat(ExchangeCodeAuthenticator.cooldown(sentSecondsAgo(61), settings)).isZero();
        }

        @Test
        @DisplayName("when nothing was sent yet then a resend is allowed")
        void nothingSent() {
            assertThat(ExchangeCodeAuthenticator.cooldown(mock(AuthenticationSessionModel.class), settings)).isZero();
        }
    }
}
