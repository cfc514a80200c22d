package dev.platformauth.rest.magiclink;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.emailotp.EmailOtpSettings;
import dev.platformauth.common.emailotp.EmailOtps;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.magiclink.MagicLinkSettings;
import dev.platformauth.common.magiclink.MagicLinks;
import dev.platformauth.common.mail.SendLimits;
import dev.platformauth.rest.authservice.AuthServiceApi;
import dev.platformauth.rest.http.ActingClient;
import dev.platformauth.rest.http.JsonRequest;
import dev.platformauth.rest.http.PkceChallenge;
import dev.platformauth.rest.sso.BrokerAuthorizationUrl;
import dev.platformauth.rest.sso.LoginFeatureFlags;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.io.InputStream;
import java.util.Map;

/**
 * The auth-service API's magic-link and email-OTP endpoints. Each answers 404 {@code not_found} unless the realm
 * offers the method by the very rule of the {@code magic_link} / {@code email_otp} feature flags.
 * Requests answer 202 whatever the address, or 429 when a send limit refuses (the same for every
 * address); redemptions give both tokens and a LOGIN event with
 * {@code login_method} {@code magic-link} / {@code email-otp}, or a LOGIN_ERROR.
 */
public final class MailedLoginEndpoints {

    static final String METHOD_MAGIC_LINK = PlatformAuth.METHOD_MAGIC_LINK;
    static final String METHOD_EMAIL_OTP = PlatformAuth.METHOD_EMAIL_OTP;

    private final KeycloakSession session;
    private final RealmModel realm;

    public MailedLoginEndpoints(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /**
     * POST login/magic-link {@code {email, redirect_uri?, code_challenge?, code_challenge_method?}}: 202;
     * mails {@code redirect_uri?token=…}.
     */
    public Response requestMagicLink(InputStream body) {
        ClientModel client = offering(LoginFeatureFlags.magicLinkOffered(realm, acting()), "Magic links");
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String email = request.requiredEmail("email");
        String requested = request.optionalString("redirect_uri", BrokerAuthorizationUrl.MAX_REDIRECT_URI_LENGTH).orElse(null);
        String target = MagicLinkRedirect.resolve(client, requested);
        String challenge = PkceChallenge.read(request, ConfigValues.isTrue(client.getAttribute(MagicLinkSettings.REQUIRE_PKCE)));
        MagicLinkSettings settings = MagicLinkSettings.from(client.getAttributes());
        if (MagicLinks.requestInBackground(session, realm, client, email, settings, MagicLinks.Origin.API, target,
                MagicLinks.TOKEN_PARAM, challenge == null ? null : Map.of(MagicLinks.NOTE_CHALLENGE, challenge))
                instanceof SendLimits.Refused refused) {
            return refused.response();
        }
        return AuthServiceApi.accepted("If the address belongs to an account, a sign-in link has been sent to it.",
                settings.lifetimeSeconds());
    }

    /** POST login/magic-link/validate {@code {token, code_verifier?}}: both tokens. */
    public Response validateMagicLink(InputStream body) {
        ClientModel client = offering(LoginFeatureFlags.magicLinkOffered(realm, acting()), "Magic links");
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String token = request.requiredString("token", MagicLinks.MAX_TOKEN_LENGTH);
        String verifier = PkceChallenge.verifier(request);
        EventBuilder event = loginEvent(client, METHOD_MAGIC_LINK);
        MagicLinks.Redemption redemption = MagicLinks.redeem(session, realm, token, MagicLinks.Origin.API, verifier);
        if (redemption instanceof MagicLinks.Refused refused) {
            event.error(refused.eventError());
            return JsonErrors.response(Response.Status.BAD_REQUEST, JsonErrors.INVALID_GRANT, refused.description());
        }
        return signIn(client, ((MagicLinks.Redeemed) redemption).user(), METHOD_MAGIC_LINK, event);
    }

    /** POST login/email-otp {@code {email}}: 202; mails a code. */
    public Response requestEmailOtp(InputStream body) {
        ClientModel client = offering(LoginFeatureFlags.emailOtpOffered(realm, acting()), "Email OTP");
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String email = request.requiredEmail("email");
        EmailOtpSettings settings = EmailOtpSettings.from(client.getAttributes());
        if (EmailOtps.requestInBackground(session, realm, client, email, settings, null) instanceof SendLimits.Refused refused) {
            return refused.response();
        }
        return AuthServiceApi.accepted("If the address belongs to an account, a sign-in code has been sent to it.",
                settings.lifetimeSeconds());
    }

    /**
     * POST login/email-otp/verify {@code {email, otp}}: both tokens; 400 for a wrong code, 429 once the
     * code had its allowed wrong entries. Refusals return (never throw) so the attempt count commits.
     */
    public Response verifyEmailOtp(InputStream body) {
        ClientModel client = offering(LoginFeatureFlags.emailOtpOffered(realm, acting()), "Email OTP");
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String email = request.requiredEmail("email");
        String otp = request.requiredString("otp", EmailOtps.MAX_INPUT_LENGTH);
        EmailOtpSettings settings = EmailOtpSettings.from(client.getAttributes());
        EventBuilder event = loginEvent(client, METHOD_EMAIL_OTP).detail(Details.EMAIL, email);
        EmailOtps.Check check = EmailOtps.verify(session, realm, EmailOtps.subject(email, null), otp, settings);
        if (check instanceof EmailOtps.Verified verified) {
            return signIn(client, verified.user(), METHOD_EMAIL_OTP, event);
        }
        if (check instanceof EmailOtps.Exhausted exhausted) {
            withUser(event, exhausted.userId()).error(EmailOtps.ERROR_TOO_MANY_ATTEMPTS);
            return JsonErrors.tooManyRequests("Too many wrong codes: request a new code", exhausted.retryAfterSeconds());
        }
        EmailOtps.Refused refused = (EmailOtps.Refused) check;
        withUser(event, refused.userId()).error(refused.eventError());
        return JsonErrors.response(Response.Status.BAD_REQUEST, JsonErrors.INVALID_GRANT,
                "The code is wrong, expired or already used");
    }

    private ClientModel acting() {
        return ActingClient.require(realm, PlatformAuth.AUTH_SERVICE_CLIENT_ID);
    }

    /** The acting client when the feature is on; 404 {@code not_found} (as the feature flag says false) otherwise. */
    private ClientModel offering(boolean offered, String feature) {
        if (!offered) {
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND,
                    feature + " are not enabled in this realm");
        }
        return acting();
    }

    private EventBuilder loginEvent(ClientModel client, String method) {
        return AuthServiceApi.loginEvent(session, client, method);
    }

    private static EventBuilder withUser(EventBuilder event, String userId) {
        return userId == null ? event : event.user(userId);
    }

    private Response signIn(ClientModel client, UserModel user, String method, EventBuilder event) {
        return AuthServiceApi.emailSignIn(session, client, user, method, event);
    }
}
