package dev.platformauth.common.entitytoken;

import dev.platformauth.common.PlatformAuth;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserSessionModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class EntityGrantNotesTest {

    /** A user session whose notes live in a map. */
    private static UserSessionModel session(Map<String, String> notes) {
        UserSessionModel userSession = mock(UserSessionModel.class);
        when(userSession.getNote(anyString())).thenAnswer(call -> notes.get(call.<String>getArgument(0)));
        doAnswer(call -> notes.put(call.getArgument(0), call.getArgument(1))).when(userSession).setNote(anyString(), anyString());
        return userSession;
    }

    @Test
    @DisplayName("given a grant when written and read back then id, entity and flags come out the same")
    void roundTrip() {
        Map<String, String> notes = new HashMap<>();
        UserSessionModel userSession = session(notes);
        EntityGrantNotes.write(userSession, new EntityGrantNotes.Grant("token-1", "org-1", List.of("read", "write")));
        assertThat(notes).containsEntry(PlatformAuth.ENTITY_TOKEN_SESSION_NOTE, "token-1")
                .containsEntry(PlatformAuth.ENTITY_TOKEN_ENTITY_NOTE, "org-1")
                .containsEntry(PlatformAuth.ENTITY_TOKEN_FLAGS_NOTE, "[\"read\",\"write\"]");
        assertThat(EntityGrantNotes.read(userSession)).contains(new EntityGrantNotes.Grant("token-1", "org-1", List.of("read", "write")));
        assertThat(EntityGrantNotes.isGrantSession(userSession)).isTrue();
    }

    @Test
    @DisplayName("given a session without the token note when read then it is no grant session")
    void otherSessions() {
        UserSessionModel userSession = session(new HashMap<>(Map.of(PlatformAuth.ENTITY_TOKEN_ENTITY_NOTE, "org-1")));
        assertThat(EntityGrantNotes.read(userSession)).isEmpty();
        assertThat(EntityGrantNotes.isGrantSession(userSession)).isFalse();
    }

    @Test
    @DisplayName("given missing or unreadable flags when read then they are empty; nulls are dropped")
    void flags() {
        assertThat(EntityGrantNotes.flags(null)).isEmpty();
        assertThat(EntityGrantNotes.flags("")).isEmpty();
        assertThat(EntityGrantNotes.flags("not json")).isEmpty();
        assertThat(EntityGrantNotes.flags("{\"a\":1}")).isEmpty();
        assertThat(EntityGrantNotes.flags("[\"a\",null,\"b\"]")).containsExactly("a", "b");
    }
}
