package dev.platformauth.rest.entitytoken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entity-token API's token JSON: {@code id, entityId, userId, authenticationToken} (only right after
 * create and refresh) {@code , prefix, expiry, flags, createdAt, lastUsedAt}; times are ISO-8601 UTC,
 * {@code null} when unset. Also the admin-event representation (never with the secret).
 */
final class EntityTokenView {

    /** Unlike Keycloak's mapper, keeps null fields: the contract lists {@code expiry: null} and {@code lastUsedAt: null}. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private EntityTokenView() {
    }

    /** The JSON text of a token view or a list of them, nulls included. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an entity token", e);
        }
    }

    static Map<String, Object> of(EntityTokenEntity token) {
        return of(token, null);
    }

    static Map<String, Object> of(EntityTokenEntity token, String secret) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", token.getId());
        json.put("entityId", token.getEntityId());
        json.put("userId", token.getUserId());
        if (secret != null) {
            json.put("authenticationToken", secret);
        }
        json.put("prefix", token.getPrefix());
        json.put("expiry", iso(token.getExpiresAt()));
        json.put("flags", EntityTokenStore.readFlags(token));
        json.put("createdAt", iso(token.getCreatedAt()));
        json.put("lastUsedAt", iso(token.getLastUsedAt()));
        return json;
    }

    static String iso(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
