package dev.platformauth.common.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.utils.KeycloakSessionUtil;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class JsonErrorsTest {

    /** Makes {@code dialect} the current request's, as a resource does with {@link JsonErrors#useDialect}. */
    static void inDialect(JsonErrors.Dialect dialect) {
        KeycloakSession session = mock(KeycloakSession.class);
        when(session.getAttribute("platform-auth.error-dialect", JsonErrors.Dialect.class)).thenReturn(dialect);
        // ErrorResponseException marks the request's transaction for rollback
        when(session.getTransactionManager()).thenReturn(mock(KeycloakTransactionManager.class));
        KeycloakSessionUtil.setKeycloakSession(session);
    }

    @AfterEach
    void noSession() {
        KeycloakSessionUtil.setKeycloakSession(null);
    }

    /** The entity as the client reads it: JSON nodes made plain values, JSON nulls kept. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Response response) {
        return new ObjectMapper().convertValue(response.getEntity(), Map.class);
    }

    @Nested
    @DisplayName("error bodies")
    class Bodies {

        @Test
        @DisplayName("given no request dialect when an error is built then it is {error, error_description} only")
        void standard() {
            Response response = JsonErrors.response(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, "Nope");
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(body(response)).containsExactly(Map.entry("error", "forbidden"), Map.entry("error_description", "Nope"));
        }

        @Test
        @DisplayName("given the FastAPI dialect when an error is built then detail carries the description, before error and error_description")
        void fastApi() {
            inDialect(JsonErrors.Dialect.FASTAPI);
            Response response = JsonErrors.response(404, JsonErrors.NOT_FOUND, "User not found");
            assertThat(response.getStatus()).isEqualTo(404);
            assertThat(body(response)).containsExactly(Map.entry("detail", "User not found"),
                    Map.entry("error", "not_found"), Map.entry("error_description", "User not found"));
            assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        }

        @Test
        @DisplayName("given the FastAPI dialect when a 429 is built then Retry-After stays and detail is added")
        void tooManyRequests() {
            inDialect(JsonErrors.Dialect.FASTAPI);
            Response response = JsonErrors.tooManyRequests("Slow down", 7);
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("7");
            assertThat(body(response)).containsEntry("detail", "Slow down");
        }
    }

    @Nested
    @DisplayName("invalid input")
    class InvalidInput {

        private final InputError tooShort = InputError.tooShort(List.of("body", "password"), InputError.REDACTED, 8,
                "Field 'password' must have at least 8 characters");

        @Test
        @DisplayName("given no request dialect then 400 invalid_request with the description and no detail")
        void standard() {
            ErrorResponseException e = JsonErrors.invalidInput(tooShort);
            assertThat(e.getResponse().getStatus()).isEqualTo(400);
            assertThat(body(e.getResponse())).containsExactly(Map.entry("error", "invalid_request"),
                    Map.entry("error_description", "Field 'password' must have at least 8 characters"));
        }

        @Test
        @DisplayName("given the FastAPI dialect then 422 with pydantic's detail list, error and error_description")
        void fastApi() {
            inDialect(JsonErrors.Dialect.FASTAPI);
            ErrorResponseException e = JsonErrors.invalidInput(tooShort);
            assertThat(e.getResponse().getStatus()).isEqualTo(422);
            Map<String, Object> body = body(e.getResponse());
            assertThat(body.keySet()).containsExactly("detail", "error", "error_description");
            assertThat(body.get("error")).isEqualTo("invalid_request");
            assertThat(body.get("detail")).isEqualTo(List.of(Map.of(
                    "type", "string_too_short",
                    "loc", List.of("body", "password"),
                    "msg", "String should have at least 8 characters",
                    "input", "[redacted]",
                    "ctx", Map.of("min_length", 8))));
        }

        @Test
        @DisplayName("given an error without context then the entry has type, loc, msg and input only")
        void withoutContext() {
            Map<String, Object> entry = InputError.missing(List.of("body", "email"), null, "Missing required field 'email'").toJson();
            assertThat(entry.keySet()).containsExactly("type", "loc", "msg", "input");
            assertThat(entry).containsEntry("type", "missing").containsEntry("msg", "Field required");
            assertThat(entry.get("input")).as("a JSON null, which serializers that leave out nulls still write")
                    .isEqualTo(com.fasterxml.jackson.databind.node.NullNode.getInstance());
        }
    }
}
