package dev.platformauth.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The error bodies of the auth-service API, which speaks the FastAPI template's dialect
 * (docs/account-api.md): {@code {"detail", "error", "error_description"}}, and for invalid input 422
 * with pydantic's {@code detail} list.
 */
public final class FastApiErrors {

    private FastApiErrors() {
    }

    /** A JSON error with {@code status} and {@code error} whose {@code detail} is its {@code error_description}. */
    public static JsonNode assertError(HttpResult result, int status, String error) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.header("Content-Type")).as(result.toString()).startsWith("application/json");
        JsonNode body = result.json();
        assertThat(body.path("error").asText()).as(result.toString()).isEqualTo(error);
        assertThat(body.path("error_description").asText()).as(result.toString()).isNotBlank();
        assertThat(body.path("detail").isTextual()).as("a string detail: %s", result).isTrue();
        assertThat(body.path("detail").asText()).as(result.toString()).isEqualTo(body.path("error_description").asText());
        return body;
    }

    /** {@link #assertError} with the exact {@code detail} text. */
    public static JsonNode assertError(HttpResult result, int status, String error, String detail) {
        JsonNode body = assertError(result, status, error);
        assertThat(body.path("detail").asText()).as(result.toString()).isEqualTo(detail);
        return body;
    }

    /**
     * 422 {@code invalid_request} whose single {@code detail} entry has {@code type} at {@code loc}
     * (strings; a number stands for any number, as in {@code ["body", 0]} of malformed JSON); returns the entry.
     */
    public static JsonNode assertInvalid(HttpResult result, String type, Object... loc) {
        assertThat(result.status()).as(result.toString()).isEqualTo(422);
        assertThat(result.header("Content-Type")).as(result.toString()).startsWith("application/json");
        JsonNode body = result.json();
        assertThat(body.path("error").asText()).as(result.toString()).isEqualTo("invalid_request");
        assertThat(body.path("error_description").asText()).as(result.toString()).isNotBlank();
        assertThat(body.path("detail").isArray()).as("a detail list: %s", result).isTrue();
        assertThat(body.path("detail")).as(result.toString()).hasSize(1);
        JsonNode entry = body.path("detail").get(0);
        assertThat(entry.path("type").asText()).as(result.toString()).isEqualTo(type);
        assertThat(entry.has("msg") && entry.has("input")).as("msg and input: %s", result).isTrue();
        List<Object> actual = new ArrayList<>();
        entry.path("loc").forEach(part -> actual.add(part.isNumber() ? (Object) 0 : part.asText()));
        List<Object> expected = new ArrayList<>();
        for (Object part : loc) {
            expected.add(part instanceof Number ? (Object) 0 : part);
        }
        assertThat(actual).as(result.toString()).isEqualTo(expected);
        return entry;
    }

    /** A plain JSON error of the other APIs: {@code error} and {@code error_description}, no {@code detail}. */
    public static void assertPlainError(HttpResult result, int status, String error) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        JsonNode body = result.json();
        assertThat(body.path("error").asText()).as(result.toString()).isEqualTo(error);
        assertThat(body.path("error_description").asText()).as(result.toString()).isNotBlank();
        assertThat(body.has("detail")).as("no detail outside the auth-service API: %s", result).isFalse();
    }
}
