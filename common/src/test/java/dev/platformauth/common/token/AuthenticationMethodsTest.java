package dev.platformauth.common.token;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

@DisplayName("amr values of email-only sign-ins")
class AuthenticationMethodsTest {

    @Test
    @DisplayName("given the sign-in method then codes and links are email, the email OTP is email and otp, others none")
    void byMethod() {
        assertThat(AuthenticationMethods.of("exchange-code")).containsExactly("email");
        assertThat(AuthenticationMethods.of("magic-link")).containsExactly("email");
        assertThat(AuthenticationMethods.of("email-otp")).containsExactly("email", "otp");
        assertThat(AuthenticationMethods.of("password")).isEmpty();
        assertThat(AuthenticationMethods.of((String) null)).isEmpty();
    }

    @Test
    @DisplayName("given a session noted for an email OTP when a token is stamped then it carries amr [email, otp]")
    void roundTripThroughTheSessionNote() {
        UserSessionModel userSession = sessionWithNotes();
        AuthenticationMethods.remember(userSession, "email-otp");
        AccessToken token = new AccessToken();

        AuthenticationMethods.addTo(token, userSession);

        assertThat(token.getOtherClaims()).containsEntry("amr", List.of("email", "otp"));
    }

    @Test
    @DisplayName("given a password session when a token is stamped then it has no amr claim")
    void nothingForOtherMethods() {
        UserSessionModel userSession = sessionWithNotes();
        AuthenticationMethods.remember(userSession, "password");
        AccessToken token = new AccessToken();

        AuthenticationMethods.addTo(token, userSession);

        assertThat(token.getOtherClaims()).doesNotContainKey("amr");
    }

    private static UserSessionModel sessionWithNotes() {
        Map<String, String> notes = new HashMap<>();
        UserSessionModel userSession = mock(UserSessionModel.class);
        doAnswer(call -> notes.put(call.getArgument(0), call.getArgument(1))).when(userSession).setNote(anyString(), anyString());
        when(userSession.getNote(anyString())).thenAnswer(call -> notes.get(call.<String>getArgument(0)));
        return userSession;
    }
}
