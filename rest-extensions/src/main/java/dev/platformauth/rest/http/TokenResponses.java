package dev.platformauth.rest.http;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.PrivilegeBoundary;
import dev.platformauth.common.token.AuthenticationMethods;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Errors;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.util.TokenUtil;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.constants.ServiceAccountConstants;
import org.keycloak.models.Constants;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.common.util.Time;
import org.keycloak.services.util.DefaultClientSessionContext;

/**
 * The one place that signs a user in for a client outside the browser flow and builds the token
 * response: a new user session, the client session, the client's mappers (so the platform token
 * mapper adds the second token) and a LOGIN event with the sign-in method in its details; also the
 * service-account tokens of {@code clientToken} and the refresh of our REST APIs.
 */
public final class TokenResponses {

    private TokenResponses() {
    }

    /**
     * Creates a user session for {@code user} at {@code client} and returns Keycloak's token response.
     * The caller has verified the user's credential; {@code event} receives LOGIN on success.
     */
    public static AccessTokenResponse signIn(KeycloakSession session, ClientModel client, UserModel user,
                                             String loginMethod, String scope, EventBuilder event) {
        ClientSessionContext clientSessionCtx = attach(session, client, user, loginMethod, scope, event);
        UserSessionModel userSession = clientSessionCtx.getClientSession().getUserSession();
        AccessTokenResponse response = build(session, client, userSession, clientSessionCtx, event);
        event.success();
        return response;
    }

