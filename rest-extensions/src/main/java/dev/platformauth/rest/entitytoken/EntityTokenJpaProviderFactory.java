package dev.platformauth.rest.entitytoken;

import com.google.auto.service.AutoService;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.store.ChangelogJpaEntityProviderFactory;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

import java.util.List;

/**
 * Adds {@link EntityTokenEntity} and its Liquibase changelog to Keycloak's database, and removes
 * tokens with their owners: a removed user, organization or realm, and a member leaving an
 * organization (Keycloak's provider events, in the same transaction as the removal). A member
 * leaving and a removed organization also end the sessions the tokens' grant opened
 * ({@link EntityTokenSessions}); a removed user's or realm's sessions go with it in Keycloak.
 *
 * <p>Keycloak 26.7 announces a removed organization once ({@link OrganizationRemovals}); 26.4 and 26.5
 * have no such event, but remove every member first, each with a member-leaving event, which ends
 * the same tokens and sessions.
 */
@AutoService(JpaEntityProviderFactory.class)
public final class EntityTokenJpaProviderFactory extends ChangelogJpaEntityProviderFactory {

    public static final String PROVIDER_ID = PlatformAuth.PREFIX + "-entity-token-store";
    /** Names Liquibase's history table of this module ({@code DATABASECHANGELOG_PLATFORM_A}). */
    static final String HISTORY_KEY = PlatformAuth.PREFIX + "-entity-tokens";
    static final String CHANGELOG = "META-INF/platform-auth-entity-tokens-changelog.xml";

    private static final Logger LOG = Logger.getLogger(EntityTokenJpaProviderFactory.class);

    public EntityTokenJpaProviderFactory() {
        super(PROVIDER_ID, HISTORY_KEY, CHANGELOG, List.of(EntityTokenEntity.class));
    }

    @Override
    protected void onProviderEvent(ProviderEvent event) {
        onEvent(event);
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof UserModel.UserRemovedEvent removed) {
            int count = em(removed.getKeycloakSession()).createNamedQuery("paDeleteEntityTokensByUser")
                    .setParameter("realmId", removed.getRealm().getId())
                    .setParameter("userId", removed.getUser().getId()).executeUpdate();
            LOG.debugf("user %s removed: %d entity token(s) deleted", removed.getUser().getId(), count);
        } else if (OrganizationRemovals.matches(event)) {
            OrganizationRemovals.onRemoved(event);
        } else if (event instanceof OrganizationModel.OrganizationMemberLeaveEvent left) {
            KeycloakSession session = left.getSession();
            EntityTokenSessions.end(session, new EntityTokenStore(session)
                    .ofMember(left.getOrganization().getId(), left.getUser().getId()));
            int count = em(session).createNamedQuery("paDeleteEntityTokenByMember")
                    .setParameter("entityId", left.getOrganization().getId())
                    .setParameter("userId", left.getUser().getId()).executeUpdate();
            LOG.debugf("user %s left organization %s: %d entity token(s) deleted", left.getUser().getId(),
                    left.getOrganization().getId(), count);
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            int count = em(removed.getKeycloakSession()).createNamedQuery("paDeleteEntityTokensByRealm")
                    .setParameter("realmId", removed.getRealm().getId()).executeUpdate();
            LOG.debugf("realm %s removed: %d entity token(s) deleted", removed.getRealm().getId(), count);
        }
    }

    static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
