package dev.platformauth.common.emailotp;

import dev.platformauth.common.store.InMemorySingleUseObjects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

@DisplayName("Email OTP entries and the attempts per account")
class EmailOtpsTest {

    /** 5 attempts per code, 7 per account in a window of 60 s, no resend interval. */
    private static final EmailOtpSettings SETTINGS = new EmailOtpSettings(600, 6, 5, 0, 7, 60);
    private static final String ADDRESS = "nobody@example.test";

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);

    @BeforeEach
    void store() {
        when(session.singleUseObjects()).thenReturn(new InMemorySingleUseObjects());
        when(realm.getId()).thenReturn("realm-1");
        // start at the beginning of an attempt window, so that the test stays inside one
        Time.setOffset(SETTINGS.accountAttemptWindowSeconds() - Time.currentTime() % SETTINGS.accountAttemptWindowSeconds());
    }

    @AfterEach
    void resetClock() {
        Time.setOffset(0);
    }

    private EmailOtps.Check enter(String address, String binding, String code) {
        return EmailOtps.verify(session, realm, EmailOtps.subject(address, binding), code, SETTINGS);
    }

    private static String wrong(String code, int i) {
        return String.format("%06d", (Integer.parseInt(code) + 1 + i) % 1_000_000);
    }

    @Nested
    @DisplayName("given an address without an account (a decoy code)")
    class GivenADecoy {

        @Test
        @DisplayName("when its entries reach the limit over two codes then every later entry is refused as too many "
                + "until the window ends, on the API and the login pages alike, without using up the code")
        void windowAcrossCodes() {
            String first = EmailOtps.issue(session, realm, ADDRESS, null, null, SETTINGS, false);
            for (int i = 0; i < 5; i++) {
                assertThat(enter(ADDRESS, null, wrong(first, i))).isEqualTo(new EmailOtps.Refused(Errors.INVALID_CODE, null));
            }
            String second = EmailOtps.issue(session, realm, ADDRESS, null, null, SETTINGS, false);
            assertThat(enter(ADDRESS, null, wrong(second, 0))).isInstanceOf(EmailOtps.Refused.class);
            assertThat(enter(ADDRESS, null, wrong(second, 1))).as("the 7th failure still fits")
                    .isInstanceOf(EmailOtps.Refused.class);

            assertThat(enter(ADDRESS, null, second)).isInstanceOfSatisfying(EmailOtps.Exhausted.class,
                    exhausted -> assertThat(exhausted.retryAfterSeconds()).isBetween(1L, 60L));
            String onThePage = EmailOtps.issue(session, realm, " NoBody@Example.test ", "root.tab", null, SETTINGS, false);
            assertThat(enter(ADDRESS, "root.tab", onThePage)).as("the same address on the login pages")
                    .isInstanceOf(EmailOtps.Exhausted.class);
            String other = EmailOtps.issue(session, realm, "other@example.test", null, null, SETTINGS, false);
            assertThat(enter("other@example.test", null, wrong(other, 0))).as("another address")
                    .isInstanceOf(EmailOtps.Refused.class);

            Time.setOffset(Time.getOffset() + SETTINGS.accountAttemptWindowSeconds());
            for (int i = 2; i < 5; i++) {
                assertThat(enter(ADDRESS, null, wrong(second, i))).as("the next window: the code's own attempts are left")
                        .isInstanceOf(EmailOtps.Refused.class);
            }
            assertThat(enter(ADDRESS, null, second)).as("the code's 5 attempts are used")
                    .isInstanceOf(EmailOtps.Exhausted.class);
        }
    }

    @Nested
    @DisplayName("given whose attempts a code counts")
    class GivenTheCountedAccount {

        @Test
        @DisplayName("when the code is an account's then its user id counts, whatever the address")
        void account() {
            UserModel user = mock(UserModel.class);
            when(user.getId()).thenReturn("user-1");
            assertThat(EmailOtps.attemptAccount(user, "alice@example.test", false)).isEqualTo("user-1");
        }

        @Test
        @DisplayName("when it is a decoy then its normalized address counts, hashed and apart from any user id")
        void decoy() {
            String decoy = EmailOtps.attemptAccount(null, ADDRESS, false);
            assertThat(decoy).isEqualTo(EmailOtps.attemptAccount(null, " NOBODY@example.test", false))
                    .isNotEqualTo(EmailOtps.attemptAccount(null, "other@example.test", false))
                    .startsWith("decoy:").doesNotContain("nobody");
        }

        @Test
        @DisplayName("when it is a second factor then it counts apart from the same account's first-factor codes")
        void secondFactor() {
            UserModel user = mock(UserModel.class);
            when(user.getId()).thenReturn("user-1");
            assertThat(EmailOtps.attemptAccount(user, "alice@example.test", true))
                    .isNotEqualTo(EmailOtps.attemptAccount(user, "alice@example.test", false)).startsWith("user-1");
        }
    }
}
