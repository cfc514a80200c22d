package dev.platformauth.rest.entitytoken;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Optional;

/**
 * Checks a presented entity-token secret for the introspection endpoint and the grant: it must be a
 * current secret (a rotated-away one no longer matches any row), of this realm, not expired, of an
 * enabled user who is still a member of the enabled organization. A use updates {@code lastUsedAt}
 * (at most one write a minute per token).
 */
final class EntityTokenUse {

    /** A token that may be used now, with its user and organization. */
    record Active(EntityTokenEntity token, UserModel user, OrganizationModel organization) {
    }

    private EntityTokenUse() {
    }

    static Optional<Active> check(KeycloakSession session, RealmModel realm, String secret) {
        if (!EntityTokenSecrets.wellFormed(secret)) {
            return Optional.empty();
        }
        EntityTokenStore store = new EntityTokenStore(session);
        EntityTokenEntity token = store.findByHash(EntityTokenSecrets.hash(secret));
        long now = Time.currentTimeMillis();
        if (token == null || !token.getRealmId().equals(realm.getId())
                || (token.getExpiresAt() != null && token.getExpiresAt() <= now)) {
            return Optional.empty();
        }
        UserModel user = session.users().getUserById(realm, token.getUserId());
        if (user == null || !user.isEnabled()) {
            return Optional.empty();
        }
        OrganizationModel organization = Entities.find(session, token.getEntityId());
        if (organization == null || !organization.isEnabled() || !Entities.isMember(session, organization, user)) {
            return Optional.empty();
        }
        store.touch(token, now);
        return Optional.of(new Active(token, user, organization));
    }
}
