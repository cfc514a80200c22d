package dev.platformauth.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.util.JsonSerialization;
import org.keycloak.utils.EmailValidationUtil;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * The one place that reads and validates JSON request bodies: content type (415), size (413), syntax,
 * shape and field types (400). Every failure is a JSON error of {@link JsonErrors}, never a 5xx.
 */
public final class JsonRequest {

    /** The largest accepted body. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** The longest accepted string field unless a caller says otherwise. */
    public static final int MAX_FIELD_LENGTH = 1024;

    private final JsonNode body;

    private JsonRequest(JsonNode body) {
        this.body = body;
    }

    /** Reads a JSON object body; throws the matching JSON error when it is not one. */
    public static JsonRequest read(HttpHeaders headers, InputStream input) {
        requireJsonContentType(headers);
        byte[] bytes = readLimited(input);
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw JsonErrors.badRequest("The request body is empty");
        }
        JsonNode node;
        try {
            node = JsonSerialization.mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw JsonErrors.badRequest("The request body is not valid JSON");
        } catch (IOException e) {
            throw JsonErrors.badRequest("The request body could not be read");
        }
        if (node == null || !node.isObject()) {
            throw JsonErrors.badRequest("The request body must be a JSON object");
        }
        return new JsonRequest(node);
    }

    static void requireJsonContentType(HttpHeaders headers) {
        MediaType type = headers == null ? null : headers.getMediaType();
        if (type == null || !isJson(type)) {
            throw JsonErrors.exception(Response.Status.UNSUPPORTED_MEDIA_TYPE, JsonErrors.UNSUPPORTED_MEDIA_TYPE,
                    "The request body must be application/json");
        }
    }

    private static boolean isJson(MediaType type) {
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return "application".equalsIgnoreCase(type.getType()) && ("json".equals(subtype) || subtype.endsWith("+json"));
    }

    private static byte[] readLimited(InputStream input) {
        if (input == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = input.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw JsonErrors.exception(413, JsonErrors.REQUEST_TOO_LARGE,
                        "The request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw JsonErrors.badRequest("The request body could not be read");
        }
    }

    /** A required, non-blank string field of at most {@link #MAX_FIELD_LENGTH} characters. */
    public String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> JsonErrors.badRequest("Missing required field '" + field + "'"));
    }

    /** An optional string field: absent or null is empty; any other non-string type is a 400. */
    public Optional<String> optionalString(String field) {
        return optionalString(field, MAX_FIELD_LENGTH);
    }

    public Optional<String> optionalString(String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw JsonErrors.badRequest("Field '" + field + "' must be a string");
        }
        String text = value.asText();
        if (text.length() > maxLength) {
            throw JsonErrors.badRequest("Field '" + field + "' is longer than " + maxLength + " characters");
        }
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** A required field holding a syntactically valid email address, trimmed. */
    public String requiredEmail(String field) {
        String email = requiredString(field).trim();
        if (email.length() > 254 || !EmailValidationUtil.isValidEmail(email)) {
            throw JsonErrors.badRequest("Field '" + field + "' must be an email address");
        }
        return email;
    }

    /** The parsed body, for fields of other types. */
    public JsonNode body() {
        return body;
    }
}
