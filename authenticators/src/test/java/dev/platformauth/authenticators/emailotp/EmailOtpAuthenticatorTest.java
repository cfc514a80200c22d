package dev.platformauth.authenticators.emailotp;

import dev.platformauth.authenticators.mailed.EmailCodeLogin;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.emailotp.EmailOtpSettings;
import dev.platformauth.common.emailotp.EmailOtps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;
import org.mockito.MockedStatic;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class EmailOtpAuthenticatorTest {

    private static final String EMAIL = "alice@example.test";

    private final EmailOtpAuthenticator authenticator = new EmailOtpAuthenticator();
    private final AuthenticationFlowContext context = mock(AuthenticationFlowContext.class);
    private final EventBuilder event = mock(EventBuilder.class, RETURNS_SELF);
    private final LoginFormsProvider form = mock(LoginFormsProvider.class, RETURNS_SELF);
    private final UserModel alice = user("alice-id");

    @BeforeEach
    void login() {
        AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
        RootAuthenticationSessionModel root = mock(RootAuthenticationSessionModel.class);
        when(root.getId()).thenReturn("root");
        when(authSession.getParentSession()).thenReturn(root);
        when(authSession.getTabId()).thenReturn("tab");
        when(context.getAuthenticationSession()).thenReturn(authSession);
        when(context.getEvent()).thenReturn(event);
        when(context.form()).thenReturn(form);
    }

    private static UserModel user(String id) {
        UserModel user = mock(UserModel.class);
        when(user.getId()).thenReturn(id);
        return user;
    }

    @Nested
    @DisplayName("given a code entered on the login page")
    class Verify {

        private MockedStatic<EmailOtps> otps;

        @BeforeEach
        void stubStore() {
            otps = mockStatic(EmailOtps.class);
            otps.when(() -> EmailOtps.subject(EMAIL, "root.tab")).thenReturn("subject");
        }

        @AfterEach
        void release() {
            otps.close();
        }

        private void checkReturns(EmailOtps.Check check) {
            otps.when(() -> EmailOtps.verify(any(), any(), anyString(), anyString(), any())).thenReturn(check);
        }

        @Test
        @DisplayName("when it is right then the user is set and the step succeeds, the event naming the method")
        void right() {
            checkReturns(new EmailOtps.Verified(alice));
            authenticator.verify(context, EMAIL, "123456");
            verify(context).setUser(alice);
            verify(context).success();
            verify(event).detail(PlatformAuth.DETAIL_LOGIN_METHOD, EmailOtpAuthenticator.METHOD);
            otps.verify(() -> EmailOtps.verify(any(), any(), any(), any(), any()));
        }

        @Test
        @DisplayName("when it is right but for another account than the one already identified then it is refused")
        void otherAccount() {
            UserModel bob = user("bob-id");
            when(context.getUser()).thenReturn(bob);
            checkReturns(new EmailOtps.Verified(alice));
            authenticator.verify(context, EMAIL, "123456");
            verify(context, never()).success();
            verify(event).error(Errors.INVALID_USER_CREDENTIALS);
            verify(form).setError(EmailCodeLogin.MSG_CODE_INVALID);
            verify(form).createForm(EmailCodeLogin.CODE_FORM);
        }

        @Test
        @DisplayName("when it is wrong then the code page again with the store's event error")
        void wrong() {
            assertRefused(new EmailOtps.Refused(Errors.INVALID_CODE, "alice-id"), Errors.INVALID_CODE,
                    EmailCodeLogin.MSG_CODE_INVALID);
        }

        @Test
        @DisplayName("when the code's attempts are used up then too_many_attempts and its own message")
        void exhausted() {
            assertRefused(new EmailOtps.Exhausted(30, "alice-id", false), EmailOtps.ERROR_TOO_MANY_ATTEMPTS,
                    EmailOtpAuthenticator.MSG_TOO_MANY_ATTEMPTS);
        }

        @Test
        @DisplayName("when the account's attempts of the window are used up then too_many_attempts and a message with the "
                + "minutes to wait, rounded up (a new code would not help)")
        void accountWindowFull() {
            checkReturns(new EmailOtps.Exhausted(61, "alice-id", true));
            authenticator.verify(context, EMAIL, "000000");
            verify(context, never()).success();
            verify(event).error(EmailOtps.ERROR_TOO_MANY_ATTEMPTS);
            verify(form).setError(EmailOtpAuthenticator.MSG_TOO_MANY_ACCOUNT_ATTEMPTS, 2L);
            verify(form, never()).setError(EmailOtpAuthenticator.MSG_TOO_MANY_ATTEMPTS);
            assertThat(EmailOtpAuthenticator.minutes(1)).isEqualTo(1);
            assertThat(EmailOtpAuthenticator.minutes(60)).isEqualTo(1);
            assertThat(EmailOtpAuthenticator.minutes(3600)).isEqualTo(60);
        }

        private void assertRefused(EmailOtps.Check check, String eventError, String message) {
            checkReturns(check);
            authenticator.verify(context, EMAIL, "000000");
            verify(context, never()).success();
            verify(event).error(eventError);
            verify(form).setError(message);
        }
    }

    @Nested
    @DisplayName("given the step's config")
    class Config {

        @Test
        @DisplayName("when there is none then the default resend interval applies")
        void none() {
            assertThat(authenticator.resendIntervalSeconds(context)).isEqualTo(EmailOtpSettings.DEFAULT_RESEND_INTERVAL);
        }

        @Test
        @DisplayName("when it sets a resend interval then that applies")
        void set() {
            AuthenticatorConfigModel config = new AuthenticatorConfigModel();
            config.setConfig(Map.of(EmailOtpSettings.RESEND_INTERVAL, "90"));
            when(context.getAuthenticatorConfig()).thenReturn(config);
            assertThat(authenticator.resendIntervalSeconds(context)).isEqualTo(90);
        }
    }
}
