package dev.platformauth.common.error;

import com.fasterxml.jackson.databind.node.NullNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One failed check of a request value: what the {@code auth-service} routes answer as an entry of
 * FastAPI's 422 {@code detail} list (pydantic v2's {@code type}, {@code loc}, {@code msg}, {@code input}
 * and {@code ctx}), and what the other routes answer as the 400 {@code error_description}
 * ({@code description}). See {@link JsonErrors#invalidInput}.
 *
 * @param type        pydantic's error type, e.g. {@code missing}, {@code string_too_short}
 * @param loc         where: {@code ["body", "password"]}, {@code ["query", "limit"]}, {@code ["path", "email"]}
 * @param msg         pydantic's English message
 * @param input       the value that failed (a JSON node or a plain value; secrets already redacted by the caller), or null
 * @param ctx         pydantic's context ({@code min_length}, {@code reason}, ...); empty when none
 * @param description the sentence of the {@code error_description}
 */
public record InputError(String type, List<Object> loc, String msg, Object input, Map<String, Object> ctx,
                         String description) {

    /** The input of a secret field, never echoed. */
    public static final String REDACTED = "[redacted]";

    public InputError {
        loc = List.copyOf(loc);
        ctx = ctx == null ? Map.of() : Map.copyOf(ctx);
    }

    public static InputError missing(List<Object> loc, Object enclosing, String description) {
        return new InputError("missing", loc, "Field required", enclosing, null, description);
    }

    public static InputError stringType(List<Object> loc, Object input, String description) {
        return new InputError("string_type", loc, "Input should be a valid string", input, null, description);
    }

    public static InputError tooShort(List<Object> loc, Object input, int minLength, String description) {
        return new InputError("string_too_short", loc,
                "String should have at least " + minLength + (minLength == 1 ? " character" : " characters"),
                input, Map.of("min_length", minLength), description);
    }

    public static InputError tooLong(List<Object> loc, Object input, int maxLength, String description) {
        return new InputError("string_too_long", loc,
                "String should have at most " + maxLength + (maxLength == 1 ? " character" : " characters"),
                input, Map.of("max_length", maxLength), description);
    }

    /** An email address the checks refuse, with the reason as pydantic's email validator words it. */
    public static InputError invalidEmail(List<Object> loc, Object input, String reason, String description) {
        return new InputError("value_error", loc, "value is not a valid email address: " + reason, input,
                Map.of("reason", reason), description);
    }

    public static InputError boolType(List<Object> loc, Object input, String description) {
        return new InputError("bool_type", loc, "Input should be a valid boolean", input, null, description);
    }

    public static InputError intParsing(List<Object> loc, Object input, String description) {
        return new InputError("int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer",
                input, null, description);
    }

    public static InputError atLeast(List<Object> loc, Object input, long minimum, String description) {
        return new InputError("greater_than_equal", loc, "Input should be greater than or equal to " + minimum, input,
                Map.of("ge", minimum), description);
    }

    public static InputError atMost(List<Object> loc, Object input, long maximum, String description) {
        return new InputError("less_than_equal", loc, "Input should be less than or equal to " + maximum, input,
                Map.of("le", maximum), description);
    }

    /** A body that is not JSON; {@code position} is the character offset of the fault (FastAPI's {@code loc[1]}). */
    public static InputError jsonInvalid(long position, String error, String description) {
        return new InputError("json_invalid", List.of("body", position), "JSON decode error", Map.of(),
                Map.of("error", error), description);
    }

    /** A JSON body that is not an object. */
    public static InputError notAnObject(Object input, String description) {
        return new InputError("model_attributes_type", List.of("body"),
                "Input should be a valid dictionary or object to extract fields from", input, null, description);
    }

    /**
     * The entry of FastAPI's {@code detail} list: type, loc, msg, input (a JSON {@code null} when there is
     * none: Keycloak's serializer leaves out Java nulls) and, when there is one, ctx.
     */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("loc", loc);
        json.put("msg", msg);
        json.put("input", input == null ? NullNode.getInstance() : input);
        if (!ctx.isEmpty()) {
            json.put("ctx", ctx);
        }
        return json;
    }
}
