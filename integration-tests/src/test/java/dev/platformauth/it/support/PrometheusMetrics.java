package dev.platformauth.it.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Keycloak's {@code /metrics} (Prometheus text format) from the management interface. */
public final class PrometheusMetrics {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final KeycloakServer keycloak;

    public PrometheusMetrics(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    /** The sum of the samples of {@code name} whose labels include all of {@code labels}; 0 when none. */
    public double value(String name, Map<String, String> labels) {
        HttpResult scrape = Http.get(keycloak.managementUri() + "/metrics", Map.of());
        if (scrape.status() != 200) {
            throw new AssertionError("GET /metrics answered " + scrape);
        }
        double sum = 0;
        for (String line : scrape.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find() || !sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(sample.group(3));
            }
        }
        return sum;
    }

    /** Waits until {@code name} with {@code labels} reaches {@code expected}, and returns its value. */
    public double await(String name, Map<String, String> labels, double expected) {
        return Polling.await(() -> value(name, labels), v -> v >= expected, Duration.ofSeconds(20),
                name + labels + " >= " + expected);
    }
}
