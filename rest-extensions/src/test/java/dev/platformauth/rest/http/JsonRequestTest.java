package dev.platformauth.rest.http;

import dev.platformauth.common.error.JsonErrors;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.utils.KeycloakSessionUtil;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class JsonRequestTest {

    private final HttpHeaders json = mock(HttpHeaders.class);

    @BeforeEach
    void jsonContent() {
        when(json.getMediaType()).thenReturn(MediaType.APPLICATION_JSON_TYPE);
    }

    @AfterEach
    void noSession() {
        KeycloakSessionUtil.setKeycloakSession(null);
    }

    private JsonRequest read(String body) {
        return JsonRequest.read(json, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The single entry of the 422 detail list the call throws. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(Runnable call) {
        ErrorResponseException e = catchThrowableOfType(call::run, ErrorResponseException.class);
        assertThat(e).as("the call throws").isNotNull();
        assertThat(e.getResponse().getStatus()).isEqualTo(422);
        Map<String, Object> body = JsonErrorBodies.body(e.getResponse());
        assertThat(body).containsEntry("error", "invalid_request").containsKey("error_description");
        List<Map<String, Object>> detail = (List<Map<String, Object>>) body.get("detail");
        assertThat(detail).hasSize(1);
        return detail.get(0);
    }

    @Nested
    @DisplayName("given the FastAPI dialect")
    class FastApi {

        @BeforeEach
        void fastApi() {
            JsonErrorBodies.inDialect(JsonErrors.Dialect.FASTAPI);
        }

        @Test
        @DisplayName("when a field is missing then 'missing' at body.<field>, its input the body with secrets redacted")
        void missing() {
            JsonRequest request = read("{\"email\":\"a@example.test\",\"current_password\":\"hunter22\"}");
            Map<String, Object> entry = detail(() -> request.requiredString("new_password", 8, 256));
            assertThat(entry).containsEntry("type", "missing").containsEntry("loc", List.of("body", "new_password"))
                    .containsEntry("msg", "Field required")
                    .containsEntry("input", Map.of("email", "a@example.test", "current_password", "[redacted]"));
        }

        @Test
        @DisplayName("when a string field holds a number then 'string_type' with the number as input")
        void stringType() {
            Map<String, Object> entry = detail(() -> read("{\"full_name\":7}").optionalString("full_name", 255));
            assertThat(entry).containsEntry("type", "string_type").containsEntry("msg", "Input should be a valid string")
                    .containsEntry("input", 7);
        }

        @Test
        @DisplayName("when a password is shorter than the minimum then 'string_too_short' with ctx.min_length, never echoing it")
        void tooShort() {
            Map<String, Object> entry = detail(() -> read("{\"password\":\"short\"}").requiredString("password", 8, 256));
            assertThat(entry).containsEntry("type", "string_too_short")
                    .containsEntry("msg", "String should have at least 8 characters")
                    .containsEntry("ctx", Map.of("min_length", 8))
                    .containsEntry("input", "[redacted]");
        }

        @Test
        @DisplayName("when a string is too long then 'string_too_long' with ctx.max_length")
        void tooLong() {
            Map<String, Object> entry = detail(() -> read("{\"full_name\":\"" + "x".repeat(256) + "\"}").optionalString("full_name", 255));
            assertThat(entry).containsEntry("type", "string_too_long").containsEntry("ctx", Map.of("max_length", 255))
                    .containsEntry("msg", "String should have at most 255 characters");
        }

        @ParameterizedTest
        @CsvSource({
                "no-at-sign, An email address must have an @-sign.",
                "@example.test, There must be something before the @-sign.",
                "ann@, There must be something after the @-sign.",
                "ann@@example.test, The email address is not valid."})
        @DisplayName("when an email is not an address then 'value_error' with pydantic's message and the reason")
        void badEmail(String email, String reason) {
            Map<String, Object> entry = detail(() -> read("{\"email\":\"" + email + "\"}").requiredEmail("email"));
            assertThat(entry).containsEntry("type", "value_error").containsEntry("loc", List.of("body", "email"))
                    .containsEntry("msg", "value is not a valid email address: " + reason)
                    .containsEntry("input", email).containsEntry("ctx", Map.of("reason", reason));
        }

        @Test
        @DisplayName("when a flag is not a boolean then 'bool_type'")
        void boolType() {
            Map<String, Object> entry = detail(() -> read("{\"is_active\":\"yes\"}").optionalBoolean("is_active"));
            assertThat(entry).containsEntry("type", "bool_type").containsEntry("msg", "Input should be a valid boolean");
        }

        @Test
        @DisplayName("when the body is not JSON then 'json_invalid' at body.<offset>")
        void malformed() {
            Map<String, Object> entry = detail(() -> read("{\"email\": "));
            assertThat(entry).containsEntry("type", "json_invalid").containsEntry("msg", "JSON decode error");
            assertThat((List<?>) entry.get("loc")).first().isEqualTo("body");
            assertThat((List<?>) entry.get("loc")).hasSize(2);
        }

        @Test
        @DisplayName("when the body is an array then 'model_attributes_type'; when it is empty then 'missing' at body")
        void notAnObject() {
            assertThat(detail(() -> read("[1]"))).containsEntry("type", "model_attributes_type").containsEntry("loc", List.of("body"));
            assertThat(detail(() -> read(" "))).containsEntry("type", "missing").containsEntry("loc", List.of("body"));
        }
    }

    @Nested
    @DisplayName("given no dialect (sentinel, entities)")
    class Standard {

        private void refusedWith(Runnable call, String description) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                assertThat(e.getResponse().getStatus()).isEqualTo(400);
                assertThat(JsonErrorBodies.body(e.getResponse())).containsExactly(Map.entry("error", "invalid_request"),
                        Map.entry("error_description", description));
            });
        }

        @Test
        @DisplayName("then every failure is 400 invalid_request with its sentence, as before")
        void asBefore() {
            refusedWith(() -> read("{}").requiredString("username"), "Missing required field 'username'");
            refusedWith(() -> read("{\"username\":\" \"}").requiredString("username"), "Missing required field 'username'");
            refusedWith(() -> read("{\"username\":1}").requiredString("username"), "Field 'username' must be a string");
            refusedWith(() -> read("{\"email\":\"x\"}").requiredEmail("email"), "Field 'email' must be an email address");
            refusedWith(() -> read("{\"email\": "), "The request body is not valid JSON");
            refusedWith(() -> read("[]"), "The request body must be a JSON object");
            refusedWith(() -> read(""), "The request body is empty");
        }

        @Test
        @DisplayName("then valid fields are read, trimmed where they are addresses")
        void valid() {
            JsonRequest request = read("{\"email\":\" ann@example.test \",\"password\":\"long-enough\",\"on\":true}");
            assertThat(request.requiredEmail("email")).isEqualTo("ann@example.test");
            assertThat(request.requiredString("password", 8, 256)).isEqualTo("long-enough");
            assertThat(request.optionalBoolean("on")).contains(true);
            assertThat(request.optionalBoolean("off")).isEmpty();
            assertThat(request.optionalEmail("other")).isEmpty();
        }
    }
}
