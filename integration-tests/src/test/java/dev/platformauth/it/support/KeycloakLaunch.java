package dev.platformauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What every backend runs: the Keycloak version, the {@code start-dev} options (loopback ports,
 * health, features, log levels, the run's database), the environment (bootstrap admin), the files
 * put into the server (the bundle jar in {@code providers/}), the log file and the run's
 * PostgreSQL database. The distribution backend runs it as {@code bin/kc.sh}, the container backend
 * as the {@code quay.io/keycloak/keycloak} image's command; {@code KeycloakLaunchTest} checks both
 * get the same. A node of a {@link KeycloakCluster} runs its own launch: {@code start --optimized} in
 * production mode on the cluster's database, which the cluster creates and drops.
 */
final class KeycloakLaunch {

    static final String ADMIN_USERNAME = "admin";
    static final String ADMIN_PASSWORD = "admin";
    static final String COMMAND = "start-dev";
    private static final String LOG_LEVEL = "INFO,dev.platformauth:DEBUG";
    /** The per-client settings page of the admin console is a declarative-UI page. */
    private static final String FEATURES = "declarative-ui";
    /** The bundle's sources: a jar older than any of them is stale. */
    private static final List<String> BUNDLE_SOURCES = List.of("common/src/main", "token-mappers/src/main",
            "authenticators/src/main", "rest-extensions/src/main", "themes/src/main", "bundle/pom.xml");

    private final String version;
    private final Path bundleJar;
    private final Path workDir;
    private final Path logFile;
    private final int httpPort;
    private final int managementPort;
    private final PostgresDatabase database;
    /** The cluster node this launch starts (production mode), or null for the dev-mode server. */
    private final DistributionKeycloakServer.ClusterNode node;

    /** Logs to {@code workDir/<logPrefix>-<version>[-postgres].log}, so the runs of several lines keep their logs apart. */
    KeycloakLaunch(String version, Path bundleJar, Path workDir, String logPrefix) {
        this(version, bundleJar, workDir, logPrefix, PostgresDatabase.fromSystemProperties(workDir), null);
    }

    private KeycloakLaunch(String version, Path bundleJar, Path workDir, String logPrefix, PostgresDatabase database,
            DistributionKeycloakServer.ClusterNode node) {
        this.version = version;
        this.bundleJar = bundleJar.toAbsolutePath().normalize();
        this.workDir = workDir;
        this.database = database;
        this.node = node;
        this.logFile = workDir.resolve(node != null ? logPrefix + ".log"
                : logPrefix + "-" + version + (database == null ? "" : "-postgres") + ".log");
        this.httpPort = Ports.freeLoopbackPort();
        int management;
        do {
            management = Ports.freeLoopbackPort();
        } while (management == httpPort);
        this.managementPort = management;
    }

    /** From the properties failsafe sets: {@code keycloak.version}, {@code bundle.jar}, {@code project.root}. */
    static KeycloakLaunch fromSystemProperties(Path workDir, String logPrefix) {
        Path jar = Path.of(requiredProperty("bundle.jar"));
        Optional.ofNullable(System.getProperty("project.root")).map(Path::of).ifPresent(root -> requireFresh(jar, root));
        return new KeycloakLaunch(requiredProperty("keycloak.version"), jar, workDir, logPrefix);
    }

    /**
     * The launch of a cluster {@code node} whose distribution (under {@code workDir}) is built with the
     * bundle: production mode on the cluster's {@code database}, logging to {@code workDir/keycloak.log}.
     */
    static KeycloakLaunch clusterNode(Path bundleJar, Path workDir, PostgresDatabase database,
            DistributionKeycloakServer.ClusterNode node) {
        return new KeycloakLaunch(requiredProperty("keycloak.version"), bundleJar, workDir, "keycloak", database, node);
    }

    String version() {
        return version;
    }

    int httpPort() {
        return httpPort;
    }

    int managementPort() {
        return managementPort;
    }

    Path logFile() {
        return logFile;
    }

    /**
     * The database the server that runs this launch creates before its first start and drops after its
     * last stop ({@code -Dkeycloak.db=postgres}); null for dev-mode H2 and for a cluster node, whose
     * database is the cluster's.
     */
    PostgresDatabase ownDatabase() {
        return node == null ? database : null;
    }

    /** The cluster node this launch starts, or null for the dev-mode server. */
    DistributionKeycloakServer.ClusterNode node() {
        return node;
    }

    /** The command: {@value #COMMAND} (or {@code start --optimized} for a cluster node) and the options. */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>(node == null ? List.of(COMMAND) : List.of("start", "--optimized"));
        arguments.addAll(options());
        return arguments;
    }

    /**
     * The options after {@value #COMMAND}, the same for every backend: loopback ports, health, the bundle's
     * meters on the management interface's {@code /metrics} (docs/metrics.md), features, log levels and
     * the database. A cluster node's build holds the build-time ones; it gets the production options.
     */
    List<String> options() {
        List<String> options = new ArrayList<>(List.of(
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort));
        if (node == null) {
            options.addAll(List.of("--health-enabled=true", "--metrics-enabled=true", "--features=" + FEATURES));
        } else {
            options.addAll(productionOptions());
        }
        options.add("--log-level=" + LOG_LEVEL);
        if (database != null) {
            options.addAll(node == null ? database.keycloakArguments() : database.runtimeArguments());
        }
        return options;
    }

    /**
     * A cluster node in production mode: HTTP on loopback without TLS, the cluster's frontend address as
     * the hostname (tokens issued by one node verify on the other), and JGroups on loopback under the
     * node's name; the cache stack is the built default (Infinispan, JDBC_PING discovery through the
     * shared database).
     */
    private List<String> productionOptions() {
        return List.of("--http-enabled=true",
                "--hostname=" + node.frontend(),
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + node.clusterPort(),
                "--spi-cache-embedded--default--node-name=" + node.name());
    }

    /** The server's environment besides the inherited one (from which {@code KC_*} is removed). */
    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME, "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD));
        if (node != null) {
            environment.put("JAVA_OPTS_KC_HEAP", node.heap());
        }
        return Map.copyOf(environment);
    }

    /** The files put into the server, by path relative to its home directory (none for a cluster node: its build has them). */
    Map<String, Path> files() {
        if (node != null) {
            return Map.of();
        }
        requireJar();
        return Map.of("providers/" + bundleJar.getFileName(), bundleJar);
    }

    private void requireJar() {
        if (!Files.isRegularFile(bundleJar)) {
            throw new IllegalStateException("bundle jar " + bundleJar + " is missing: build it in the same run, "
                    + "'./mvnw -B -pl integration-tests -am verify'");
        }
    }

    /**
     * Fails when {@code jar} is older than a source of the bundle under {@code root}: a run of
     * {@code -pl integration-tests} without {@code -am} would otherwise test the jar of an earlier build.
     */
    static void requireFresh(Path jar, Path root) {
        if (!Files.isRegularFile(jar)) {
            return;
        }
        FileTime built = lastModified(jar);
        newestSource(root).filter(source -> lastModified(source).compareTo(built) > 0).ifPresent(source -> {
            throw new IllegalStateException("bundle jar " + jar + " (built " + built + ") is older than " + root.relativize(source)
                    + " (changed " + lastModified(source) + "): it would test an earlier build; build the bundle in the same run, "
                    + "'./mvnw -B -pl integration-tests -am verify'");
        });
    }

    private static Optional<Path> newestSource(Path root) {
        return BUNDLE_SOURCES.stream().map(root::resolve).filter(Files::exists).flatMap(KeycloakLaunch::files)
                .max((a, b) -> lastModified(a).compareTo(lastModified(b)));
    }

    private static Stream<Path> files(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property '" + name + "' is not set: run the integration "
                    + "tests through Maven ('./mvnw -B -pl integration-tests -am verify'), which sets it");
        }
        return value;
    }
}
