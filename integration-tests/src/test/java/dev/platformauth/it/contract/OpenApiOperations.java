package dev.platformauth.it.contract;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The operations of {@code docs/openapi.yaml}, with {@code $ref}s resolved and YAML merge keys
 * applied, as plain maps: enough of OpenAPI for the contract tests to build requests from.
 */
final class OpenApiOperations {

    static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    /** One operation: method (upper case), path template and its resolved parts. */
    record Operation(String method, String path, String operationId, List<Map<String, Object>> parameters,
            Map<String, Object> requestBody, List<String> securitySchemes, Map<String, Object> responses) {

        String key() {
            return method + " " + path;
        }

        boolean hasBody() {
            return Set.of("POST", "PUT", "PATCH").contains(method);
        }

        List<Map<String, Object>> parameters(String in) {
            return parameters.stream().filter(p -> in.equals(p.get("in"))).toList();
        }

        /** The documented media types of the request body (empty when none). */
        Set<String> requestMediaTypes() {
            return requestBody == null ? Set.of() : map(requestBody.get("content")).keySet();
        }

        Map<String, Object> requestSchema(String mediaType) {
            return requestBody == null ? Map.of() : map(map(map(requestBody.get("content")).get(mediaType)).get("schema"));
        }

        /** The media types documented for a response status (empty when the status or its content is not documented). */
        Set<String> responseMediaTypes(int status) {
            Object response = responses.get(Integer.toString(status));
            return response == null ? Set.of() : map(map(response).get("content")).keySet();
        }
    }

    private final Map<String, Object> document;

    private OpenApiOperations(Map<String, Object> document) {
        this.document = document;
    }

    /** Reads the document from {@code <project.root>/docs/openapi.yaml} (failsafe sets project.root), else {@code ../docs}. */
    static OpenApiOperations load() {
        String root = System.getProperty("project.root", "..");
        Path file = Path.of(root, "docs", "openapi.yaml");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(500);
            return new OpenApiOperations(new Yaml(new SafeConstructor(options)).load(reader));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, Object> path : map(document.get("paths")).entrySet()) {
            Map<String, Object> item = map(path.getValue());
            List<Map<String, Object>> shared = parameters(item.get("parameters"));
            for (Map.Entry<String, Object> entry : item.entrySet()) {
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                Map<String, Object> operation = map(entry.getValue());
                List<Map<String, Object>> parameters = new ArrayList<>(shared);
                parameters.addAll(parameters(operation.get("parameters")));
                List<String> schemes = new ArrayList<>();
                for (Object requirement : list(operation.get("security"))) {
                    schemes.addAll(map(requirement).keySet());
                }
                Map<String, Object> body = operation.get("requestBody") == null ? null : resolve(map(operation.get("requestBody")));
                Map<String, Object> responses = new LinkedHashMap<>();
                map(operation.get("responses")).forEach((status, response) -> responses.put(status, resolve(map(response))));
                operations.add(new Operation(entry.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(),
                        String.valueOf(operation.get("operationId")), parameters, body, schemes, responses));
            }
        }
        return operations;
    }

    /** A schema (or any object) with a top-level {@code $ref} replaced by its target, recursively for properties and items. */
    Map<String, Object> schema(Map<String, Object> schema) {
        Map<String, Object> resolved = new LinkedHashMap<>(resolve(schema));
        if (resolved.get("properties") != null) {
            Map<String, Object> properties = new LinkedHashMap<>();
            map(resolved.get("properties")).forEach((name, property) -> properties.put(name, schema(map(property))));
            resolved.put("properties", properties);
        }
        if (resolved.get("items") instanceof Map<?, ?> items) {
            resolved.put("items", schema(map(items)));
        }
        if (resolved.get("oneOf") != null) {
            resolved.put("oneOf", list(resolved.get("oneOf")).stream().map(alternative -> (Object) schema(map(alternative))).toList());
        }
        return resolved;
    }

    private List<Map<String, Object>> parameters(Object parameters) {
        return list(parameters).stream().map(p -> resolve(map(p))).toList();
    }

    private Map<String, Object> resolve(Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        Object target = document;
        for (String part : ref.toString().substring(2).split("/")) {
            target = map(target).get(part);
        }
        return resolve(map(target));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }
}
