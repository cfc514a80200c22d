package dev.platformauth.rest.http;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.account.Passwords;
import dev.platformauth.common.security.BruteForce;
import dev.platformauth.common.error.JsonErrors;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.AuthenticationFlowResolver;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.security.cert.X509Certificate;
import java.util.function.Function;

/**
 * Username (or email) and password through the realm's direct-grant flow, exactly as Keycloak's
 * password grant runs it: the flow's authenticators, client policies, the brute-force detector and
 * the client's direct-access-grants switch all apply. The credentials may come from a form or a
 * JSON body: the flow reads them from a request view holding just them. Every credential failure
 * (unknown user, wrong password, disabled or locked account) is the same 401, unless the caller
 * tells a disabled account with the right password apart ({@link Refusal}); the LOGIN_ERROR event
 * carries the real reason. Nothing here logs the password.
 */
public final class PasswordSignIn {

    /** {@link PlatformAuth#DETAIL_LOGIN_METHOD} of a password sign-in. */
    static final String METHOD = "password";

    /** The description Keycloak's direct-grant flow gives a disabled account (26.7: only when the password was right). */
    static final String ACCOUNT_DISABLED = "Account disabled";

    private PasswordSignIn() {
    }

    /** Why the credentials were refused, as far as the caller may learn it. */
    public enum Refusal {
        /** Unknown user, wrong password, locked account, disabled account with a wrong password, ... */
        CREDENTIALS,
        /** The account is disabled and the password was right (what Keycloak's password grant reports as "Account disabled"). */
        INACTIVE
    }

    /** Every refusal is the same 401 {@code invalid_grant} "Invalid username or password". */
    static final Function<Refusal, ErrorResponseException> SAME_FOR_ALL = refusal ->
            JsonErrors.exception(Response.Status.UNAUTHORIZED, JsonErrors.INVALID_GRANT, "Invalid username or password");

    /** Signs the user in at {@code client}; both tokens, or a JSON error (401, 403, 400 for pending actions). */
    public static AccessTokenResponse signIn(KeycloakSession session, ClientModel client, String username, String password, String scope) {
        return signIn(session, client, username, password, scope, SAME_FOR_ALL);
    }

