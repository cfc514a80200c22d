package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.Caller;
import dev.platformauth.common.security.PrivilegeBoundary;
import dev.platformauth.rest.http.BearerAuth;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessToken;

import java.util.List;

/**
 * Who calls the {@code entities} API (docs/entity-tokens.md, "Calling the API"), either way:
 * {@code Authorization: Bearer <token>}, or the headers {@code token} (the token), {@code userid} (must
 * equal its {@code sub}, the user id) and {@code apikey} (must equal its {@code azp}, the client id the
 * token was issued to). The token is Keycloak's access token ({@link BearerAuth}) or the platform token of
 * the same sign-in ({@link PlatformTokenAuth}: {@code typ} {@code Platform}, the realm's expected audience,
 * a live session); an access token must be {@link #meantForThisApi meant for this API}. When {@code userid} or {@code apikey} accompany a Bearer token they must match too.
 * Every mismatch is 401. Tokens of a session opened by the entity-token grant are refused (403): an entity
 * token cannot extend, rotate, revoke or multiply itself. What the caller may do to whose token is
 * {@link EntityTokens}' (and {@link dev.platformauth.common.security.PrivilegeBoundary}'s, which judges the
 * session whichever of its tokens is presented).
 */
final class EntityTokenCaller {

    static final String TOKEN_HEADER = "token";
    static final String USERID_HEADER = "userid";
    static final String APIKEY_HEADER = "apikey";

    private EntityTokenCaller() {
    }

    static Caller authenticate(KeycloakSession session) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        String userId = single(headers, USERID_HEADER);
        String apiKey = single(headers, APIKEY_HEADER);
        String token = BearerAuth.tokenFrom(headers);
        if (token == null) {
            token = single(headers, TOKEN_HEADER);
            if (token == null) {
                throw BearerAuth.unauthorized("Missing credentials: send 'Authorization: Bearer <token>' or the 'token', 'userid' and 'apikey' headers");
            }
            if (userId == null || apiKey == null) {
                throw BearerAuth.unauthorized("The 'token' header needs the 'userid' and 'apikey' headers");
            }
            token = token.trim();
        }
        boolean platformToken = PlatformTokenAuth.claimsPlatformType(token);
        Caller caller = platformToken ? PlatformTokenAuth.verify(session, token) : BearerAuth.verify(session, token);
        if (PrivilegeBoundary.isEntityTokenSession(caller.userSession())) {
            // an entity token must not be able to extend, rotate or multiply itself, whichever client it was granted at
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN,
                    "Tokens obtained with an entity token cannot manage entity tokens");
        }
        if (!platformToken && !meantForThisApi(caller.token(), caller.client().getClientId(),
                PlatformTokenAuth.audience(session.getContext().getRealm()))) {
            throw BearerAuth.unauthorized("The access token is not meant for this API: it was issued to another client "
                    + "and does not carry the platform audience");
        }
        if (userId != null && !userId.trim().equals(caller.user().getId())) {
            throw BearerAuth.unauthorized("The 'userid' header does not match the token");
        }
        if (apiKey != null && !apiKey.trim().equals(caller.client().getClientId())) {
            throw BearerAuth.unauthorized("The 'apikey' header does not match the token's client");
        }
        return caller;
    }

    /**
     * Whether an access token may call this API: one issued to the clients whose sign-ins it serves
     * ({@value PlatformAuth#AUTH_SERVICE_CLIENT_ID}, {@value PlatformAuth#SENTINEL_CLIENT_ID}), or one whose
     * {@code aud} names the platform audience (an Audience mapper on any other client, e.g. a backend's
     * service account). Other clients' tokens are refused: a relying party of the realm, or whoever holds
     * one of its tokens, must not turn it into a lasting entity token.
     */
    static boolean meantForThisApi(AccessToken token, String clientId, String platformAudience) {
        return PlatformAuth.AUTH_SERVICE_CLIENT_ID.equals(clientId) || PlatformAuth.SENTINEL_CLIENT_ID.equals(clientId)
                || token.hasAudience(platformAudience);
    }

    /** The one value of a header, null when absent; 401 when it is repeated. */
    private static String single(HttpHeaders headers, String name) {
        List<String> values = headers == null ? null : headers.getRequestHeader(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw BearerAuth.unauthorized("More than one '" + name + "' header");
        }
        String value = values.get(0);
        return value == null || value.isBlank() ? null : value;
    }
}
