package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.PlatformAuth;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Ends the user sessions the entity-token grant opened, so that every access token issued through the
 * grant stops at once: Keycloak's token checks (userinfo, introspection, our Bearer endpoints) refuse
 * a token whose session is gone. The sessions are found among the user's sessions by the note
 * {@value PlatformAuth#ENTITY_TOKEN_SESSION_NOTE} and removed from Keycloak's session store (as
 * Keycloak removes a session it finds invalid), in the request's transaction, so this works from
 * REST calls, admin calls and Keycloak's provider events alike. Grant sessions have no browser and
 * no refresh token, so there is nothing else to log out.
 *
 * <p>A grant in flight while its token is revoked must not outlive the revocation. Each side
 * therefore looks again once its own change has committed, on every node alike (sessions and tokens
 * are read from the database): the revocation ends the token's sessions a second time after it
 * commits ({@link #end}), and the grant checks its token again after its session is stored
 * ({@link #confirmAfterCommit}). Whichever commits last sees the other's change, so either the grant
 * was refused, or its session is ended by one of the two.
 */
final class EntityTokenSessions {

    private static final Logger LOG = Logger.getLogger(EntityTokenSessions.class);

    private EntityTokenSessions() {
    }

    /** Ends the grant sessions of {@code token} (revoked, rotated, or its user left the entity); returns how many. */
    static int end(KeycloakSession session, EntityTokenEntity token) {
        return end(session, List.of(token));
    }

    /** Ends the grant sessions of every token in {@code tokens} (all of one realm); returns how many. */
    static int end(KeycloakSession session, Collection<EntityTokenEntity> tokens) {
        if (tokens.isEmpty()) {
            return 0;
        }
        RealmModel realm = session.realms().getRealm(tokens.iterator().next().getRealmId());
        if (realm == null) {
            return 0;
        }
        Map<String, Set<String>> tokensOfUser = tokens.stream().collect(Collectors.groupingBy(
                EntityTokenEntity::getUserId, Collectors.mapping(EntityTokenEntity::getId, Collectors.toSet())));
        int ended = endTokens(session, realm, tokensOfUser);
        afterCommit(session, realm, (again, realmAgain) -> {
            if (endTokens(again, realmAgain, tokensOfUser) > 0) {
                LOG.debugf("a grant in flight when its entity token ended was logged out");
            }
        });
        return ended;
    }

    private static int endTokens(KeycloakSession session, RealmModel realm, Map<String, Set<String>> tokensOfUser) {
        int ended = 0;
        for (Map.Entry<String, Set<String>> owner : tokensOfUser.entrySet()) {
            // a deleted user's sessions went with the user
            UserModel user = session.users().getUserById(realm, owner.getKey());
            int endedNow = user == null ? 0 : logout(session, realm, user, owner.getValue()::contains);
            if (endedNow > 0) {
                LOG.debugf("entity tokens %s: %d grant session(s) of user %s ended", owner.getValue(), endedNow, user.getId());
            }
            ended += endedNow;
        }
        return ended;
    }

    /** Ends every grant session of {@code user}, whatever the token (e.g. the user was disabled); returns how many. */
    static int endAll(KeycloakSession session, RealmModel realm, UserModel user) {
        String userId = user.getId();
        afterCommit(session, realm, (again, realmAgain) -> {
            UserModel owner = again.users().getUserById(realmAgain, userId);
            if (owner != null) {
                logout(again, realmAgain, owner, note -> true);
            }
        });
        return logout(session, realm, user, note -> true);
    }

    /**
     * After the grant's transaction has committed (its session is stored), checks {@code secret} again:
     * when the token is no longer active, or its flags or expiry changed meanwhile, the grant's session
     * {@code userSession} ends, and with it the access token the grant returns.
     */
    static void confirmAfterCommit(KeycloakSession session, RealmModel realm, UserSessionModel userSession,
                                   String secret, EntityTokenEntity token, List<String> flags) {
        String sessionId = userSession.getId();
        String tokenId = token.getId();
        Long expiresAt = token.getExpiresAt();
        afterCommit(session, realm, (again, realmAgain) -> {
            boolean unchanged = EntityTokenUse.check(again, realmAgain, secret)
                    .map(EntityTokenUse.Active::token)
                    .filter(now -> now.getId().equals(tokenId) && Objects.equals(now.getExpiresAt(), expiresAt)
                            && EntityTokenStore.readFlags(now).equals(flags))
                    .isPresent();
            UserSessionModel stored = unchanged ? null : again.sessions().getUserSession(realmAgain, sessionId);
            if (stored != null) {
                again.sessions().removeUserSession(realmAgain, stored);
                LOG.debugf("entity token %s changed while a grant was in flight: its session was logged out", tokenId);
            }
        });
    }

    /** Runs {@code work} in a transaction of its own once the request's transaction has committed (never after a rollback). */
    private static void afterCommit(KeycloakSession session, RealmModel realm, BiConsumer<KeycloakSession, RealmModel> work) {
        String realmId = realm.getId();
        var factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, again -> {
                        RealmModel realmAgain = again.realms().getRealm(realmId);
                        if (realmAgain != null) {
                            again.getContext().setRealm(realmAgain);
                            work.accept(again, realmAgain);
                        }
                    });
                } catch (RuntimeException e) {
                    // the change itself has committed: report it as done, and leave the failed second look to the log
                    LOG.errorf("The second look at entity-token grant sessions after a commit failed: %s", e.getClass().getName());
                }
            }

            @Override
            protected void rollbackImpl() {
                // the change did not happen: nothing to look at again
            }
        });
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
