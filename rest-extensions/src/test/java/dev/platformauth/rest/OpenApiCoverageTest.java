package dev.platformauth.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JAX-RS route this bundle serves is described in {@code docs/openapi.yaml}. Routes are found
 * from the realm resource factories listed in the generated service file: factory
 * {@code XxxResourceProviderFactory} serves the root resource {@code XxxResource} at its provider id.
 */
class OpenApiCoverageTest {

    private static final List<Class<? extends Annotation>> HTTP_METHODS =
            List.of(GET.class, POST.class, PUT.class, PATCH.class, DELETE.class, HEAD.class, OPTIONS.class);

    @Test
    @DisplayName("given the served routes when compared with docs/openapi.yaml then none is missing")
    void everyRouteIsDocumented() throws Exception {
        Set<String> served = servedRoutes();
        Set<String> documented = documentedRoutes();
        assertThat(served).as("routes found").isNotEmpty();
        assertThat(documented).as("routes in docs/openapi.yaml").containsAll(served);
    }

    private static Set<String> servedRoutes() throws Exception {
        Set<String> routes = new TreeSet<>();
        try (InputStream services = OpenApiCoverageTest.class.getResourceAsStream(
                "/META-INF/services/org.keycloak.services.resource.RealmResourceProviderFactory")) {
            assertThat(services).as("generated service file").isNotNull();
            for (String line : new String(services.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String factoryName = line.trim();
                if (factoryName.isEmpty() || factoryName.startsWith("#")) {
                    continue;
                }
                Class<?> factory = Class.forName(factoryName);
                String providerId = (String) factory.getField("PROVIDER_ID").get(null);
                Class<?> root = Class.forName(factoryName.replace("ProviderFactory", ""));
                collect(root, "/realms/{realm}/" + providerId, routes, 0);
            }
        }
        return routes;
    }

    private static void collect(Class<?> resource, String prefix, Set<String> routes, int depth) {
        assertThat(depth).as("sub-resource nesting").isLessThan(10);
        Path classPath = resource.getAnnotation(Path.class);
        String base = classPath == null ? prefix : join(prefix, classPath.value());
        for (Method method : resource.getMethods()) {
            Path path = method.getAnnotation(Path.class);
            String full = path == null ? base : join(base, path.value());
            String http = httpMethod(method);
            if (http != null) {
                routes.add(http + " " + normalize(full));
            } else if (path != null) {
                collect(method.getReturnType(), full, routes, depth + 1);
            }
        }
    }

    private static String httpMethod(Method method) {
        for (Class<? extends Annotation> annotation : HTTP_METHODS) {
            if (method.isAnnotationPresent(annotation)) {
                return annotation.getSimpleName();
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> documentedRoutes() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Map<String, Object> spec;
        try (InputStream in = Files.newInputStream(Paths.get("..", "docs", "openapi.yaml"))) {
            spec = new Yaml(options).load(in);
        }
        assertThat(spec.get("openapi")).isEqualTo("3.1.0");
        Set<String> routes = new TreeSet<>();
        Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
        paths.forEach((path, item) -> ((Map<String, Object>) item).keySet().stream()
                .filter(key -> Set.of("get", "post", "put", "patch", "delete", "head", "options").contains(key))
                .forEach(key -> routes.add(key.toUpperCase(Locale.ROOT) + " " + normalize(path))));
        return routes;
    }

    private static String join(String prefix, String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.isEmpty()) {
            return prefix;
        }
        return prefix.endsWith("/") ? prefix + trimmed : prefix + "/" + trimmed;
    }

    /** {@code {id: [0-9]+}} becomes {@code {id}}; no trailing slash. */
    private static String normalize(String path) {
        String plain = path.replaceAll("\\{\\s*([A-Za-z0-9_]+)\\s*:[^}]*}", "{$1}");
        return plain.length() > 1 && plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    }
}
