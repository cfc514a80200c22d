package dev.platformauth.it.contract;

import static dev.platformauth.it.contract.OpenApiOperations.list;
import static dev.platformauth.it.contract.OpenApiOperations.map;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The battery of bad bodies and bad query strings the contract test sends, built from the documented schemas. */
final class BadRequests {

    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";
    static final int LONG = 10_000;
    static final int OVER_LIMIT = 70 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A body to send: what it is, its content type (null: no header) and its bytes (null: none). */
    record Body(String label, String contentType, byte[] bytes) {

        static Body of(String label, String contentType, String text) {
            return new Body(label, contentType, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        }

        String summary() {
            if (bytes == null) {
                return label + " (no body)";
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            return label + " [" + contentType + ", " + bytes.length + " bytes: "
                    + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "]";
        }
    }

    private BadRequests() {
    }

    static String longString(int length) {
        return "a".repeat(length);
    }

    /** Bodies that are wrong whatever the route: malformed, empty, not an object, wrong content type, too large. */
    static List<Body> generic(boolean formRoute) {
        List<Body> bodies = new ArrayList<>();
        bodies.add(Body.of("no body, no content type", null, null));
        bodies.add(Body.of("empty JSON body", JSON, ""));
        bodies.add(Body.of("malformed JSON", JSON, "{\"email\": "));
        bodies.add(Body.of("malformed JSON (trailing junk)", JSON, "{} {"));
        bodies.add(Body.of("JSON array", JSON, "[{\"a\":1}]"));
        bodies.add(Body.of("JSON string", JSON, "\"just a string\""));
        bodies.add(Body.of("JSON number", JSON, "42"));
        bodies.add(Body.of("JSON null", JSON, "null"));
        bodies.add(Body.of("JSON true", JSON, "true"));
        bodies.add(Body.of("empty JSON object", JSON, "{}"));
        bodies.add(Body.of("deeply nested JSON", JSON, "[".repeat(5000) + "]".repeat(5000)));
        bodies.add(new Body("invalid UTF-8 in JSON", JSON, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}));
        bodies.add(Body.of("text/plain", "text/plain", "hello"));
        bodies.add(Body.of("unknown content type", "application/x-unknown", "hello"));
        bodies.add(Body.of("JSON with a bogus charset", "application/json; charset=bogus-charset", "{}"));
        bodies.add(Body.of("JSON over 64 KiB", JSON, "{\"padding\":\"" + longString(OVER_LIMIT) + "\"}"));
        bodies.add(Body.of("form over 64 KiB", FORM, "padding=" + longString(OVER_LIMIT)));
        bodies.add(Body.of("empty form body", FORM, ""));
        // Keycloak's own form decoder fails on these before any resource runs (UndecodableFormMapper)
        bodies.add(Body.of("form with undecodable escapes", FORM, "%zz=%&&=&a=%E0%A4%A"));
        bodies.add(Body.of("form value with a stray %", FORM, "username=x&password=abc%zz"));
        bodies.add(Body.of("form with odd but decodable content", FORM, "=&&=x&a=%E0%A4&b=%FF&c"));
        if (formRoute) {
            bodies.add(Body.of("JSON object where a form is expected", JSON, "{\"username\":\"x\",\"password\":\"y\",\"token\":\"z\"}"));
        } else {
            bodies.add(Body.of("form where JSON is expected", FORM, "email=x%40example.test&username=x&password=y"));
        }
        return bodies;
    }

