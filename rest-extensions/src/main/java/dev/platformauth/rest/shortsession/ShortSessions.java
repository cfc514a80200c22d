package dev.platformauth.rest.shortsession;

import dev.platformauth.common.security.PrivilegeBoundary;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.cors.Cors;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the login-as and entity-token sessions ({@link PrivilegeBoundary#sessionRefusal}) behind the
 * tokens of a request to one of Keycloak's own grants that would issue new tokens from a token's
 * session, and refuses such a request before anything is issued: those sessions are short by design
 * (a login-as token is never refreshed, a grant's tokens end with the entity token's expiry), and a
 * token with a lifetime and a refresh token of its own would outlive them.
 *
 * <p>The tokens are only read here, not verified: a forged token naming such a session is refused,
 * which gains its sender nothing, and a token naming any other session goes on to Keycloak, which
 * verifies it as always. A genuine token cannot hide its session ({@code sid}), which its signature
 * covers.
 */
final class ShortSessions {

    /** A short session behind one of the tokens, with the refusal to give. */
    record Found(UserSessionModel session, PrivilegeBoundary.Refusal refusal) {
    }

    private ShortSessions() {
    }

    /** The first of {@code tokens} (null ones skipped) whose session may not {@code action}; empty when there is none. */
    static Optional<Found> behind(KeycloakSession session, RealmModel realm, String action, String... tokens) {
        return Stream.of(tokens).filter(Objects::nonNull)
                .map(token -> named(session, realm, token))
                .flatMap(Optional::stream)
                .flatMap(userSession -> PrivilegeBoundary.sessionRefusal(userSession, action)
                        .map(refusal -> new Found(userSession, refusal)).stream())
                .findFirst();
    }

    /**
     * Records the refusal on {@code event} (the session's user and id, {@code not_allowed} with the
     * reason) and returns the 400 {@code invalid_request} to throw.
     */
    static CorsErrorResponseException refuse(Found found, EventBuilder event, Cors cors) {
        event.user(found.session().getUser()).session(found.session())
                .detail(Details.REASON, found.refusal().reason()).error(Errors.NOT_ALLOWED);
        return new CorsErrorResponseException(cors, OAuthErrorException.INVALID_REQUEST, found.refusal().description(),
                Response.Status.BAD_REQUEST);
    }

    /** The user session {@code token} names ({@code sid}), when it is a JWT with one and the session exists. */
    private static Optional<UserSessionModel> named(KeycloakSession session, RealmModel realm, String token) {
        if (token.isBlank()) {
            return Optional.empty();
        }
        String sessionId;
        try {
            sessionId = new JWSInput(token).readJsonContent(AccessToken.class).getSessionId();
        } catch (JWSInputException | RuntimeException e) {
            return Optional.empty(); // not a token of this realm's shape: Keycloak's grant answers it
        }
        return sessionId == null ? Optional.empty() : Optional.ofNullable(session.sessions().getUserSession(realm, sessionId));
    }
}
