package dev.platformauth.rest.entitytoken;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.util.JsonSerialization;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityTokenInputTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static EntityTokenInput parse(String json) throws Exception {
        return EntityTokenInput.parse(JsonSerialization.mapper.readTree(json), NOW);
    }

    private static int status(ErrorResponseException e) {
        return e.getResponse().getStatus();
    }

    @Nested
    @DisplayName("given valid bodies")
    class Valid {

        @Test
        @DisplayName("when expiry has an offset then it is stored as that instant")
        void expiryWithOffset() throws Exception {
            EntityTokenInput input = parse("{\"expiry\":\"2027-01-01T02:00:00+02:00\"}");
            assertThat(input.expirySet()).isTrue();
            assertThat(input.expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli());
            assertThat(input.flagsSet()).isFalse();
        }

        @Test
        @DisplayName("when flags repeat then they are kept once, in order")
        void flagsDeduplicated() throws Exception {
            EntityTokenInput input = parse("{\"flags\":[\"read\",\"write:all\",\"read\",\"a.b-c_d\"]}");
            assertThat(input.flags()).containsExactly("read", "write:all", "a.b-c_d");
        }

        @Test
        @DisplayName("when values are null then expiry is cleared and flags emptied")
        void nullsClear() throws Exception {
            EntityTokenInput input = parse("{\"expiry\":null,\"flags\":null}");
            assertThat(input.expirySet()).isTrue();
            assertThat(input.expiresAt()).isNull();
            assertThat(input.flagsSet()).isTrue();
            assertThat(input.flags()).isEmpty();
            assertThat(input.isEmpty()).isFalse();
        }

        @Test
        @DisplayName("when the body is empty then nothing is set")
        void empty() throws Exception {
            assertThat(parse("{}").isEmpty()).isTrue();
        }

        @Test
        @DisplayName("when there are exactly 32 flags of 64 characters then they are accepted")
        void limits() throws Exception {
            StringBuilder flags = new StringBuilder();
            for (int i = 0; i < 32; i++) {
                flags.append(i == 0 ? "" : ",").append('"').append(String.format("%02d", i)).append("x".repeat(62)).append('"');
            }
            assertThat(parse("{\"flags\":[" + flags + "]}").flags()).hasSize(32);
        }
    }

    @Nested
    @DisplayName("given invalid bodies")
    class Invalid {

        @ParameterizedTest
        @ValueSource(strings = {
                "{\"expiry\":\"2026-11-23T12:00:00Z\"}",
                "{\"expiry\":\"2020-01-01T00:00:00Z\"}",
                "{\"expiry\":\"2027-01-01\"}",
                "{\"expiry\":\"2027-01-01T00:00:00\"}",
                "{\"expiry\":\"soon\"}",
                "{\"expiry\":\"+999999999-12-31T23:59:59Z\"}",
                "{\"expiry\":\"+10000-01-01T00:00:00Z\"}",
                "{\"expiry\":1700000000}",
                "{\"expiry\":true}",
                "{\"flags\":\"read\"}",
                "{\"flags\":{\"a\":1}}",
                "{\"flags\":[1]}",
                "{\"flags\":[null]}",
                "{\"flags\":[\"\"]}",
                "{\"flags\":[\"with space\"]}",
                "{\"flags\":[\"ünïcode\"]}",
                "{\"other\":1}"
        })
        @DisplayName("when parsed then 400 invalid_request")
        void refused(String json) {
            assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(ErrorResponseException.class,
                    e -> assertThat(status(e)).isEqualTo(400));
        }

        @Test
        @DisplayName("when there are 33 flags or a flag of 65 characters then 400")
        void overLimits() {
            StringBuilder flags = new StringBuilder();
            for (int i = 0; i < 33; i++) {
                flags.append(i == 0 ? "" : ",").append("\"f").append(i).append('"');
            }
            assertThatThrownBy(() -> parse("{\"flags\":[" + flags + "]}")).isInstanceOf(ErrorResponseException.class);
            assertThatThrownBy(() -> parse("{\"flags\":[\"" + "x".repeat(65) + "\"]}")).isInstanceOf(ErrorResponseException.class);
        }

        @Test
        @DisplayName("when an unknown field has a long or odd name then the message quotes a short printable form")
        void unknownFieldMessage() {
            assertThatThrownBy(() -> parse("{\"" + "\\u0000".repeat(3) + "y".repeat(100) + "\":1}"))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        @SuppressWarnings("unchecked")
                        Map<String, String> body = (Map<String, String>) e.getResponse().getEntity();
                        assertThat(body.get("error_description")).contains("???").hasSizeLessThan(120);
                    });
        }
    }

    @Test
    @DisplayName("given a parsed JSON node helper when the body is not an object then parse is never reached")
    void objectNodesOnly() throws Exception {
        JsonNode node = JsonSerialization.mapper.readTree("{\"flags\":[]}");
        assertThat(EntityTokenInput.parse(node, NOW).flags()).isEmpty();
    }
}