    /**
     * For each documented property: the plausible object with that one property replaced by a wrong
     * type (number, boolean, object, array, null) or a very long string.
     */
    static List<Body> wrongTypes(Map<String, Object> schema, Function<String, Object> hints) {
        List<Body> bodies = new ArrayList<>();
        Map<String, Object> properties = map(schema.get("properties"));
        Map<String, Object> base = plausibleObject(schema, hints);
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            List<String> types = types(map(property.getValue()));
            Map<String, Object> wrongs = new LinkedHashMap<>();
            if (!types.contains("integer") && !types.contains("number")) {
                wrongs.put("number", 12345);
            }
            if (!types.contains("boolean")) {
                wrongs.put("boolean", true);
            }
            if (!types.contains("object")) {
                wrongs.put("object", Map.of("nested", "x"));
            }
            if (!types.contains("array")) {
                wrongs.put("array", List.of("x", 1));
            }
            if (!types.contains("null")) {
                wrongs.put("null", null);
            }
            wrongs.put("very long string", longString(LONG));
            for (Map.Entry<String, Object> wrong : wrongs.entrySet()) {
                Map<String, Object> body = new LinkedHashMap<>(base);
                body.put(property.getKey(), wrong.getValue());
                bodies.add(Body.of("field '" + property.getKey() + "' as " + wrong.getKey(), JSON, json(body)));
            }
        }
        Map<String, Object> unknown = new LinkedHashMap<>(base);
        unknown.put("unknown_field", "x");
        bodies.add(Body.of("an unknown field", JSON, json(unknown)));
        return bodies;
    }

    /** For each documented form field: empty, very long, repeated; each on top of a plausible form. */
    static List<Body> badForms(Map<String, Object> schema, Function<String, Object> hints) {
        List<Body> bodies = new ArrayList<>();
        Map<String, Object> base = plausibleObject(schema, hints);
        for (String field : map(schema.get("properties")).keySet()) {
            for (Map.Entry<String, String> wrong : Map.of("empty", "", "very long", longString(LONG),
                    "with control characters", "a\u0000b\r\nc").entrySet()) {
                Map<String, Object> form = new LinkedHashMap<>(base);
                form.put(field, wrong.getValue());
                bodies.add(Body.of("form field '" + field + "' " + wrong.getKey(), FORM, form(form)));
            }
            bodies.add(Body.of("form field '" + field + "' repeated", FORM,
                    form(base) + "&" + encode(field) + "=second-value"));
        }
        return bodies;
    }

    /** A well-formed body of plausible values (used with nonsense path values, so that lookups run). */
    static Body plausible(Map<String, Object> schema, String mediaType, Function<String, Object> hints) {
        Map<String, Object> object = plausibleObject(schema, hints);
        return FORM.equals(mediaType) ? Body.of("plausible form", FORM, form(object))
                : Body.of("plausible JSON", JSON, json(object));
    }

    /** Bad values for one query parameter, the other documented parameters keeping plausible values. */
    static List<String> badQueryValues() {
        return List.of("", "nonsense", "-1", "99999999999999999999", "1.5", "%00", "%E0%A4", "%FF%FE", longString(3000));
    }

    static Map<String, Object> plausibleObject(Map<String, Object> schema, Function<String, Object> hints) {
        List<Object> oneOf = list(schema.get("oneOf"));
        if (!oneOf.isEmpty()) {
            return plausibleObject(map(oneOf.get(0)), hints);
        }
        Map<String, Object> object = new LinkedHashMap<>();
        map(schema.get("properties")).forEach((name, property) -> {
            Object hint = hints.apply(name);
            object.put(name, hint != null ? hint : plausibleValue(map(property)));
        });
        return object;
    }

    private static Object plausibleValue(Map<String, Object> schema) {
        if (schema.containsKey("const")) {
            return schema.get("const");
        }
        List<Object> values = list(schema.get("enum"));
        if (!values.isEmpty()) {
            return values.get(0);
        }
        List<String> types = types(schema);
        String type = types.stream().filter(t -> !"null".equals(t)).findFirst().orElse("string");
        String format = String.valueOf(schema.get("format"));
        return switch (type) {
            case "integer", "number" -> 1;
            case "boolean" -> true;
            case "array" -> List.of(plausibleValue(map(schema.get("items"))));
            case "object" -> plausibleObject(schema, name -> null);
            default -> switch (format) {
                case "email" -> "contract-probe@example.invalid";
                case "password" -> "Probe-pass-0123456789";
                case "date-time" -> "2030-01-01T00:00:00Z";
                case "uri" -> "https://app.example.test/callback";
                default -> "probe";
            };
        };
    }

    static List<String> types(Map<String, Object> schema) {
        Object type = schema.get("type");
        if (type instanceof List<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        return type == null ? List.of() : List.of(type.toString());
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String form(Map<String, Object> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value == null ? "" : String.valueOf(value))));
        return String.join("&", pairs);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
