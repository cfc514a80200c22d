package dev.platformauth.common.token;

import dev.platformauth.common.PlatformAuth;
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
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.util.TokenUtil;
import org.keycloak.common.util.Time;
import org.keycloak.services.util.DefaultClientSessionContext;

/**
 * The one place that signs a user in for a client outside the browser flow and builds the token
 * response: a new user session, the client session, the client's mappers (so the platform token
 * mapper adds the second token) and a LOGIN event with the sign-in method in its details.
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

        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = root.createAuthenticationSession(client);
        authSession.setAuthenticatedUser(user);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setAction(AuthenticatedClientSessionModel.Action.AUTHENTICATE.name());
        authSession.setClientNote(OIDCLoginProtocol.ISSUER,
                Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
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
     * Fresh tokens for {@code client} in an existing user session (the caller verified its token):
     * the session's idle timer restarts as with a refresh-token grant; the scope stays {@code scope}.
     */
    public static AccessTokenResponse refresh(KeycloakSession session, ClientModel client, UserSessionModel userSession,
                                              String scope, EventBuilder event) {
        AuthenticatedClientSessionModel clientSession = userSession.getAuthenticatedClientSessionByClient(client.getId());
        int now = Time.currentTime();
        userSession.setLastSessionRefresh(now);
        clientSession.setTimestamp(now);
        ClientSessionContext context = DefaultClientSessionContext.fromClientSessionAndScopeParameter(clientSession, scope, session);
        return build(session, client, userSession, context, event);
    }

    /** Builds the token response for an existing user and client session. */
    public static AccessTokenResponse build(KeycloakSession session, ClientModel client, UserSessionModel userSession,
                                            ClientSessionContext clientSessionCtx, EventBuilder event) {
        RealmModel realm = session.getContext().getRealm();
        TokenManager.AccessTokenResponseBuilder builder = new TokenManager()
                .responseBuilder(realm, client, event, session, userSession, clientSessionCtx)
                .generateAccessToken();
        if (OIDCAdvancedConfigWrapper.fromClientModel(client).isUseRefreshToken()) {
            builder.generateRefreshToken();
        }
        if (TokenUtil.isOIDCRequest(clientSessionCtx.getScopeString())) {
            builder.generateIDToken().generateAccessTokenHash();
        }
        AuthenticationMethods.stamp(builder);
        return builder.build();
    }
}
