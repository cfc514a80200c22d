package dev.platformauth.rest.authservice;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.exchangecode.ExchangeCodeSettings;
import dev.platformauth.common.exchangecode.ExchangeCodes;
import dev.platformauth.common.mail.SendLimits;
import dev.platformauth.common.security.MailedSignIn;
import dev.platformauth.rest.account.PasswordLogin;
import dev.platformauth.rest.account.UsersResource;
import dev.platformauth.rest.http.ActingClient;
import dev.platformauth.rest.http.JsonRequest;
import dev.platformauth.rest.http.PkceChallenge;
import dev.platformauth.rest.http.TokenResponses;
import dev.platformauth.rest.magiclink.MailedLoginEndpoints;
import dev.platformauth.rest.recovery.PasswordRecoveryEndpoints;
import dev.platformauth.rest.sso.LoginDiscoveryEndpoints;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessTokenResponse;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The auth-service API, acting as the realm's {@code auth-service} client. Thin: reading
 * and validating bodies is {@link JsonRequest}'s job, codes are {@link ExchangeCodes}', tokens
 * {@link TokenResponses}'.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class AuthServiceApi {

    private static final int MAX_CODE_LENGTH = 128;
    /** The {@code token_type} of the FastAPI template's {@code Token} model (RFC 6749 compares it case-insensitively). */
    static final String TOKEN_TYPE = "bearer";

    private final KeycloakSession session;
    private final RealmModel realm;

    AuthServiceApi(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** Login feature flags: which sign-in methods this realm offers. */
    @GET
    @Path("login/feature-flags")
    public Response featureFlags() {
        return new LoginDiscoveryEndpoints(session).featureFlags();
    }

    /** SSO login: 302 into Keycloak's broker for google, microsoft, linkedin or okta. */
    @GET
    @Path("login/sso/{provider}")
    public Response ssoLogin(@PathParam("provider") String provider) {
        return new LoginDiscoveryEndpoints(session).sso(provider);
    }

    /**
     * Request a passwordless exchange code: 202 whether or not the address has an account;
     * 429 when a send limit refuses (the same for every address).
     */
    @POST
    @Path("login/passwordless/request-token")
    public Response requestToken(InputStream body) {
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String email = request.requiredEmail("email");
        String challenge = PkceChallenge.read(request, false);
        ClientModel client = authServiceClient();
        ExchangeCodeSettings settings = ExchangeCodeSettings.fromClientAttributes(client.getAttributes());
        if (ExchangeCodes.requestInBackground(session, realm, client, email, settings, ExchangeCodes.Origin.API,
                challenge, null) instanceof SendLimits.Refused refused) {
            return refused.response();
        }
        return accepted("If the address belongs to an account, a sign-in code has been sent to it.",
                settings.lifetimeSeconds());
    }

    /** Exchange a passwordless code for both tokens. */
    @POST
    @Path("login/passwordless/exchange-tokens")
    public Response exchangeTokens(InputStream body) {
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String code = request.requiredString("code", MAX_CODE_LENGTH);
        String verifier = PkceChallenge.verifier(request);
        ClientModel client = authServiceClient();
        EventBuilder event = loginEvent(session, client, PlatformAuth.METHOD_EXCHANGE_CODE);
        ExchangeCodes.Redemption redemption =
                ExchangeCodes.redeem(session, realm, code, verifier, ExchangeCodes.Origin.API, null);
        if (redemption instanceof ExchangeCodes.Refused refused) {
            event.error(refused.eventError());
            throw JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_GRANT, refused.description());
        }
        return emailSignIn(session, client, ((ExchangeCodes.Redeemed) redemption).user(), PlatformAuth.METHOD_EXCHANGE_CODE, event);
    }

    /** Request a magic link by email: 202 whatever the address. */
    @POST
    @Path("login/magic-link")
    public Response magicLink(InputStream body) {
        return new MailedLoginEndpoints(session).requestMagicLink(body);
    }

    /** Validate a magic-link token: both tokens. */
    @POST
    @Path("login/magic-link/validate")
    public Response validateMagicLink(InputStream body) {
        return new MailedLoginEndpoints(session).validateMagicLink(body);
    }

    /** Request an email OTP; 202 whatever the address. */
    @POST
    @Path("login/email-otp")
    public Response emailOtp(InputStream body) {
        return new MailedLoginEndpoints(session).requestEmailOtp(body);
    }

    /** Verify an email OTP: both tokens. */
    @POST
    @Path("login/email-otp/verify")
    public Response verifyEmailOtp(InputStream body) {
        return new MailedLoginEndpoints(session).verifyEmailOtp(body);
    }

    /** Password login: form username (or email) and password; both tokens. */
    @POST
    @Path("login/access-token")
    public Response accessToken() {
        return new PasswordLogin(session, authServiceClient()).login();
    }

    /** The user the auth token belongs to (the FastAPI template's token check). */
    @POST
    @Path("login/test-token")
    public Response testToken() {
        return users().me();
    }

    /** Mails a password-reset link to the account of {@code email}; the same 200 whether or not there is one. */
    @POST
    @Path("password-recovery/{email}")
    public Response passwordRecovery(@PathParam("email") String email) {
        return new PasswordRecoveryEndpoints(session, authServiceClient()).recover(email);
    }

    /** {@code {token, new_password}}: sets the password with a mailed reset token. */
    @POST
    @Path("reset-password")
    public Response resetPassword(InputStream body) {
        return new PasswordRecoveryEndpoints(session, authServiceClient()).reset(body);
    }

    /** {@code users/...}: the template's user API and {@code refresh-access-token}. */
    @Path("users")
    public UsersResource users() {
        return new UsersResource(session, authServiceClient());
    }

    /** The client these endpoints act as; 503 {@code not_configured} when the realm has none. */
    private ClientModel authServiceClient() {
        return ActingClient.require(realm, PlatformAuth.AUTH_SERVICE_CLIENT_ID);
    }

    /**
     * The LOGIN event of redeeming a mailed secret at {@code client}; the client is the context's from
     * here on, so the events of what the redemption proves name it too.
     */
    public static EventBuilder loginEvent(KeycloakSession session, ClientModel client, String method) {
        session.getContext().setClient(client);
        return new EventBuilder(session.getContext().getRealm(), session, session.getContext().getConnection())
                .event(EventType.LOGIN).client(client)
                .detail(PlatformAuth.DETAIL_LOGIN_METHOD, method);
    }

    /**
     * Both tokens for {@code user}, whose mailed secret was just spent, unless the account still may not
     * sign in this way (a second factor, pending required actions). Refusals are returned, not thrown,
     * so that what the proof changed (a verified address, removed credentials) is kept.
     */
    public static Response emailSignIn(KeycloakSession session, ClientModel client, UserModel user, String method,
                                EventBuilder event) {
        MailedSignIn.TokenRefusal refusal = MailedSignIn.tokenRefusal(client, user);
        if (refusal != null) {
            refusal.report(event, user);
            return JsonErrors.response(refusal.status(), refusal.error(), refusal.description());
        }
        return tokenResponse(TokenResponses.signIn(session, client, user, method, null, event));
    }

    /** 202 of the endpoints that mail a secret: the same body whatever the address. */
    public static Response accepted(String message, int expiresIn) {
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("message", message);
        accepted.put("expires_in", expiresIn);
        return Response.accepted(accepted).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    /** Both tokens, {@code token_type} in the template's lower case ({@code bearer}). */
    public static Response tokenResponse(AccessTokenResponse tokens) {
        tokens.setTokenType(TOKEN_TYPE);
        return Response.ok(tokens, MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
