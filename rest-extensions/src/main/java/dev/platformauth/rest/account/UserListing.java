package dev.platformauth.rest.account;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Objects;

/**
 * One page of the realm's users, newest first, and how many there are: two queries on Keycloak's user
 * table (a count, and the ids of the page ordered by creation time, then id), then the page's users by
 * id through Keycloak's user provider (and its cache). The whole realm is never loaded. Service accounts
 * are left out. Users of a user-federation provider are listed once they are imported into Keycloak's
 * database (the default for LDAP).
 */
final class UserListing {

    private static final String WHERE = " from UserEntity u where u.realmId = :realmId and u.serviceAccountClientLink is null";

    private final KeycloakSession session;
    private final RealmModel realm;

    UserListing(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    long count() {
        return entityManager().createQuery("select count(u)" + WHERE, Long.class)
                .setParameter("realmId", realm.getId())
                .getSingleResult();
    }

    /** Up to {@code max} users after skipping {@code first}, newest first. */
    List<UserModel> page(int first, int max) {
        if (max == 0) {
            return List.of();
        }
        List<String> ids = entityManager().createQuery("select u.id" + WHERE
                        + " order by coalesce(u.createdTimestamp, 0) desc, u.id asc", String.class)
                .setParameter("realmId", realm.getId())
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList();
        return ids.stream().map(id -> session.users().getUserById(realm, id)).filter(Objects::nonNull).toList();
    }

    private EntityManager entityManager() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
