package dev.platformauth.rest.emailotp;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.emailotp.EmailOtpSettings;
import dev.platformauth.common.emailotp.EmailOtps;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.mail.SendLimits;
import dev.platformauth.rest.authservice.AuthServiceApi;
import dev.platformauth.rest.http.JsonRequest;
import dev.platformauth.rest.sso.LoginFeatureFlags;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.io.InputStream;

/**
 * The auth-service API's email-OTP endpoints. Each answers 404 {@code not_found} unless the realm offers
 * email OTP by the very rule of the {@code email_otp} feature flag. Requests answer 202 whatever the
 * address, or 429 when a send limit refuses (the same for every address); verifications give both tokens
 * and a LOGIN event with {@code login_method} {@code email-otp}, or a LOGIN_ERROR.
 */
public final class EmailOtpEndpoints {

    static final String METHOD_EMAIL_OTP = PlatformAuth.METHOD_EMAIL_OTP;

    private final KeycloakSession session;
    private final RealmModel realm;

    public EmailOtpEndpoints(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** POST login/email-otp {@code {email}}: 202; mails a code. */
    public Response requestEmailOtp(InputStream body) {
        ClientModel client = AuthServiceApi.offeredClient(realm, LoginFeatureFlags::emailOtpOffered, "Email OTP");
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String email = request.requiredEmail("email");
        EmailOtpSettings settings = EmailOtpSettings.from(client.getAttributes());
        if (EmailOtps.requestInBackground(session, realm, client, email, settings, null, false) instanceof SendLimits.Refused refused) {
            return refused.response();
        }
        return AuthServiceApi.accepted("If the address belongs to an account, a sign-in code has been sent to it.",
                settings.lifetimeSeconds());
    }

    /**
     * POST login/email-otp/verify {@code {email, otp}}: both tokens; 400 for a wrong code, 429 once the
     * code had its allowed wrong entries or the account its allowed entries in the current window.
     * Refusals return (never throw) so the attempt count commits.
     */
    public Response verifyEmailOtp(InputStream body) {
        ClientModel client = AuthServiceApi.offeredClient(realm, LoginFeatureFlags::emailOtpOffered, "Email OTP");
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String email = request.requiredEmail("email");
        String otp = request.requiredString("otp", EmailOtps.MAX_INPUT_LENGTH);
        EmailOtpSettings settings = EmailOtpSettings.from(client.getAttributes());
        EventBuilder event = AuthServiceApi.loginEvent(session, client, METHOD_EMAIL_OTP).detail(Details.EMAIL, email);
        EmailOtps.Check check = EmailOtps.verify(session, realm, EmailOtps.subject(email, null), otp, settings);
        if (check instanceof EmailOtps.Verified verified) {
            return AuthServiceApi.emailSignIn(session, client, verified.user(), METHOD_EMAIL_OTP, event);
        }
        if (check instanceof EmailOtps.Exhausted exhausted) {
            withUser(event, exhausted.userId()).error(EmailOtps.ERROR_TOO_MANY_ATTEMPTS);
            return JsonErrors.tooManyRequests(exhausted.accountLimit() ? "Too many wrong codes for this account: try again later"
                    : "Too many wrong codes: request a new code", exhausted.retryAfterSeconds());
        }
        EmailOtps.Refused refused = (EmailOtps.Refused) check;
        withUser(event, refused.userId()).error(refused.eventError());
        return JsonErrors.response(Response.Status.BAD_REQUEST, JsonErrors.INVALID_GRANT,
                "The code is wrong, expired or already used");
    }

    private static EventBuilder withUser(EventBuilder event, String userId) {
        return userId == null ? event : event.user(userId);
    }
}
