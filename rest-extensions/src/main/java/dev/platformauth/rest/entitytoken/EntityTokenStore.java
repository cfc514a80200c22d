package dev.platformauth.rest.entitytoken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.platformauth.common.error.JsonErrors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

import java.util.List;

/**
 * Reads and writes {@link EntityTokenEntity} rows through Keycloak's entity manager, in the request's
 * transaction. {@link #touch} is the only write on use, and it writes at most once per
 * {@link #TOUCH_INTERVAL_MILLIS} per token (a conditional update, so it holds across cluster nodes).
 */
final class EntityTokenStore {

    static final long TOUCH_INTERVAL_MILLIS = 60_000;
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };

    private final EntityManager em;

    EntityTokenStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    EntityTokenEntity find(String realmId, String entityId, String userId) {
        return em.createNamedQuery("paEntityTokenByOwner", EntityTokenEntity.class)
                .setParameter("realmId", realmId).setParameter("entityId", entityId).setParameter("userId", userId)
                .getResultStream().findFirst().orElse(null);
    }

    EntityTokenEntity findByHash(String secretHash) {
        return em.createNamedQuery("paEntityTokenByHash", EntityTokenEntity.class)
                .setParameter("secretHash", secretHash).getResultStream().findFirst().orElse(null);
    }

    EntityTokenEntity findById(String realmId, String id) {
        EntityTokenEntity token = em.find(EntityTokenEntity.class, id);
        return token != null && token.getRealmId().equals(realmId) ? token : null;
    }

    /** Every token of the entity (organization id; ids are unique across realms). */
    List<EntityTokenEntity> ofEntity(String entityId) {
        return em.createNamedQuery("paEntityTokensOfEntity", EntityTokenEntity.class)
                .setParameter("entityId", entityId).getResultList();
    }

    /** The token (at most one per realm) of {@code userId} in the entity. */
    List<EntityTokenEntity> ofMember(String entityId, String userId) {
        return em.createNamedQuery("paEntityTokensOfMember", EntityTokenEntity.class)
                .setParameter("entityId", entityId).setParameter("userId", userId).getResultList();
    }

    /** Tokens of the realm, optionally of one entity and/or one user, oldest first. */
    List<EntityTokenEntity> list(String realmId, String entityId, String userId, int first, int max) {
        StringBuilder query = new StringBuilder("select t from EntityTokenEntity t where t.realmId = :realmId");
        if (entityId != null) {
            query.append(" and t.entityId = :entityId");
        }
        if (userId != null) {
            query.append(" and t.userId = :userId");
        }
        query.append(" order by t.createdAt, t.id");
        var typed = em.createQuery(query.toString(), EntityTokenEntity.class).setParameter("realmId", realmId);
        if (entityId != null) {
            typed.setParameter("entityId", entityId);
        }
        if (userId != null) {
            typed.setParameter("userId", userId);
        }
        return typed.setFirstResult(first).setMaxResults(max).getResultList();
    }

    /** Stores a new token; 409 when the owner already has one (also when a concurrent request won). */
    EntityTokenEntity create(String realmId, String entityId, String userId, String secret, EntityTokenInput input, long now) {
        EntityTokenEntity token = new EntityTokenEntity();
        token.setId(KeycloakModelUtils.generateId());
        token.setRealmId(realmId);
        token.setEntityId(entityId);
        token.setUserId(userId);
        token.setSecretHash(EntityTokenSecrets.hash(secret));
        token.setPrefix(EntityTokenSecrets.displayPrefix(secret));
        token.setFlags(writeFlags(input.flags()));
        token.setCreatedAt(now);
        token.setExpiresAt(input.expiresAt());
        try {
            em.persist(token);
            em.flush();
        } catch (PersistenceException | ModelDuplicateException e) {
            // Keycloak converts the unique-constraint violation into ModelDuplicateException
            throw conflict();
        }
        return token;
    }

    void rotate(EntityTokenEntity token, String secret) {
        token.setSecretHash(EntityTokenSecrets.hash(secret));
        token.setPrefix(EntityTokenSecrets.displayPrefix(secret));
        em.flush();
    }

    void update(EntityTokenEntity token, EntityTokenInput input) {
        if (input.expirySet()) {
            token.setExpiresAt(input.expiresAt());
        }
        if (input.flagsSet()) {
            token.setFlags(writeFlags(input.flags()));
        }
        em.flush();
    }

    void delete(EntityTokenEntity token) {
        em.remove(token);
        em.flush();
    }

    /** Records a use at {@code now} unless one was recorded less than a minute ago; true when it wrote. */
    boolean touch(EntityTokenEntity token, long now) {
        Long last = token.getLastUsedAt();
        if (last != null && now - last < TOUCH_INTERVAL_MILLIS) {
            return false;
        }
        int updated = em.createNamedQuery("paTouchEntityToken")
                .setParameter("now", now).setParameter("before", now - TOUCH_INTERVAL_MILLIS)
                .setParameter("id", token.getId()).executeUpdate();
        if (updated > 0) {
            token.setLastUsedAt(now);
        }
        return updated > 0;
    }

    static List<String> readFlags(EntityTokenEntity token) {
        if (token.getFlags() == null || token.getFlags().isBlank()) {
            return List.of();
        }
        try {
            return JsonSerialization.mapper.readValue(token.getFlags(), STRING_LIST);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static String writeFlags(List<String> flags) {
        try {
            return JsonSerialization.mapper.writeValueAsString(flags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise flags", e);
        }
    }

    static jakarta.ws.rs.WebApplicationException conflict() {
        return JsonErrors.exception(Response.Status.CONFLICT, JsonErrors.CONFLICT,
                "This user already has an authentication token for this entity");
    }
}
