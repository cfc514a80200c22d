package dev.platformauth.rest.tokenexchange;

import dev.platformauth.common.security.PrivilegeBoundary;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.CorsErrorResponseException;

import java.util.Optional;

/**
 * Keycloak's token exchange (standard, and the legacy one where enabled) would give a client that
 * may exchange tokens new access tokens, and refresh tokens where the client allows them, from any
 * session a subject token belongs to. For a login-as session or a session opened with an entity token
 * that would outlive what those sessions are for: a login-as token stays short and is never
 * refreshed, and a grant's tokens end with the entity token's expiry. This provider comes before
 * Keycloak's: it takes the exchanges whose subject token belongs to such a session and refuses them
 * (400 {@code invalid_request}, a TOKEN_EXCHANGE_ERROR event {@code not_allowed} with the reason);
 * every other exchange goes on to Keycloak's providers unchanged.
 *
 * <p>The subject token is only read here, not verified: a forged token naming such a session is
 * refused, which gains its sender nothing, and a token naming any other session goes on to Keycloak,
 * which verifies it as always. A genuine token cannot hide its session, which its signature covers.
 */
final class ShortSessionExchangeRefusal implements TokenExchangeProvider {

    static final String ACTION = "exchange its tokens";

    private final KeycloakSession session;
    private UserSessionModel subjectSession;
    private PrivilegeBoundary.Refusal refusal;

    ShortSessionExchangeRefusal(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public boolean supports(TokenExchangeContext context) {
        subjectSession = subjectSession(context).orElse(null);
        refusal = subjectSession == null ? null : PrivilegeBoundary.sessionRefusal(subjectSession, ACTION).orElse(null);
        return refusal != null;
    }

    @Override
    public Response exchange(TokenExchangeContext context) {
        context.getEvent().user(subjectSession.getUser()).session(subjectSession)
                .detail(Details.REASON, refusal.reason()).error(Errors.NOT_ALLOWED);
        throw new CorsErrorResponseException(context.getCors(), OAuthErrorException.INVALID_REQUEST, refusal.description(),
                Response.Status.BAD_REQUEST);
    }

    /** The user session the subject token names ({@code sid}), when there is one. */
    private Optional<UserSessionModel> subjectSession(TokenExchangeContext context) {
        String subjectToken = context.getFormParams().getFirst("subject_token");
        if (subjectToken == null || subjectToken.isBlank()) {
            return Optional.empty();
        }
        String sessionId;
        try {
            sessionId = new JWSInput(subjectToken).readJsonContent(AccessToken.class).getSessionId();
        } catch (JWSInputException | RuntimeException e) {
            return Optional.empty(); // not a token of ours: Keycloak's provider answers it
        }
        return sessionId == null ? Optional.empty()
                : Optional.ofNullable(session.sessions().getUserSession(context.getRealm(), sessionId));
    }

    @Override
    public void close() {
    }
}