    /**
     * Creates the authentication, user and client sessions of a sign-in and sets up the event; notes on
     * the user session how the user signed in ({@link AuthenticationMethods}).
     */
    public static ClientSessionContext attach(KeycloakSession session, ClientModel client, UserModel user,
                                              String loginMethod, String scope, EventBuilder event) {
        RealmModel realm = session.getContext().getRealm();
        session.getContext().setClient(client);
        event.event(EventType.LOGIN).client(client).user(user)
                .detail(Details.AUTH_METHOD, OIDCLoginProtocol.LOGIN_PROTOCOL)
                .detail(PlatformAuth.DETAIL_LOGIN_METHOD, loginMethod)
                .detail(Details.USERNAME, user.getUsername());

        AuthenticationSessionModel authSession = authenticationSession(session, realm, client, user);
        authSession.setAction(AuthenticatedClientSessionModel.Action.AUTHENTICATE.name());
        if (scope != null && !scope.isBlank()) {
            authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);
        }
        AuthenticationManager.setClientScopesInSession(session, authSession);
        ClientSessionContext attached = AuthenticationProcessor.attachSession(authSession, null, session, realm,
                session.getContext().getConnection(), event);
        AuthenticationMethods.remember(attached.getClientSession().getUserSession(), loginMethod);
        return attached;
    }

    /**
     * A token for {@code client}'s service account, issued the way Keycloak's client-credentials grant
     * issues one: in a <em>transient</em> user session (nothing is stored, so a call leaves no session
     * behind), without a refresh token and without {@code sid}; the client's scopes and mappers apply
     * and the service-account session notes ({@code client_id}, {@code clientHost},
     * {@code clientAddress}) are set. The caller has authenticated the client; {@code event} receives
     * CLIENT_LOGIN on success.
     */
    public static AccessTokenResponse clientCredentials(KeycloakSession session, ClientModel client, UserModel serviceAccount,
                                                        EventBuilder event) {
        RealmModel realm = session.getContext().getRealm();
        session.getContext().setClient(client);
        String host = session.getContext().getConnection().getRemoteHost();
        event.event(EventType.CLIENT_LOGIN).client(client).user(serviceAccount)
                .detail(Details.USERNAME, serviceAccount.getUsername());

        AuthenticationSessionModel authSession = authenticationSession(session, realm, client, serviceAccount);
        UserSessionModel userSession = new UserSessionManager(session).createUserSession(authSession.getParentSession().getId(),
                realm, serviceAccount, serviceAccount.getUsername(), host, ServiceAccountConstants.CLIENT_AUTH, false, null, null,
                UserSessionModel.SessionPersistenceState.TRANSIENT);
        AuthenticationManager.setClientScopesInSession(session, authSession);
        ClientSessionContext context = TokenManager.attachAuthenticationSession(session, userSession, authSession);
        context.setAttribute(Constants.GRANT_TYPE, OAuth2Constants.CLIENT_CREDENTIALS);
        userSession.setNote(ServiceAccountConstants.CLIENT_ID_SESSION_NOTE, client.getClientId());
        userSession.setNote(ServiceAccountConstants.CLIENT_ID, client.getClientId());
        userSession.setNote(ServiceAccountConstants.CLIENT_HOST, host);
        userSession.setNote(ServiceAccountConstants.CLIENT_ADDRESS, host);
        AccessTokenResponse response = build(session, client, userSession, context, event);
        event.success();
        return response;
    }

    private static AuthenticationSessionModel authenticationSession(KeycloakSession session, RealmModel realm,
                                                                    ClientModel client, UserModel user) {
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = root.createAuthenticationSession(client);
        authSession.setAuthenticatedUser(user);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER,
                Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        return authSession;
    }

    /**
     * Fresh tokens for {@code client} in an existing user session (the caller verified its token):
     * the session's idle timer restarts as with a refresh-token grant; the scope stays {@code scope}.
     * Refused (403 {@code forbidden}, event error NOT_ALLOWED with a reason) for sessions that must stay
     * short-lived ({@link PrivilegeBoundary#sessionRefusal}: login-as, and the entity-token grant, whose
     * lifetime is the entity token's, see {@code docs/entity-tokens.md}) and for transient ones (client
     * credentials: ask for a new token), which Keycloak would not refresh either.
     */
    public static AccessTokenResponse refresh(KeycloakSession session, ClientModel client, UserSessionModel userSession,
                                              String scope, EventBuilder event) {
        PrivilegeBoundary.sessionRefusal(userSession, "refresh its tokens").ifPresent(refusal -> {
            throw refusal.refuse(event);
        });
        if (userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT) {
            event.detail(Details.REASON, "transient session").error(Errors.NOT_ALLOWED);
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN,
                    "Client-credentials tokens cannot be refreshed: request a new one");
        }
        AuthenticatedClientSessionModel clientSession = userSession.getAuthenticatedClientSessionByClient(client.getId());
        int now = Time.currentTime();
        userSession.setLastSessionRefresh(now);
        clientSession.setTimestamp(now);
        ClientSessionContext context = DefaultClientSessionContext.fromClientSessionAndScopeParameter(clientSession, scope, session);
        return build(session, client, userSession, context, event);
    }

    /**
     * Builds the token response for an existing user and client session. A transient session gets
     * no refresh token and no {@code sid} (as in Keycloak's client-credentials grant), so Keycloak's
     * token checks treat the token as stateless.
     */
    static AccessTokenResponse build(KeycloakSession session, ClientModel client, UserSessionModel userSession,
                                            ClientSessionContext clientSessionCtx, EventBuilder event) {
        boolean refreshToken = OIDCAdvancedConfigWrapper.fromClientModel(client).isUseRefreshToken();
        return finish(tokens(session, client, userSession, clientSessionCtx, event, refreshToken), userSession);
    }

    /**
     * The tokens of a response that {@link #finish} builds, for callers that change them first (our
     * token-endpoint grants bind them to the client certificate and set their own lifetime): the
     * access token, a refresh token when {@code refreshToken} and the session is not transient, and an
     * ID token for an {@code openid} scope. Built the same way on every supported Keycloak line.
     */
    public static TokenManager.AccessTokenResponseBuilder tokens(KeycloakSession session, ClientModel client,
                                                                 UserSessionModel userSession, ClientSessionContext clientSessionCtx,
                                                                 EventBuilder event, boolean refreshToken) {
        RealmModel realm = session.getContext().getRealm();
        TokenManager.AccessTokenResponseBuilder builder = new TokenManager()
                .responseBuilder(realm, client, event, session, userSession, clientSessionCtx)
                .generateAccessToken();
        if (userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT) {
            builder.getAccessToken().setSessionId(null);
            event.session((String) null);
        } else if (refreshToken) {
            builder.generateRefreshToken();
        }
        if (TokenUtil.isOIDCRequest(clientSessionCtx.getScopeString())) {
            builder.generateIDToken().generateAccessTokenHash();
        }
        return builder;
    }

    /** Stamps the session's {@code amr} on the tokens ({@link AuthenticationMethods}) and builds the response. */
    public static AccessTokenResponse finish(TokenManager.AccessTokenResponseBuilder builder, UserSessionModel userSession) {
        AuthenticationMethods.stamp(builder, userSession);
        return builder.build();
    }

    /** Caps the access token's {@code exp} at {@code exp} (epoch seconds): never later, and never unset. */
    public static void capExpiry(TokenManager.AccessTokenResponseBuilder builder, long exp) {
        AccessToken token = builder.getAccessToken();
        if (token.getExp() == null || token.getExp() == 0 || token.getExp() > exp) {
            token.exp(exp);
        }
    }
}
