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
 * Runs the unpacked Keycloak distribution ({@code bin/kc.sh start-dev}) as a child process with the
 * bundle jar in {@code providers/}. One instance per test JVM; see {@link KeycloakExtension}.
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

    private final Path distDir;
    private final Path bundleJar;
    private final Path logFile;
    private final Path pidFile;
    private final int httpPort;
    private final int managementPort;
    /** The run's PostgreSQL database ({@code -Dkeycloak.db=postgres}), or null for dev-mode H2. */
    private final PostgresDatabase database;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread shutdownHook = new Thread(this::killOnShutdown, "keycloak-shutdown");

    private volatile Process process;
    private Keycloak admin;

    private DistributionKeycloakServer(Path distDir, Path bundleJar) {
        this.distDir = realPath(distDir);
        this.bundleJar = bundleJar.toAbsolutePath().normalize();
        Path targetDir = this.distDir.getParent();
        this.database = PostgresDatabase.fromSystemProperties();
        this.logFile = targetDir.resolve(database == null ? "keycloak.log" : "keycloak-postgres.log");
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
        DistributionKeycloakServer server = new DistributionKeycloakServer(
                Path.of(requiredProperty("keycloak.dist.dir")), Path.of(requiredProperty("bundle.jar")));
        server.start(true);
        return server;
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
    public synchronized void close() {
        stop();
        dropDatabase();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrRemoved) {
            // nothing to do
        }
    }

    // ---------------------------------------------------------------- start

    private synchronized void start(boolean firstStart) {
        if (firstStart) {
            killStrayServers();
            installBundle();
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            if (database != null) {
                database.create();
            }
        }
        List<String> command = new ArrayList<>(List.of(
                distDir.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--health-enabled=true",
                // the bundle's meters on the management interface's /metrics (docs/metrics.md)
                "--metrics-enabled=true",
                // the per-client settings page of the admin console is a declarative-UI page
                "--features=declarative-ui",
                "--log-level=" + LOG_LEVEL));
        command.addAll(databaseArguments());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(distDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("KEYCLOAK_"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        try {
            if (firstStart) {
                Files.deleteIfExists(logFile);
            }
            Files.writeString(logFile, "=== harness: " + Instant.now() + " starting " + String.join(" ", command)
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
     * Database options. Dev mode uses the file-based H2 under {@code <dist>/data/h2}, which survives
     * {@link #restart()}; with {@code -Dkeycloak.db=postgres} the run's own PostgreSQL database.
     */
    private List<String> databaseArguments() {
        return database == null ? List.of() : database.keycloakArguments();
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

    private void installBundle() {
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
        dropDatabase();
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

    /** Kills Keycloak processes left running from this distribution by an earlier, interrupted run. */
    private void killStrayServers() {
        readPidFile().flatMap(ProcessHandle::of).filter(this::runsFromThisDistribution).ifPresent(stray -> {
            System.out.println("harness: killing stray Keycloak pid " + stray.pid() + " from an earlier run");
            terminate(stray);
        });
        ProcessHandle.allProcesses().filter(this::runsFromThisDistribution).forEach(stray -> {
            System.out.println("harness: killing stray Keycloak pid " + stray.pid() + " from an earlier run");
            terminate(stray);
        });
    }

    private Optional<Long> readPidFile() {
        try {
            return Files.exists(pidFile)
                    ? Optional.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean runsFromThisDistribution(ProcessHandle handle) {
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

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak distribution " + path + " does not exist: the "
                    + "pre-integration-test phase unpacks it ('./mvnw -pl integration-tests verify')", e);
        }
    }

}
