package dev.platformauth.common.account;

import dev.platformauth.common.security.Caller;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The one place that ends a user's sessions (password changes and resets, deactivation): every
 * online and offline session, so old refresh and offline tokens are refused at the token endpoint,
 * with a back-channel logout to the clients and a LOGOUT event per session.
 */
public final class UserSessions {

    private UserSessions() {
    }

    /**
     * Logs out every session of {@code user}, offline ones included, except {@code keep} (null: none)
     * and its offline counterpart. Each logout is a LOGOUT event cloned from {@code event}, which
     * carries the client, IP address and details of the request. Returns how many sessions ended.
     */
    public static int endAll(KeycloakSession session, RealmModel realm, UserModel user, UserSessionModel keep,
                             EventBuilder event) {
        return endMatching(session, realm, user, userSession -> keep == null || !isOrMirrors(userSession, keep), event);
    }

    /**
     * Logs out every session of {@code user}, offline ones included, that {@code ending} accepts; each
     * logout is a LOGOUT event cloned from {@code event}. Returns how many sessions ended.
     */
    public static int endMatching(KeycloakSession session, RealmModel realm, UserModel user, Predicate<UserSessionModel> ending,
                             EventBuilder event) {
        KeycloakContext context = session.getContext();
        List<UserSessionModel> sessions = Stream.concat(session.sessions().getUserSessionsStream(realm, user),
                        session.sessions().getOfflineUserSessionsStream(realm, user))
                .filter(ending)
                .toList(); // collected first: the logout removes sessions from the stream's source
        for (UserSessionModel userSession : sessions) {
            AuthenticationManager.backchannelLogout(session, realm, userSession, context.getUri(), context.getConnection(),
                    context.getRequestHeaders(), true);
            event.clone().event(EventType.LOGOUT).user(user).session(userSession).success();
        }
        return sessions.size();
    }

    /**
     * After {@code caller} set {@code user}'s password: every session of the user ends, offline ones
     * included, but the caller's own when the user is the caller (an own-password change). The LOGOUT
     * events name the caller's client and IP address.
     */
    public static int endOnPasswordChange(KeycloakSession session, RealmModel realm, UserModel user, Caller caller) {
        UserSessionModel keep = user.getId().equals(caller.user().getId()) ? caller.userSession() : null;
        return endAll(session, realm, user, keep, callerEvent(session, realm, caller));
    }

    /** An event template for logouts caused by {@code caller}'s request: their client and IP address. */
    public static EventBuilder callerEvent(KeycloakSession session, RealmModel realm, Caller caller) {
        return new EventBuilder(realm, session, session.getContext().getConnection()).client(caller.client());
    }

    /** Whether {@code candidate} is {@code keep} or its offline copy (same id, or naming it as its online session). */
    private static boolean isOrMirrors(UserSessionModel candidate, UserSessionModel keep) {
        return candidate.getId().equals(keep.getId())
                || keep.getId().equals(candidate.getNote(UserSessionModel.CORRESPONDING_SESSION_ID));
    }
}