    /**
     * Signs the user in at {@code client}; both tokens, or a JSON error: {@code refusals} makes the one of
     * refused credentials (the disabled account is told apart only when its password was right, exactly as
     * Keycloak's direct-grant flow decides), 403 when the client has direct grants off, 400 for pending actions.
     */
    public static AccessTokenResponse signIn(KeycloakSession session, ClientModel client, String username, String password,
                                             String scope, Function<Refusal, ErrorResponseException> refusals) {
        RealmModel realm = session.getContext().getRealm();
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.LOGIN).client(client)
                .detail(Details.AUTH_METHOD, OIDCLoginProtocol.LOGIN_PROTOCOL)
                .detail(Details.GRANT_TYPE, OAuth2Constants.PASSWORD)
                .detail(PlatformAuth.DETAIL_LOGIN_METHOD, METHOD);
        if (!client.isDirectAccessGrantsEnabled()) {
            event.detail(Details.REASON, "Client not allowed for direct access grants").error(Errors.NOT_ALLOWED);
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.UNAUTHORIZED_CLIENT,
                    "Password login is disabled for this realm's '" + client.getClientId() + "' client");
        }
        session.getContext().setClient(client);

        AuthenticationSessionManager authSessions = new AuthenticationSessionManager(session);
        AuthenticationSessionModel authSession = authSessions.createAuthenticationSession(realm, false)
                .createAuthenticationSession(client);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setAction(AuthenticatedClientSessionModel.Action.AUTHENTICATE.name());
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        if (scope != null && !scope.isBlank()) {
            authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);
        }

        AuthenticationProcessor processor = new AuthenticationProcessor()
                .setAuthenticationSession(authSession)
                .setFlowId(AuthenticationFlowResolver.resolveDirectGrantFlow(authSession).getId())
                .setFlowPath("token")
                .setConnection(session.getContext().getConnection())
                .setEventBuilder(event)
                .setRealm(realm)
                .setSession(session)
                .setUriInfo(session.getContext().getUri())
                .setRequest(new CredentialsRequest(session.getContext().getHttpRequest(), username, password));
        Response challenge;
        try {
            challenge = processor.authenticateOnly();
        } catch (AuthenticationFlowException e) {
            challenge = Response.status(Response.Status.UNAUTHORIZED).build();
        }
        if (challenge != null) {
            // the flow's authenticators have sent LOGIN_ERROR with the reason; the caller learns nothing more
            authSessions.removeAuthenticationSession(realm, authSession, false);
            throw refusals.apply(refusal(session, realm, event, challenge, password));
        }
        processor.evaluateRequiredActionTriggers();
        UserModel user = authSession.getAuthenticatedUser();
        if (user.getRequiredActionsStream().findAny().isPresent() || !authSession.getRequiredActions().isEmpty()) {
            authSessions.removeAuthenticationSession(realm, authSession, false);
            event.detail(Details.REASON, "Account is not fully set up").error(Errors.RESOLVE_REQUIRED_ACTIONS);
            throw JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_GRANT, "Account is not fully set up");
        }
        AuthenticationManager.setClientScopesInSession(session, authSession);
        ClientSessionContext clientSessionCtx = processor.attachSession();
        AccessTokenResponse tokens = TokenResponses.build(session, client, processor.getUserSession(), clientSessionCtx, event);
        event.success();
        AuthenticationManager.logSuccess(session, authSession);
        return tokens;
    }

    /**
     * INACTIVE when the flow refused a disabled account whose password is right, CREDENTIALS otherwise.
     * Keycloak reports a disabled account without counting the guess in its brute-force detector: 26.7
     * checks the password itself and says "Account disabled" for the right one only, 26.4 and 26.5 say
     * it before any check. So a disabled account's guess is counted here, the way the flow counts an
     * enabled one's: where the flow already found the password wrong, the failure is recorded without
     * hashing it again (same time as for any other account); where it said "Account disabled", the
     * password is checked once more through the detector (a locked-out account answers CREDENTIALS
     * whatever the password). On every line a wrong password learns nothing, and a disabled account's
     * password cannot be guessed faster than an enabled one's.
     */
    private static Refusal refusal(KeycloakSession session, RealmModel realm, EventBuilder event, Response challenge,
                                   String password) {
        if (!Errors.USER_DISABLED.equals(event.getEvent().getError()) || event.getEvent().getUserId() == null) {
            return Refusal.CREDENTIALS;
        }
        UserModel user = session.users().getUserById(realm, event.getEvent().getUserId());
        if (user == null) {
            return Refusal.CREDENTIALS;
        }
        boolean reported = challenge.getEntity() instanceof OAuth2ErrorRepresentation error
                && ACCOUNT_DISABLED.equals(error.getErrorDescription());
        if (!reported) {
            BruteForce.record(session, realm, user, BruteForce.PASSWORD, false);
            return Refusal.CREDENTIALS;
        }
        return Passwords.verifyCurrent(session, realm, user, password) ? Refusal.INACTIVE : Refusal.CREDENTIALS;
    }

    /** The real request, but its form holds only the credentials the direct-grant authenticators read. */
    private static final class CredentialsRequest implements HttpRequest {

        private final HttpRequest delegate;
        private final MultivaluedMap<String, String> form = new MultivaluedHashMap<>();

        CredentialsRequest(HttpRequest delegate, String username, String password) {
            this.delegate = delegate;
            form.putSingle(OAuth2Constants.USERNAME, username);
            form.putSingle(OAuth2Constants.PASSWORD, password);
        }

        @Override
        public String getHttpMethod() {
            return delegate.getHttpMethod();
        }

        @Override
        public MultivaluedMap<String, String> getDecodedFormParameters() {
            return form;
        }

        @Override
        public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
            return new MultivaluedHashMap<>();
        }

        @Override
        public HttpHeaders getHttpHeaders() {
            return delegate.getHttpHeaders();
        }

        @Override
        public X509Certificate[] getClientCertificateChain() {
            return delegate.getClientCertificateChain();
        }

        @Override
        public UriInfo getUri() {
            return delegate.getUri();
        }

        @Override
        public boolean isProxyTrusted() {
            return delegate.isProxyTrusted();
        }
    }
}
