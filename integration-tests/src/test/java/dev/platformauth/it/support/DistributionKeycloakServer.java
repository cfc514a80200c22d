package dev.platformauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

/**
 * Runs the unpacked Keycloak distribution as a child process with the bundle jar in
 * {@code providers/}: {@code bin/kc.sh start-dev} (one instance per test JVM; see
 * {@link KeycloakExtension}), or {@code bin/kc.sh start --optimized} as one node of a
 * {@link KeycloakCluster}, from its own copy of the distribution built by the cluster.
 *
 * <p>Process hygiene: the pid of {@code kc.sh} is written to {@code target/keycloak.pid}; before a
 * start, any Keycloak left running from this distribution directory by an interrupted earlier run is
 * killed. A JVM shutdown hook stops the server if the JUnit store is never closed.
 */
final class DistributionKeycloakServer implements KeycloakServer {

    static final String ADMIN_USERNAME = "admin";
    static final String ADMIN_PASSWORD = "admin";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong("keycloak.startup.timeout", 600));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String LOG_LEVEL = "INFO,dev.platformauth:DEBUG";
    /** Starts each start's part of the log. */
    private static final String START_MARKER = "=== harness: ";

    private final Path distDir;
    private final Path bundleJar;
    private final Path logFile;
    private final Path pidFile;
    private final int httpPort;
    private final int managementPort;
    /** The run's PostgreSQL database ({@code -Dkeycloak.db=postgres}), or null for dev-mode H2. */
    private final PostgresDatabase database;
    /** The cluster node this server is (production mode), or null for the dev-mode server. */
    private final ClusterNode node;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread shutdownHook = new Thread(this::killOnShutdown, "keycloak-shutdown");

    private volatile Process process;
    private boolean started;
    private Keycloak admin;

    /**
     * One node of a cluster: its name, the cluster's frontend address (every node issues tokens for
     * it), its JGroups port and its JVM heap options.
     */
    record ClusterNode(String name, URI frontend, int clusterPort, String heap) {
    }

    private DistributionKeycloakServer(Path distDir, Path bundleJar, PostgresDatabase database, ClusterNode node) {
        this.distDir = realPath(distDir);
        this.bundleJar = bundleJar.toAbsolutePath().normalize();
        Path targetDir = this.distDir.getParent();
        this.database = database;
        this.node = node;
        this.logFile = targetDir.resolve(database == null || node != null ? "keycloak.log" : "keycloak-postgres.log");
        this.pidFile = targetDir.resolve("keycloak.pid");
        this.httpPort = Ports.freeLoopbackPort();
        int management;
        do {
            management = Ports.freeLoopbackPort();
        } while (management == httpPort);
        this.managementPort = management;
    }

    /** Reads {@code keycloak.dist.dir} and {@code bundle.jar} (set by failsafe) and starts the server. */
    static DistributionKeycloakServer startFromSystemProperties() {
        DistributionKeycloakServer server = new DistributionKeycloakServer(Path.of(requiredProperty("keycloak.dist.dir")),
                Path.of(requiredProperty("bundle.jar")), PostgresDatabase.fromSystemProperties(), null);
        server.start(true);
        return server;
    }

    /**
     * A cluster node running from {@code distDir} (a built copy of the distribution with the bundle
     * installed) on the cluster's {@code database}, which the cluster creates and drops. Not started.
     */
    static DistributionKeycloakServer clusterNode(Path distDir, Path bundleJar, PostgresDatabase database, ClusterNode node) {
        return new DistributionKeycloakServer(distDir, bundleJar, database, node);
    }

    String nodeName() {
        return node == null ? "keycloak" : node.name();
    }

    @Override
    public URI managementUri() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    @Override
    public synchronized Keycloak admin() {
        if (admin == null) {
            admin = KeycloakBuilder.builder()
                    .serverUrl(baseUri().toString())
                    .realm("master")
                    .clientId("admin-cli")
                    .username(ADMIN_USERNAME)
                    .password(ADMIN_PASSWORD)
                    .build();
        }
        return admin;
    }

    @Override
    public List<String> logTail(int lines) {
        if (!Files.exists(logFile)) {
            return List.of();
        }
        try {
            List<String> all = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + logFile + ": " + e + ")");
        }
    }

    @Override
    public synchronized void restart() {
        stop();
        start(false);
    }

    @Override
    public URI route(URI url) {
        if (node == null || !node.frontend().getScheme().equals(url.getScheme())
                || !node.frontend().getAuthority().equals(url.getAuthority())) {
            return url;
        }
        return baseUri().resolve(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    /** Starts the server (again, after {@link #kill()}) on the same ports with the same data. */
    synchronized void start() {
        start(!started);
    }

    /** SIGKILL to the server and its descendants: no shutdown at all, as when a machine dies. */
    synchronized void kill() {
        closeAdmin();
        if (process != null) {
            ProcessHandle root = process.toHandle();
            List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
            all.add(0, root);
            all.forEach(ProcessHandle::destroyForcibly);
            all.forEach(handle -> handle.onExit().join());
            process = null;
        }
    }

    /** The log lines written since the latest start. */
    List<String> logSinceStart() {
        List<String> all = logTail(Integer.MAX_VALUE);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).startsWith(START_MARKER)) {
                return all.subList(i, all.size());
            }
        }
        return all;
    }

    @Override
    public synchronized void close() {
        stop();
        if (node == null) {
            dropDatabase();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrRemoved) {
            // nothing to do
        }
    }

    // ---------------------------------------------------------------- start

    private synchronized void start(boolean firstStart) {
        if (firstStart) {
            killStrayServers(distDir);
            if (node == null) {
                installBundle(bundleJar, distDir);
            }
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            if (database != null && node == null) {
                database.create();
            }
            started = true;
        }
        List<String> command = new ArrayList<>(List.of(distDir.resolve("bin/kc.sh").toString()));
        command.addAll(node == null ? List.of("start-dev",
                "--health-enabled=true",
                // the bundle's meters on the management interface's /metrics (docs/metrics.md)
                "--metrics-enabled=true",
                // the per-client settings page of the admin console is a declarative-UI page
                "--features=declarative-ui") : productionArguments());
        command.addAll(List.of(
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--log-level=" + LOG_LEVEL));
        command.addAll(databaseArguments());
        ProcessBuilder builder = kcProcess(command, distDir, logFile);
        Map<String, String> env = builder.environment();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        if (node != null) {
            env.put("JAVA_OPTS_KC_HEAP", node.heap());
        }
        try {
            if (firstStart) {
                Files.deleteIfExists(logFile);
            }
            Files.writeString(logFile, START_MARKER + Instant.now() + " starting " + String.join(" ", command)
                    + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        awaitReady();
    }

    /**
     * A cluster node in production mode, from the distribution {@link KeycloakCluster} built: HTTP on
     * loopback without TLS, the cluster's frontend address as the hostname (tokens issued by one node
     * verify on the other), and JGroups on loopback under the node's name; the cache stack is the
     * built default (Infinispan, JDBC_PING discovery through the shared database).
     */
    private List<String> productionArguments() {
        return List.of("start", "--optimized",
                "--http-enabled=true",
                "--hostname=" + node.frontend(),
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + node.clusterPort(),
                "--spi-cache-embedded--default--node-name=" + node.name());
    }

    /**
     * Database options. Dev mode uses the file-based H2 under {@code <dist>/data/h2}, which survives
     * {@link #restart()}; with {@code -Dkeycloak.db=postgres} the run's own PostgreSQL database; a
     * cluster node only the runtime options (the vendor is built in).
     */
    private List<String> databaseArguments() {
        if (database == null) {
            return List.of();
        }
        return node == null ? database.keycloakArguments() : database.runtimeArguments();
    }

    /** {@code kc.sh} with {@code arguments}, run in {@code distDir} without inherited Keycloak settings, appending to {@code log}. */
    static ProcessBuilder kcProcess(List<String> command, Path distDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(distDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("KEYCLOAK_"));
        return builder;
    }

    private void dropDatabase() {
        if (database != null) {
            try {
                database.drop();
            } catch (RuntimeException e) {
                System.err.println("harness: " + e.getMessage());
            }
        }
    }

    /** Copies the bundle jar into {@code providers/} of {@code distDir}. */
    static void installBundle(Path bundleJar, Path distDir) {
        if (!Files.isRegularFile(bundleJar)) {
            throw new IllegalStateException("bundle jar " + bundleJar + " is missing: run "
                    + "'./mvnw -B install -DskipTests' at the project root before the integration tests");
        }
        Path providers = distDir.resolve("providers");
        try {
            Files.createDirectories(providers);
            Files.copy(bundleJar, providers.resolve(bundleJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + bundleJar + " into " + providers, e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        URI health = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        URI master = URI.create(realmUrl("master"));
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                        + " during startup; last lines of " + logFile + ":\n" + String.join("\n", logTail(60)));
            }
            if (status(health) == 200 && status(master) == 200 && adminLoginWorks()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                stopQuietly();
                throw new IllegalStateException("Keycloak not ready after " + STARTUP_TIMEOUT.toSeconds()
                        + " s; last lines of " + logFile + ":\n" + String.join("\n", logTail(60)));
            }
            Polling.sleep(Duration.ofSeconds(1));
        }
    }

    private int status(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    private boolean adminLoginWorks() {
        try {
            admin().tokenManager().getAccessTokenString();
            return true;
        } catch (RuntimeException notYet) {
            closeAdmin();
            return false;
        }
    }

    // ---------------------------------------------------------------- stop

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("harness: stopping Keycloak failed: " + e);
        }
    }

    /** Runs in the shutdown hook: takes no lock, since a start may hold it while the JVM exits. */
    private void killOnShutdown() {
        Process running = process;
        if (running != null) {
            terminate(running.toHandle());
        }
        if (node == null) {
            dropDatabase();
        }
    }

    private synchronized void stop() {
        closeAdmin();
        if (process != null) {
            terminate(process.toHandle());
            process = null;
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is checked against the command line before anything is killed
        }
    }

    private synchronized void closeAdmin() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    /** Kills Keycloak processes left running from the distribution {@code distDir} by an earlier, interrupted run. */
    static void killStrayServers(Path distDir) {
        Path dist = realPath(distDir);
        readPidFile(dist.getParent().resolve("keycloak.pid")).flatMap(ProcessHandle::of)
                .filter(handle -> runsFrom(dist, handle)).ifPresent(stray -> {
                    System.out.println("harness: killing stray Keycloak pid " + stray.pid() + " from an earlier run");
                    terminate(stray);
                });
        ProcessHandle.allProcesses().filter(handle -> runsFrom(dist, handle)).forEach(stray -> {
            System.out.println("harness: killing stray Keycloak pid " + stray.pid() + " from an earlier run");
            terminate(stray);
        });
    }

    private static Optional<Long> readPidFile(Path pidFile) {
        try {
            return Files.exists(pidFile)
                    ? Optional.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean runsFrom(Path distDir, ProcessHandle handle) {
        String commandLine = handle.info().commandLine().orElse("");
        String dist = distDir.toString();
        for (String marker : List.of("-Dkc.home.dir=" + dist, dist + "/bin/kc.sh")) {
            int at = commandLine.indexOf(marker);
            if (at >= 0) {
                int end = at + marker.length();
                if (end == commandLine.length() || " /'".indexOf(commandLine.charAt(end)) >= 0) {
                    return handle.pid() != ProcessHandle.current().pid();
                }
            }
        }
        return false;
    }

    /** SIGTERM to the process and all its descendants, then SIGKILL to whatever is left. */
    private static void terminate(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(0, root);
        all.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        for (ProcessHandle handle : all) {
            try {
                long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
                handle.onExit().get(left, TimeUnit.MILLISECONDS);
            } catch (Exception timeoutOrInterrupt) {
                if (timeoutOrInterrupt instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (ProcessHandle handle : all) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
                handle.onExit().join();
            }
        }
    }

    // ---------------------------------------------------------------- helpers


    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property '" + name + "' is not set: run the integration "
                    + "tests through Maven ('./mvnw -pl integration-tests verify'), which sets it");
        }
        return value;
    }

    static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak distribution " + path + " does not exist: the "
                    + "pre-integration-test phase unpacks it ('./mvnw -pl integration-tests verify')", e);
        }
    }

}
