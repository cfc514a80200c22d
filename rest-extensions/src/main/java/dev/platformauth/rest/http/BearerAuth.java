package dev.platformauth.rest.http;

import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.Caller;
import dev.platformauth.common.security.PrivilegeBoundary;
import dev.platformauth.common.security.RefreshWindow;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.util.TokenUtil;

import java.util.List;
import java.util.Locale;

/**
 * The one place that authenticates a caller by {@code Authorization: Bearer <access token>}: the
 * signature (realm keys), issuer, expiry, token type {@code Bearer} (so a platform token, whose
 * {@code typ} is {@code Platform}, and a DPoP-bound token, whose {@code typ} is {@code DPoP}, are refused), revocation, and a live user session of an enabled
 * user at an enabled client. Tokens issued without a stored session (client credentials, which carry
 * no {@code sid}) are accepted exactly where Keycloak accepts them: its token check then gives a
 * transient session for the request, as its userinfo endpoint does. Anything else is 401
 * {@code invalid_token} with a JSON body.
 */
public final class BearerAuth {

    private static final String SCHEME = "bearer ";
    private static final List<String> BEARER_ONLY = List.of(TokenUtil.TOKEN_TYPE_BEARER);
    private static final String INVALID = "The access token is invalid, expired or its session has ended";
    /** Event {@code reason} of a refresh refused because the token expired longer ago than the grace period. */
    static final String REASON_BEYOND_GRACE = "expired beyond the grace period";

    private BearerAuth() {
    }

    /** The caller of this request; 401 JSON unless the request carries a valid access token. */
    public static Caller require(KeycloakSession session) {
        KeycloakContext context = session.getContext();
        String token = tokenFrom(context.getRequestHeaders());
        return verify(session, token);
    }

    /** The caller of this request, whose token must have been issued to {@code client}; else 401 JSON. */
    public static Caller require(KeycloakSession session, ClientModel client) {
        Caller caller = require(session);
        if (!client.getId().equals(caller.client().getId())) {
            throw unauthorized("The token was not issued to the '" + client.getClientId() + "' client");
        }
        return caller;
    }

    /** Verifies {@code token} as an access token of the current realm; 401 JSON when it is not one. */
    @SuppressWarnings("removal")
    public static Caller verify(KeycloakSession session, String token) {
        return verify(session, token, true);
    }

    /**
     * The caller of a refresh route, whose token must have been issued to {@code client} (null: any
     * client): every check of {@link #require} but expiry, so an <em>expired</em> auth token is accepted
     * within its client's grace period ({@link RefreshWindow}) as long as its user session is alive, its
     * user enabled, and it was not revoked ({@link RevokedAccessTokens}, which outlives Keycloak's own
     * record of revoked access tokens). Platform tokens are refused as everywhere. 401 JSON otherwise,
     * recorded as the error {@code invalid_token} of {@code event} (with the user, session and a
     * {@code reason} where the token names them); whether the session may refresh at all (login-as:
     * never) is {@link PrivilegeBoundary}'s.
     */
    public static Caller requireForRefresh(KeycloakSession session, ClientModel client, EventBuilder event) {
        Caller caller;
        try {
            caller = verify(session, tokenFrom(session.getContext().getRequestHeaders()), false);
        } catch (ErrorResponseException e) {
            event.detail(Details.REASON, "invalid token").error(Errors.INVALID_TOKEN);
            throw e;
        }
        event.user(caller.user()).session(caller.userSession());
        if (client != null && !client.getId().equals(caller.client().getId())) {
            throw refused(event, "other client", "The token was not issued to the '" + client.getClientId() + "' client");
        }
        AccessToken token = caller.token();
        if (token.getConfirmation() != null) {
            // bound to a key or certificate (cnf): a new token from here would come back unbound
            throw refused(event, "bound token", "A token bound to a key or certificate is refreshed with its refresh token at the token endpoint");
        }
        RealmModel realm = session.getContext().getRealm();
        if (token.getIat() < realm.getNotBefore()) {
            throw refused(event, "not before", INVALID);
        }
        if (RevokedAccessTokens.isRevoked(session, token)) {
            throw refused(event, "revoked", INVALID);
        }
        if (token.getExp() != null && token.getExp() > 0
                && !RefreshWindow.allows(token.getExp(), Time.currentTime(), RefreshWindow.gracePeriod(realm, caller.client()))) {
            throw refused(event, REASON_BEYOND_GRACE, "The access token expired too long ago to be refreshed: sign in again");
        }
        return caller;
    }

    private static ErrorResponseException refused(EventBuilder event, String reason, String description) {
        event.detail(Details.REASON, reason).error(Errors.INVALID_TOKEN);
        return unauthorized(description);
    }

    private static Caller verify(KeycloakSession session, String token, boolean checkActive) {
        if (token == null) {
            throw unauthorized("Missing bearer token");
        }
        KeycloakContext context = session.getContext();
        RealmModel realm = context.getRealm();
        AuthenticationManager.AuthResult result;
        try {
            result = AuthenticationManager.verifyIdentityToken(session, realm, context.getUri(), context.getConnection(),
                    checkActive, true, null, false, token, context.getRequestHeaders(),
                    // Keycloak's verifier also takes DPoP-bound tokens (typ DPoP); these routes take no DPoP
                    // proof, so a bound token presented as a plain bearer token is refused
                    verifier -> verifier.tokenType(BEARER_ONLY));
        } catch (RuntimeException e) {
            // a token that parses but carries nonsense (e.g. a foreign jti format): not a valid token
            result = null;
        }
        if (result == null || result.getSession() == null) {
            throw unauthorized(INVALID);
        }
        // the getters, not the record accessors of Keycloak 26.5+: every supported line has them
        return new Caller(result.getToken(), result.getUser(), result.getSession(), result.getClient());
    }

    /**
     * The token of an {@code Authorization: Bearer} header, or null when there is none; 401 JSON when
     * the header is not a single Bearer credential. For opaque bearer tokens that are not access tokens.
     */
    public static String tokenFrom(HttpHeaders headers) {
        List<String> values = headers == null ? null : headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw unauthorized("More than one Authorization header");
        }
        return parse(values.get(0));
    }

    /** The token of an Authorization header value; 401 when it is not a Bearer credential. */
    static String parse(String header) {
        if (header == null || header.length() <= SCHEME.length()
                || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            throw unauthorized("The Authorization header must be 'Bearer <token>'");
        }
        String token = header.substring(SCHEME.length()).trim();
        if (token.isEmpty() || token.contains(" ")) {
            throw unauthorized("The Authorization header must be 'Bearer <token>'");
        }
        return token;
    }

    /** 401 {@code invalid_token} with the RFC 6750 challenge. */
    public static ErrorResponseException unauthorized(String description) {
        Response base = JsonErrors.response(Response.Status.UNAUTHORIZED, JsonErrors.INVALID_TOKEN, description);
        return new ErrorResponseException(Response.fromResponse(base)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"").build());
    }
}
