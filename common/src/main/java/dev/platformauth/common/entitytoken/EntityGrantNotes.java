package dev.platformauth.common.entitytoken;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.platformauth.common.PlatformAuth;
import org.keycloak.models.UserSessionModel;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The user-session notes the entity-token grant leaves on the sessions it opens: which entity token
 * opened the session, its entity and its flags. The token mapper (which cannot see the entity-token
 * store) reads them to put {@code entity} and {@code flags} into the platform token; the refresh
 * routes and the revocation cascade find grant sessions by them. See {@code docs/entity-tokens.md}.
 */
public final class EntityGrantNotes {

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };

    /** What a grant session was opened with. */
    public record Grant(String tokenId, String entityId, List<String> flags) {
    }

    private EntityGrantNotes() {
    }

    /** Marks {@code userSession} as opened by the entity token {@code grant.tokenId()}. */
    public static void write(UserSessionModel userSession, Grant grant) {
        userSession.setNote(PlatformAuth.ENTITY_TOKEN_SESSION_NOTE, grant.tokenId());
        userSession.setNote(PlatformAuth.ENTITY_TOKEN_ENTITY_NOTE, grant.entityId());
        try {
            userSession.setNote(PlatformAuth.ENTITY_TOKEN_FLAGS_NOTE, JsonSerialization.writeValueAsString(grant.flags()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise entity-token flags", e);
        }
    }

    /** The grant that opened {@code userSession}; empty for every other session. */
    public static Optional<Grant> read(UserSessionModel userSession) {
        String tokenId = userSession.getNote(PlatformAuth.ENTITY_TOKEN_SESSION_NOTE);
        if (tokenId == null) {
            return Optional.empty();
        }
        return Optional.of(new Grant(tokenId, userSession.getNote(PlatformAuth.ENTITY_TOKEN_ENTITY_NOTE),
                flags(userSession.getNote(PlatformAuth.ENTITY_TOKEN_FLAGS_NOTE))));
    }

    /** Whether {@code userSession} was opened by the entity-token grant. */
    static boolean isGrantSession(UserSessionModel userSession) {
        return userSession.getNote(PlatformAuth.ENTITY_TOKEN_SESSION_NOTE) != null;
    }

    static List<String> flags(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            List<String> flags = JsonSerialization.mapper.readValue(json, STRING_LIST);
            return flags == null ? List.of() : flags.stream().filter(Objects::nonNull).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
