package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.compat.KeycloakLine;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.provider.ProviderEvent;

/**
 * A removed organization takes its entity tokens and the sessions their grant opened with it. Reads
 * Keycloak 26.7's organization-removed event; the only class of the bundle that names it, and loaded
 * only where the server has that event, so older lines never link against it (they end the same
 * tokens through the member-leaving events that precede a removal there).
 */
final class OrganizationRemovals {

    private static final Logger LOG = Logger.getLogger(OrganizationRemovals.class);
    private static final String EVENT = "org.keycloak.models.OrganizationModel$OrganizationRemovedEvent";
    private static final Class<?> EVENT_CLASS = KeycloakLine.findClass(EVENT).orElse(null);

    private OrganizationRemovals() {
    }

    /** Whether {@code event} is an organization-removed event (never on lines without one). */
    static boolean matches(ProviderEvent event) {
        return EVENT_CLASS != null && EVENT_CLASS.isInstance(event);
    }

    /** Ends the organization's entity-token sessions and deletes its tokens; {@code event} {@link #matches}. */
    static void onRemoved(ProviderEvent event) {
        Removal.of(event);
    }

    /** Names the 26.7 event class; loaded on first use only. */
    private static final class Removal {

        static void of(ProviderEvent event) {
            OrganizationModel.OrganizationRemovedEvent removed = (OrganizationModel.OrganizationRemovedEvent) event;
            KeycloakSession session = removed.getKeycloakSession();
            String organizationId = removed.getOrganization().getId();
            EntityTokenSessions.end(session, new EntityTokenStore(session).ofEntity(organizationId));
            int count = EntityTokenJpaProviderFactory.em(session).createNamedQuery("paDeleteEntityTokensByEntity")
                    .setParameter("entityId", organizationId).executeUpdate();
            LOG.debugf("organization %s removed: %d entity token(s) deleted", organizationId, count);
        }
    }
}
