package dev.platformauth.common.token;

import dev.platformauth.common.PlatformAuth;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code amr} claim (RFC 8176 "authentication method reference" values) of the tokens of an
 * email-only sign-in: {@code ["email"]} for an exchange code or a magic link, {@code ["email", "otp"]}
 * for an email OTP. RFC 8176 has no value for "proved control of a mailbox", so {@value #EMAIL} is ours;
 * {@value #OTP} is RFC 8176's one-time password. The values are kept as a note of the user session, so
 * every token built for that session through this product (sign-in, refresh routes, the platform token)
 * carries the same claim. Documented in {@code docs/platform-token.md}.
 */
public final class AuthenticationMethods {

    /** The token claim. */
    static final String CLAIM = "amr";
    /** User-session note holding the values, comma-separated. */
    static final String NOTE = PlatformAuth.PREFIX + ".amr";

    static final String EMAIL = "email";
    static final String OTP = "otp";

    private AuthenticationMethods() {
    }

    /** The {@code amr} values of a sign-in by {@code loginMethod} (the LOGIN event's detail); empty when we set none. */
    static List<String> of(String loginMethod) {
        if (loginMethod == null) {
            return List.of();
        }
        return switch (loginMethod) {
            case PlatformAuth.METHOD_EXCHANGE_CODE, PlatformAuth.METHOD_MAGIC_LINK -> List.of(EMAIL);
            case PlatformAuth.METHOD_EMAIL_OTP -> List.of(EMAIL, OTP);
            default -> List.of();
        };
    }

    /** Notes on {@code userSession} how its user signed in, when it is a method we name. */
    public static void remember(UserSessionModel userSession, String loginMethod) {
        List<String> values = of(loginMethod);
        if (!values.isEmpty()) {
            userSession.setNote(NOTE, String.join(",", values));
        }
    }

    /** The values noted on {@code userSession}; empty when none. */
    static List<String> of(UserSessionModel userSession) {
        String note = userSession == null ? null : userSession.getNote(NOTE);
        if (note == null || note.isBlank()) {
            return List.of();
        }
        return Arrays.stream(note.split(",")).map(String::strip).filter(value -> !value.isEmpty()).toList();
    }

    /** Puts the session's values, if any, into {@code token} as {@value #CLAIM}. */
    public static void addTo(JsonWebToken token, UserSessionModel userSession) {
        List<String> values = of(userSession);
        if (token != null && !values.isEmpty()) {
            token.setOtherClaims(CLAIM, values);
        }
    }

    /**
     * Stamps the session's values on the access token and the ID token (when one is generated) of a
     * response for {@code userSession} that is about to be built (the access-token hash is computed at
     * build time).
     */
    public static void stamp(TokenManager.AccessTokenResponseBuilder builder, UserSessionModel userSession) {
        addTo(builder.getAccessToken(), userSession);
        IDToken idToken = builder.getIdToken();
        addTo(idToken, userSession);
    }
}
