package dev.platformauth.rest.authservice;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.http.JsonErrors;
import dev.platformauth.common.token.TokenResponses;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.AuthenticationFlowResolver;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;

/**
 * {@code login/access-token}: username (or email) and password through the realm's direct-grant
 * flow, exactly as Keycloak's password grant runs it (so the flow's authenticators, the brute-force
 * detector and the client's direct-access-grants switch all apply), answered with both tokens.
 * Every credential failure (unknown user, wrong password, disabled or locked account) gets the same
 * 401; the LOGIN_ERROR event carries the real reason.
 */
final class PasswordLogin {

    static final String METHOD = "password";
    private static final int MAX_FIELD_LENGTH = 1024;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;

    PasswordLogin(KeycloakSession session, ClientModel client) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.client = client;
    }

    Response login() {
        MultivaluedMap<String, String> form = readForm();
        requiredField(form, "username");
        requiredField(form, "password");

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
        String scope = form.getFirst(OAuth2Constants.SCOPE);
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
                .setRequest(session.getContext().getHttpRequest());
        Response challenge;
        try {
            challenge = processor.authenticateOnly();
        } catch (AuthenticationFlowException e) {
            challenge = Response.status(Response.Status.UNAUTHORIZED).build();
        }
        if (challenge != null) {
            // the flow's authenticators have sent LOGIN_ERROR with the reason; the caller learns nothing more
            authSessions.removeAuthenticationSession(realm, authSession, false);
            throw JsonErrors.exception(Response.Status.UNAUTHORIZED, JsonErrors.INVALID_GRANT, "Invalid username or password");
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
        return AuthServiceApi.tokenResponse(tokens);
    }

    private MultivaluedMap<String, String> readForm() {
        MediaType type = session.getContext().getRequestHeaders().getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            throw JsonErrors.exception(Response.Status.UNSUPPORTED_MEDIA_TYPE, JsonErrors.UNSUPPORTED_MEDIA_TYPE,
                    "The request body must be application/x-www-form-urlencoded");
        }
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        if (form == null) {
            throw JsonErrors.badRequest("The request body is not a valid form");
        }
        return form;
    }

    private static void requiredField(MultivaluedMap<String, String> form, String field) {
        List<String> values = form.get(field);
        if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank()) {
            throw JsonErrors.badRequest("Missing required field '" + field + "'");
        }
        if (values.size() > 1) {
            throw JsonErrors.badRequest("Field '" + field + "' is given more than once");
        }
        if (values.get(0).length() > MAX_FIELD_LENGTH) {
            throw JsonErrors.badRequest("Field '" + field + "' is longer than " + MAX_FIELD_LENGTH + " characters");
        }
    }
}
