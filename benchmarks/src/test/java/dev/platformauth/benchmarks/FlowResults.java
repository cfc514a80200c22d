package dev.platformauth.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What each measured flow did: its wall-clock span (first virtual user in to last one out), every
 * response time and the failed requests. Requests per second are computed over the flow's own span,
 * not the whole run's; Gatling's HTML report beside it draws the charts.
 */
final class FlowResults {

    static final String FILE = "benchmark-results.json";

    /** One flow's figures. */
    record Flow(String name, double seconds, long[] millis, long errors) {

        double perSecond() {
            return seconds > 0 ? millis.length / seconds : 0;
        }

        double mean() {
            return Arrays.stream(millis).average().orElse(Double.NaN);
        }

        /** The nearest-rank percentile. */
        long percentile(double p) {
            if (millis.length == 0) {
                return 0;
            }
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }

    private static final class Recording {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        final List<Long> millis = new ArrayList<>();
        long errors;
    }

    private static final Map<String, Recording> FLOWS = new ConcurrentHashMap<>();

    private FlowResults() {
    }

    static void started(String flow) {
        Recording r = FLOWS.computeIfAbsent(flow, k -> new Recording());
        synchronized (r) {
            r.start = Math.min(r.start, System.nanoTime());
        }
    }

    static void ended(String flow) {
        Recording r = FLOWS.computeIfAbsent(flow, k -> new Recording());
        synchronized (r) {
            r.end = Math.max(r.end, System.nanoTime());
        }
    }

    /** One request's response time ({@code millis} < 0: none, the request failed before an answer). */
    static void record(String flow, long millis, boolean failed) {
        Recording r = FLOWS.computeIfAbsent(flow, k -> new Recording());
        synchronized (r) {
            if (millis >= 0) {
                r.millis.add(millis);
            }
            if (failed) {
                r.errors++;
            }
        }
    }

    /** Writes every flow to {@value #FILE} in {@code directory}. */
    static void write(Path directory) {
        ObjectNode root = AdminApi.JSON.createObjectNode();
        FLOWS.entrySet().stream().sorted(java.util.Comparator.comparingLong(e -> e.getValue().start)).forEach(e -> {
            String name = e.getKey();
            Recording r = e.getValue();
            synchronized (r) {
                ObjectNode flow = root.putObject(name).put("seconds", (r.end - r.start) / 1e9).put("errors", r.errors);
                r.millis.forEach(flow.putArray("millis")::add);
            }
        });
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(FILE), AdminApi.JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Flow> read(Path directory) {
        try {
            JsonNode root = AdminApi.JSON.readTree(directory.resolve(FILE).toFile());
            Map<String, Flow> flows = new LinkedHashMap<>();
            root.fields().forEachRemaining(e -> {
                JsonNode millis = e.getValue().get("millis");
                long[] values = new long[millis.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = millis.get(i).asLong();
                }
                flows.put(e.getKey(), new Flow(e.getKey(), e.getValue().get("seconds").asDouble(), values, e.getValue().get("errors").asLong()));
            });
            return flows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
