package dev.platformauth.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;


/**
 * Turns the newest Gatling run and the flows' wall-clock spans into {@code target/benchmark-report.md}:
 * per flow requests/s, p50/p95/p99 and errors, then the ratios to Keycloak's own grants measured in
 * the same run and whether each target holds (docs/benchmarks.md).
 */
public final class BenchmarkReport {

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "target");
        Map<String, FlowResults.Flow> flows = FlowResults.read(target);
        String report = render(flows);
        Files.writeString(target.resolve("benchmark-report.md"), report);
        System.out.println(report);
    }

    static String render(Map<String, FlowResults.Flow> flows) {
        StringBuilder out = new StringBuilder("# Benchmark report\n\n")
                .append(String.format(Locale.ROOT, "%d cores, Java %s; charts: Gatling's report under `target/gatling/`.%n%n",
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")))
                .append("| flow | requests/s | mean ms | p50 ms | p95 ms | p99 ms | errors |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        // the one-at-a-time grants share one user's time span: their requests/s say nothing
        flows.values().forEach(f -> out.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %d | %d | %d | %d |%n",
                f.name(), f.name().endsWith(PlatformAuthBenchmark.ALONE) ? "–" : String.format(Locale.ROOT, "%.1f", f.perSecond()),
                f.mean(), f.percentile(50), f.percentile(95), f.percentile(99), f.errors())));
        out.append("\n## Targets\n\n| target | measured | holds |\n| --- | ---: | --- |\n");
        FlowResults.Flow negligible = flows.get(PlatformAuthBenchmark.PASSWORD_NEGLIGIBLE_HASH);
        for (String signIn : new String[] {PlatformAuthBenchmark.EXCHANGE_CODE_API, PlatformAuthBenchmark.EXCHANGE_CODE_GRANT,
                PlatformAuthBenchmark.MAGIC_LINK, PlatformAuthBenchmark.EMAIL_OTP}) {
            ratio(out, signIn + " ≥ 0.9× password grant (negligible hash), requests/s",
                    throughputRatio(flows.get(signIn), negligible), r -> r >= 0.9);
        }
        for (String with : new String[] {PlatformAuthBenchmark.WITH_PLATFORM_TOKEN, PlatformAuthBenchmark.WITH_PLATFORM_TOKEN_ES256,
                PlatformAuthBenchmark.WITH_PLATFORM_TOKEN_EDDSA}) {
            String alone = PlatformAuthBenchmark.ALONE;
            ratio(out, with + ": adds ≤ 15 % to the grant's mean latency" + alone + " (with ÷ without)",
                    latencyRatio(flows.get(with + alone), flows.get(PlatformAuthBenchmark.WITHOUT_PLATFORM_TOKEN + alone)), r -> r <= 1.15);
            ratio(out, "(context) " + with + ": mean latency at saturation, with ÷ without (the CPU cost)",
                    latencyRatio(flows.get(with), flows.get(PlatformAuthBenchmark.WITHOUT_PLATFORM_TOKEN)), r -> true);
        }
        String first = String.format(PlatformAuthBenchmark.INTROSPECTION, "1k");
        String last = String.format(PlatformAuthBenchmark.INTROSPECTION, "100k");
        ratio(out, "introspection (1k stored) ≥ 3× client credentials, requests/s",
                throughputRatio(flows.get(first), flows.get(PlatformAuthBenchmark.CLIENT_CREDENTIALS)), r -> r >= 3);
        ratio(out, "introspection flat from 1k to 100k stored (mean latency 100k ÷ 1k ≤ 1.2)",
                latencyRatio(flows.get(last), flows.get(first)), r -> r <= 1.2);
        ratio(out, "(context) password grant: default hash ÷ negligible hash, requests/s",
                throughputRatio(flows.get(PlatformAuthBenchmark.PASSWORD_DEFAULT_HASH), negligible), r -> true);
        return out.toString();
    }

    private static double latencyRatio(FlowResults.Flow flow, FlowResults.Flow baseline) {
        return flow == null || baseline == null || baseline.mean() == 0 ? Double.NaN : flow.mean() / baseline.mean();
    }

    private static double throughputRatio(FlowResults.Flow flow, FlowResults.Flow baseline) {
        return flow == null || baseline == null || baseline.perSecond() == 0 ? Double.NaN : flow.perSecond() / baseline.perSecond();
    }

    private static void ratio(StringBuilder out, String target, double value, java.util.function.DoublePredicate holds) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", target, Double.isNaN(value) ? "not measured" : String.format(Locale.ROOT, "%.2f", value),
                Double.isNaN(value) || target.startsWith("(context)") ? "–" : holds.test(value) ? "yes" : "**no**"));
    }
}
