package dev.platformauth.rest.authservice;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.MailedSignIn;
import dev.platformauth.rest.account.PasswordLogin;
import dev.platformauth.rest.account.UsersResource;
import dev.platformauth.rest.emailotp.EmailOtpEndpoints;
import dev.platformauth.rest.exchangecode.ExchangeCodeEndpoints;
import dev.platformauth.rest.http.ActingClient;
import dev.platformauth.rest.http.TokenResponses;
import dev.platformauth.rest.magiclink.MagicLinkEndpoints;
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
import java.util.function.BiPredicate;

/**
 * The auth-service API, acting as the realm's {@code auth-service} client: routes each request to its
 * feature's endpoints (exchange codes, magic links, email OTP, SSO and feature flags, password login and
 * recovery, users), and the answers every feature of this API shares (202 of mailed secrets, both tokens).
 */
@Produces(MediaType.APPLICATION_JSON)
public final class AuthServiceApi {

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
        return new ExchangeCodeEndpoints(session).request(body);
    }

    /** Exchange a passwordless code for both tokens. */
    @POST
    @Path("login/passwordless/exchange-tokens")
    public Response exchangeTokens(InputStream body) {
        return new ExchangeCodeEndpoints(session).exchange(body);
    }

    /** Request a magic link by email: 202 whatever the address. */
    @POST
    @Path("login/magic-link")
    public Response magicLink(InputStream body) {
        return new MagicLinkEndpoints(session).requestMagicLink(body);
    }

    /** Validate a magic-link token: both tokens. */
    @POST
    @Path("login/magic-link/validate")
    public Response validateMagicLink(InputStream body) {
        return new MagicLinkEndpoints(session).validateMagicLink(body);
    }

    /** Request an email OTP; 202 whatever the address. */
    @POST
    @Path("login/email-otp")
    public Response emailOtp(InputStream body) {
        return new EmailOtpEndpoints(session).requestEmailOtp(body);
    }

    /** Verify an email OTP: both tokens. */
    @POST
    @Path("login/email-otp/verify")
    public Response verifyEmailOtp(InputStream body) {
        return new EmailOtpEndpoints(session).verifyEmailOtp(body);
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
        return authServiceClient(realm);
    }

    /** The client the auth-service endpoints act as; 503 {@code not_configured} when the realm has none. */
    public static ClientModel authServiceClient(RealmModel realm) {
        return ActingClient.require(realm, PlatformAuth.AUTH_SERVICE_CLIENT_ID);
    }

    /**
     * The acting client when the realm offers a sign-in method by the rule of its feature flag; 404
     * {@code not_found} (as the feature flag says false) otherwise.
     */
    public static ClientModel offeredClient(RealmModel realm, BiPredicate<RealmModel, ClientModel> offered, String feature) {
        if (!offered.test(realm, authServiceClient(realm))) {
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND,
                    feature + " are not enabled in this realm");
        }
        return authServiceClient(realm);
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
