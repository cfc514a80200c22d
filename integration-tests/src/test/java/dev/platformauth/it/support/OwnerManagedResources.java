package dev.platformauth.it.support;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.AuthorizationResource;
import org.keycloak.representations.idm.authorization.ResourceRepresentation;
import org.keycloak.representations.idm.authorization.ResourceServerRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** User-managed access of Authorization Services: resources their owners share through the protection API's {@code uma-policy}. */
public final class OwnerManagedResources {

    private OwnerManagedResources() {
    }

    /** The Authorization Services of {@code clientId} (a resource server). */
    public static AuthorizationResource authorization(TestRealm realm, String clientId) {
        return realm.resource().clients().get(realm.client(clientId).getId()).authorization();
    }

    /**
     * Creates the owner-managed resource {@code name} (scope {@code read}) of the user {@code ownerId} on the resource
     * server {@code clientId}, with remote resource management allowed; returns the protection API's URL at which a
     * session of the owner shares it ({@code POST} a policy).
     */
    public static String create(TestRealm realm, String clientId, String name, String ownerId) {
        AuthorizationResource authorization = authorization(realm, clientId);
        ResourceServerRepresentation settings = authorization.getSettings();
        settings.setAllowRemoteResourceManagement(true);
        authorization.update(settings);
        ResourceRepresentation resource = new ResourceRepresentation(name, "read");
        resource.setOwner(ownerId);
        resource.setOwnerManagedAccess(true);
        try (Response created = authorization.resources().create(resource)) {
            assertThat(created.getStatus()).as("creating resource " + name).isEqualTo(201);
            return realm.url() + "/authz/protection/uma-policy/" + created.readEntity(ResourceRepresentation.class).getId();
        }
    }
}
