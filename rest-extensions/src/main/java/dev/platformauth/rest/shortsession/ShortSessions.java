package dev.platformauth.rest.shortsession;

import dev.platformauth.common.security.PrivilegeBoundary;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
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
 * <p>A token counts only when its signature holds (Keycloak's own check, {@code session.tokens()}):
 * a forged token naming a session learns nothing about it and leaves no event in its name; it goes on
 * to Keycloak's grant, which refuses it as always. A genuine token cannot hide its session
 * ({@code sid}), which its signature covers; online and offline sessions are both looked up.
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

    /** The user session {@code token} names ({@code sid}), when it is a token signed by the realm with one and the session exists. */
    private static Optional<UserSessionModel> named(KeycloakSession session, RealmModel realm, String token) {
        if (token.isBlank()) {
            return Optional.empty();
        }
        AccessToken verified;
        try {
            verified = session.tokens().decode(token, AccessToken.class);
        } catch (RuntimeException e) {
            verified = null;
        }
        String sessionId = verified == null ? null : verified.getSessionId();
        if (sessionId == null) {
            return Optional.empty(); // not a token of this realm, or one without a session: Keycloak's grant answers it
        }
        UserSessionModel online = session.sessions().getUserSession(realm, sessionId);
        return Optional.ofNullable(online != null ? online : session.sessions().getOfflineUserSession(realm, sessionId));
    }
}
