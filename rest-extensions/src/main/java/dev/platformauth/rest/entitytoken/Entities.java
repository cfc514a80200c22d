package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.error.JsonErrors;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

/** Entities are the realm's Keycloak Organizations, named by id or alias. */
final class Entities {

    private Entities() {
    }

    /** The organizations of the realm, or null when the realm has the feature off. */
    static OrganizationProvider organizations(KeycloakSession session) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        return organizations == null || !organizations.isEnabled() ? null : organizations;
    }

    /** The organization with this id or alias; 404 {@code not_found} when there is none. */
    static OrganizationModel require(KeycloakSession session, String idOrAlias) {
        OrganizationModel organization = find(session, idOrAlias);
        if (organization == null) {
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND, "Unknown entity");
        }
        return organization;
    }

    /** The organization with this id or alias, or null. */
    static OrganizationModel find(KeycloakSession session, String idOrAlias) {
        OrganizationProvider organizations = organizations(session);
        if (organizations == null || idOrAlias == null || idOrAlias.isBlank() || idOrAlias.length() > 255) {
            return null;
        }
        OrganizationModel organization = organizations.getById(idOrAlias);
        return organization != null ? organization : organizations.getByAlias(idOrAlias);
    }

    static boolean isMember(KeycloakSession session, OrganizationModel organization, org.keycloak.models.UserModel user) {
        OrganizationProvider organizations = organizations(session);
        return organizations != null && organizations.isMember(organization, user);
    }
}
