package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.error.JsonErrors;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.List;
import java.util.Map;

/**
 * {@code /admin/realms/{realm}/platform-auth-entity-tokens}: realm admins list tokens (view-realm) and
 * revoke them (manage-realm), per organization ({@code entity}, id or alias) and/or user. Metadata
 * only, never a secret; every revocation ends the token's grant sessions ({@link EntityTokenSessions})
 * and is an admin event.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class EntityTokenAdminResource {

    static final int MAX_RESULTS = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    EntityTokenAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** Tokens of the realm, filtered by {@code entity} and/or {@code user}, oldest first. */
    @GET
    public Response list(@QueryParam("entity") String entity, @QueryParam("user") String user,
                                          @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        if (!auth.realm().canViewRealm()) {
            throw forbidden();
        }
        int from = first == null ? 0 : first;
        int size = max == null ? 100 : max;
        if (from < 0 || size < 1 || size > MAX_RESULTS) {
            throw JsonErrors.badRequest("'first' must be 0 or more and 'max' between 1 and " + MAX_RESULTS);
        }
        List<Map<String, Object>> tokens = new EntityTokenStore(session)
                .list(realm.getId(), entityId(entity), blankToNull(user), from, size)
                .stream().map(EntityTokenView::of).toList();
        return Response.ok(EntityTokenView.json(tokens), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Revokes every token of the {@code entity} and/or {@code user} (at least one is required). */
    @DELETE
    public Map<String, Object> revokeAll(@QueryParam("entity") String entity, @QueryParam("user") String user) {
        requireManage();
        String entityId = entityId(entity);
        String userId = blankToNull(user);
        if (entityId == null && userId == null) {
            throw JsonErrors.badRequest("Name the 'entity' and/or the 'user' whose tokens to revoke");
        }
        EntityTokenStore store = new EntityTokenStore(session);
        List<EntityTokenEntity> tokens = store.list(realm.getId(), entityId, userId, 0, Integer.MAX_VALUE);
        tokens.forEach(token -> revoke(store, token));
        return Map.of("revoked", tokens.size());
    }

    /** Revokes one token by its id; 204. */
    @DELETE
    @Path("{tokenId}")
    public Response revoke(@PathParam("tokenId") String tokenId) {
        requireManage();
        EntityTokenStore store = new EntityTokenStore(session);
        EntityTokenEntity token = tokenId == null || tokenId.length() > 36 ? null : store.findById(realm.getId(), tokenId);
        if (token == null) {
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND, "Unknown token");
        }
        revoke(store, token);
        return Response.noContent().build();
    }

    private void revoke(EntityTokenStore store, EntityTokenEntity token) {
        Map<String, Object> representation = EntityTokenView.of(token);
        store.delete(token);
        EntityTokenSessions.end(session, token);
        adminEvent.operation(OperationType.DELETE).resource(EntityTokens.RESOURCE_TYPE)
                .resourcePath(EntityTokens.path(token)).representation(representation).success();
    }

    private String entityId(String entity) {
        if (blankToNull(entity) == null) {
            return null;
        }
        OrganizationModel organization = Entities.require(session, entity.trim());
        return organization.getId();
    }

    private void requireManage() {
        if (!auth.realm().canManageRealm()) {
            throw forbidden();
        }
    }

    private static RuntimeException forbidden() {
        return JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, "Realm administrators only");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
