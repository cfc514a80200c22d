package dev.platformauth.rest.http;

import dev.platformauth.common.error.InputError;
import dev.platformauth.common.error.JsonErrors;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.util.JsonSerialization;
import org.keycloak.utils.EmailValidationUtil;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that reads and validates JSON request bodies: content type (415), size (413), syntax,
 * shape and field types. Every failure is a JSON error of {@link JsonErrors}, never a 5xx; invalid
 * input is an {@link InputError} (400, or 422 in the FastAPI dialect) whose {@code input} never
 * echoes the value of a secret field ({@link #isSecret}).
 */
public final class JsonRequest {

    /** The largest accepted body. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /** The longest accepted string field unless a caller says otherwise. */
    public static final int MAX_FIELD_LENGTH = 1024;

    /** The longest email address (RFC 5321 allows 254; 255 is the longest field, as the FastAPI template has it). */
    public static final int MAX_EMAIL_LENGTH = 255;

    private static final Set<String> SECRET_FIELDS = Set.of("password", "current_password", "new_password", "token",
            "code", "otp", "code_verifier", "client_secret", "clientSecret", "authenticationToken", "entity_token");

    private final JsonNode body;

    private JsonRequest(JsonNode body) {
        this.body = body;
    }

    /** Reads a JSON object body; throws the matching JSON error when it is not one. */
    public static JsonRequest read(HttpHeaders headers, InputStream input) {
        requireJsonContentType(headers);
        byte[] bytes = readLimited(input);
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw JsonErrors.invalidInput(InputError.missing(List.of("body"), null, "The request body is empty"));
        }
        JsonNode node;
        try {
            node = JsonSerialization.mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long position = at == null ? 0 : Math.max(0, at.getCharOffset() >= 0 ? at.getCharOffset() : at.getByteOffset());
            throw JsonErrors.invalidInput(InputError.jsonInvalid(position,
                    at == null ? "Invalid JSON" : "Invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr(),
                    "The request body is not valid JSON"));
        } catch (IOException e) {
            throw JsonErrors.badRequest("The request body could not be read");
        }
        if (node == null || !node.isObject()) {
            throw JsonErrors.invalidInput(InputError.notAnObject(node, "The request body must be a JSON object"));
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
        return requiredString(field, MAX_FIELD_LENGTH);
    }

    /** A required, non-blank string field of at most {@code maxLength} characters. */
    public String requiredString(String field, int maxLength) {
        return requiredString(field, 1, maxLength);
    }

    /**
     * A required string field of {@code minLength} to {@code maxLength} characters; a blank value is
     * refused as too short only when {@code minLength} is 1 (longer minimums are about secrets whose
     * content the realm's policy judges).
     */
    public String requiredString(String field, int minLength, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw JsonErrors.invalidInput(InputError.missing(loc(field), redactedBody(), "Missing required field '" + field + "'"));
        }
        String text = text(field, value, maxLength);
        if (text.length() < minLength || (minLength <= 1 && text.isBlank())) {
            throw JsonErrors.invalidInput(InputError.tooShort(loc(field), input(field, value), Math.max(1, minLength),
                    minLength <= 1 ? "Missing required field '" + field + "'"
                            : "Field '" + field + "' must have at least " + minLength + " characters"));
        }
        return text;
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
        String text = text(field, value, maxLength);
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** An optional boolean field: absent or null is empty; anything but {@code true} or {@code false} is refused. */
    public Optional<Boolean> optionalBoolean(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw JsonErrors.invalidInput(InputError.boolType(loc(field), input(field, value),
                    "Field '" + field + "' must be true or false"));
        }
        return Optional.of(value.booleanValue());
    }

    /** A required field holding a syntactically valid email address, trimmed. */
    public String requiredEmail(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw JsonErrors.invalidInput(InputError.missing(loc(field), redactedBody(), "Missing required field '" + field + "'"));
        }
        return email(field, value);
    }

    /** An optional email field: absent or null is empty; any other value must be a valid address. */
    public Optional<String> optionalEmail(String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(email(field, value));
    }

    private String email(String field, JsonNode value) {
        String email = text(field, value, MAX_EMAIL_LENGTH).trim();
        String reason = emailProblem(email);
        if (reason != null) {
            throw JsonErrors.invalidInput(InputError.invalidEmail(loc(field), value.asText(), reason,
                    "Field '" + field + "' must be an email address"));
        }
        return email;
    }

    /** Why {@code email} is not an address we accept, in the words of pydantic's email validator; null when it is one. */
    static String emailProblem(String email) {
        int at = email.indexOf('@');
        if (at < 0) {
            return "An email address must have an @-sign.";
        }
        if (at == 0) {
            return "There must be something before the @-sign.";
        }
        if (at == email.length() - 1) {
            return "There must be something after the @-sign.";
        }
        if (email.length() > 254 || !EmailValidationUtil.isValidEmail(email)) {
            return "The email address is not valid.";
        }
        return null;
    }

    /** The text of a string field of at most {@code maxLength} characters; refused when it is not a string. */
    private String text(String field, JsonNode value, int maxLength) {
        if (!value.isTextual()) {
            throw JsonErrors.invalidInput(InputError.stringType(loc(field), input(field, value),
                    "Field '" + field + "' must be a string"));
        }
        String text = value.asText();
        if (text.length() > maxLength) {
            throw JsonErrors.invalidInput(InputError.tooLong(loc(field), input(field, value), maxLength,
                    "Field '" + field + "' is longer than " + maxLength + " characters"));
        }
        return text;
    }

    /** The parsed body, for fields of other types. */
    public JsonNode body() {
        return body;
    }

    /** Whether a field of this name holds a secret, whose value an error never echoes. */
    public static boolean isSecret(String field) {
        return SECRET_FIELDS.contains(field);
    }

    private static List<Object> loc(String field) {
        return List.of("body", field);
    }

    private static Object input(String field, JsonNode value) {
        return isSecret(field) ? InputError.REDACTED : value;
    }

    /** The body with secret fields redacted: the input of a missing field. */
    private Object redactedBody() {
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        body.fieldNames().forEachRemaining(field -> {
            if (isSecret(field)) {
                copy.put(field, InputError.REDACTED);
            }
        });
        return copy;
    }
}
