package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.PlatformAuth;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Ends the user sessions the entity-token grant opened, so that every access token issued through the
 * grant stops at once: Keycloak's token checks (userinfo, introspection, our Bearer endpoints) refuse
 * a token whose session is gone. The sessions are found among the user's sessions by the note
 * {@value PlatformAuth#ENTITY_TOKEN_SESSION_NOTE} and removed from Keycloak's session store (as
 * Keycloak removes a session it finds invalid), in the request's transaction, so this works from
 * REST calls, admin calls and Keycloak's provider events alike. Grant sessions have no browser and
 * no refresh token, so there is nothing else to log out.
 */
final class EntityTokenSessions {

    private static final Logger LOG = Logger.getLogger(EntityTokenSessions.class);

    private EntityTokenSessions() {
    }

    /** Ends the grant sessions of {@code token} (revoked, rotated, or its user left the entity); returns how many. */
    static int end(KeycloakSession session, EntityTokenEntity token) {
        RealmModel realm = session.realms().getRealm(token.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, token.getUserId());
        if (user == null) {
            return 0;
        }
        int ended = logout(session, realm, user, note -> token.getId().equals(note));
        if (ended > 0) {
            LOG.debugf("entity token %s: %d grant session(s) of user %s ended", token.getId(), ended, user.getId());
        }
        return ended;
    }

    /** Ends the grant sessions of every token in {@code tokens}; returns how many. */
    static int end(KeycloakSession session, Collection<EntityTokenEntity> tokens) {
        return tokens.stream().mapToInt(token -> end(session, token)).sum();
    }

    /** Ends every grant session of {@code user}, whatever the token (e.g. the user was disabled); returns how many. */
    static int endAll(KeycloakSession session, RealmModel realm, UserModel user) {
        return logout(session, realm, user, note -> true);
    }

    private static int logout(KeycloakSession session, RealmModel realm, UserModel user, Predicate<String> tokenId) {
        List<UserSessionModel> sessions = session.sessions().getUserSessionsStream(realm, user)
                .filter(userSession -> {
                    String note = userSession.getNote(PlatformAuth.ENTITY_TOKEN_SESSION_NOTE);
                    return note != null && tokenId.test(note);
                })
                .toList();
        sessions.forEach(userSession -> session.sessions().removeUserSession(realm, userSession));
        return sessions.size();
    }
}
