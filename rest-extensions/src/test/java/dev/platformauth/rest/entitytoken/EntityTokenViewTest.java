package dev.platformauth.rest.entitytoken;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EntityTokenViewTest {

    private static EntityTokenEntity token() {
        EntityTokenEntity token = new EntityTokenEntity();
        token.setId("t1");
        token.setEntityId("org1");
        token.setUserId("u1");
        token.setPrefix("pae_abcdefgh");
        token.setSecretHash("0".repeat(64));
        token.setFlags("[\"read\",\"write\"]");
        token.setCreatedAt(Instant.parse("2026-11-23T12:00:00.123Z").toEpochMilli());
        return token;
    }

    @Test
    @DisplayName("given a token without expiry or use when shown then every field is present, unset ones null, times ISO-8601")
    void metadata() {
        String json = EntityTokenView.json(EntityTokenView.of(token()));
        assertThat(json).isEqualTo("{\"id\":\"t1\",\"entityId\":\"org1\",\"userId\":\"u1\",\"prefix\":\"pae_abcdefgh\","
                + "\"expiry\":null,\"flags\":[\"read\",\"write\"],\"createdAt\":\"2026-11-23T12:00:00.123Z\",\"lastUsedAt\":null}");
        assertThat(json).doesNotContain("authenticationToken").doesNotContain("0000000000");
    }

    @Test
    @DisplayName("given a fresh secret when shown then it is there, after the user id")
    void withSecret() {
        EntityTokenEntity token = token();
        token.setExpiresAt(Instant.parse("2027-01-31T12:00:00Z").toEpochMilli());
        Map<String, Object> view = EntityTokenView.of(token, "pae_secret");
        assertThat(view.keySet()).containsExactly("id", "entityId", "userId", "authenticationToken", "prefix", "expiry",
                "flags", "createdAt", "lastUsedAt");
        assertThat(view.get("expiry")).isEqualTo("2027-01-31T12:00:00Z");
    }

    @Test
    @DisplayName("given unreadable stored flags when shown then the list is empty rather than an error")
    void unreadableFlags() {
        EntityTokenEntity token = token();
        token.setFlags("not json");
        assertThat(EntityTokenStore.readFlags(token)).isEmpty();
        token.setFlags(null);
        assertThat(EntityTokenStore.readFlags(token)).isEmpty();
    }
}
