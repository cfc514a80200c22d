package dev.platformauth.rest.sentinel;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.Caller;
import dev.platformauth.rest.account.AssociatedAccounts;
import dev.platformauth.rest.http.ActingClient;
import dev.platformauth.rest.http.BearerAuth;
import dev.platformauth.rest.http.JsonRequest;
import dev.platformauth.rest.http.PasswordSignIn;
import dev.platformauth.rest.http.TokenResponses;
import dev.platformauth.rest.loginas.LoginAs;
import dev.platformauth.rest.okta.OktaTokenHook;
import dev.platformauth.rest.recovery.AccountRecovery;
import dev.platformauth.rest.sso.SsoInitiation;
import dev.platformauth.rest.terms.TermsAcceptanceApi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;
import org.keycloak.representations.AccessTokenResponse;

import java.io.InputStream;

/**
 * The sentinel {@code v1.0/auth} API (docs/sentinel-api.md), acting as the realm's {@code sentinel} client.
 * Thin: sign-in is {@link PasswordSignIn}'s, login-as {@link LoginAs}', accounts {@link AssociatedAccounts}'.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class SentinelAuthApi {

    private static final int MAX_CLIENT_ID_LENGTH = 255;
    private static final int MAX_SECRET_LENGTH = 512;

    private final KeycloakSession session;
    private final RealmModel realm;

    SentinelAuthApi(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** "Get an authentication token": username (or email) and password. */
    @POST
    @Path("token")
    public Response token(InputStream body) {
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String username = request.requiredString("username");
        String password = request.requiredString("password");
        return SentinelToken.of(PasswordSignIn.signIn(session, sentinelClient(), username, password, null));
    }

    /**
     * "Get a new token with an increased expiration time": a fresh token for the caller's session at
     * the {@code sentinel} client, also after the token expired, within that client's grace period
     * ({@link BearerAuth#requireForRefresh}). Only the {@code sentinel} client's tokens: another client's
     * token would come back unbound by that client's settings (no refresh tokens, DPoP). Login-as
     * tokens are not refreshed (they stay short-lived), nor are tokens of the entity-token grant or
     * client credentials ({@link TokenResponses#refresh}).
     */
    @GET
    @Path("refreshToken")
    public Response refreshToken() {
        ClientModel client = sentinelClient();
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.REFRESH_TOKEN).client(client);
        Caller caller = BearerAuth.requireForRefresh(session, client, event);
        AccessTokenResponse tokens = TokenResponses.refresh(session, caller.client(), caller.userSession(),
                caller.token().getScope(), event);
        event.success();
        return SentinelToken.of(tokens);
    }

    /**
     * "Get a token for an API user for a trusted client": the client's own credentials give a token
     * for its service-account user, issued to that client (its mappers and scopes apply) the way
     * Keycloak's client-credentials grant issues it: a transient session, no refresh token. Only
     * clients that authenticate with a client secret (client authenticator {@code client-secret}) can be
     * reached; a client set to a signed JWT or X.509 answers like a wrong secret.
     */
    @POST
    @Path("clientToken")
    public Response clientToken(InputStream body) {
        sentinelClient();
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String clientId = request.optionalString("clientId", MAX_CLIENT_ID_LENGTH)
                .orElseThrow(() -> JsonErrors.badRequest("Missing required field 'clientId'"));
        String secret = request.optionalString("clientSecret", MAX_SECRET_LENGTH)
                .orElseThrow(() -> JsonErrors.badRequest("Missing required field 'clientSecret'"));
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CLIENT_LOGIN).detail(Details.CLIENT_AUTH_METHOD, ClientIdAndSecretAuthenticator.PROVIDER_ID);
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null || !client.isEnabled() || client.isPublicClient() || client.isBearerOnly()
                || !authenticatesWithSecret(client) || !validSecret(client, secret)) {
            event.detail(Details.REASON, "client_credentials").error(Errors.INVALID_CLIENT_CREDENTIALS);
            throw JsonErrors.exception(Response.Status.UNAUTHORIZED, JsonErrors.INVALID_CLIENT, "Invalid client credentials");
        }
        event.client(client);
        UserModel serviceAccount = client.isServiceAccountsEnabled() ? session.users().getServiceAccount(client) : null;
        if (serviceAccount == null || !serviceAccount.isEnabled()) {
            event.error(Errors.INVALID_CLIENT);
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.UNAUTHORIZED_CLIENT,
                    "The client has no enabled service account");
        }
        return SentinelToken.of(TokenResponses.clientCredentials(session, client, serviceAccount, event));
    }

    /** "Get a token for a requested user": audited login-as, see {@link LoginAs}. */
    @POST
    @Path("loginAs")
    public Response loginAs(InputStream body) {
        ClientModel client = sentinelClient();
        Caller caller = BearerAuth.require(session);
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        return SentinelToken.of(new LoginAs(session, client).impersonate(caller, request));
    }

    /** "Set the new associated account to enable and change the default password". */
    @POST
    @Path("setAssociatedAccountPassword")
    public Response setAssociatedAccountPassword(InputStream body) {
        sentinelClient();
        Caller caller = BearerAuth.require(session);
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        new AssociatedAccounts(session, realm).activate(caller, request);
        return Response.noContent().header("Cache-Control", "no-store").build();
    }

    /** "Initiate SP-initiated SSO flow using user email": see {@link SsoInitiation}. */
    @POST
    @Path("sso/initiate")
    public Response ssoInitiate(InputStream body) {
        ClientModel client = sentinelClient();
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        return new SsoInitiation(session, realm, client).initiate(request);
    }

    /** "Creates OKTA token enrichment object": Okta's token inline hook, see {@link OktaTokenHook}. */
    @POST
    @Path("enrichToken")
    public Response enrichToken(InputStream body) {
        ClientModel client = sentinelClient();
        return new OktaTokenHook(session, realm, client).handle(session.getContext().getRequestHeaders(), body);
    }

    /** "Request a password reset": 202 whether or not the account exists; mails a reset link. */
    @POST
    @Path("passwordReset")
    public Response passwordReset(InputStream body) {
        return new AccountRecovery(session, sentinelClient()).passwordReset(body);
    }

    /** "Validate authorization to update password": 204 while the Bearer reset token is live. */
    @GET
    @Path("password")
    public Response checkPasswordReset() {
        return new AccountRecovery(session, sentinelClient()).checkResetToken();
    }

    /** "Updates user password in case user forgot current password": Bearer reset token, spent here. */
    @POST
    @Path("password")
    public Response resetPassword(InputStream body) {
        return new AccountRecovery(session, sentinelClient()).setPassword(body);
    }

    /** "Sends the username for a given email address": 202 whether or not an account exists. */
    @POST
    @Path("usernameRequest")
    public Response usernameRequest(InputStream body) {
        return new AccountRecovery(session, sentinelClient()).usernameRequest(body);
    }

    /** Whether the client's configured authenticator is the client secret (Keycloak's default when unset). */
    private static boolean authenticatesWithSecret(ClientModel client) {
        String type = client.getClientAuthenticatorType();
        return ClientIdAndSecretAuthenticator.PROVIDER_ID.equals(
                type == null ? KeycloakModelUtils.getDefaultClientAuthenticatorType() : type);
    }

    private boolean validSecret(ClientModel client, String secret) {
        return ClientSecrets.valid(session, client, secret);
    }

    /** The client these endpoints act as; 503 {@code not_configured} when the realm has none. */
    private ClientModel sentinelClient() {
        return ActingClient.require(realm, PlatformAuth.SENTINEL_CLIENT_ID);
    }

    /** "Acceptance of Terms and Conditions": TCAcceptanceLog {@code {corpId?, version}}; see {@link TermsAcceptanceApi}. */
    @POST
    @Path("acceptTermsAndConditions")
    public Response acceptTermsAndConditions(InputStream body) {
        sentinelClient();
        Caller caller = BearerAuth.require(session);
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        return new TermsAcceptanceApi(session).acceptVersion(caller, request);
    }

    /** "Updates the date the user accepted the Terms and Conditions": accepts the current version. */
    @POST
    @Path("termsAndConditions")
    public Response termsAndConditions() {
        sentinelClient();
        return new TermsAcceptanceApi(session).acceptCurrent(BearerAuth.require(session));
    }
}
