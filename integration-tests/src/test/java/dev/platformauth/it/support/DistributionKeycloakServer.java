package dev.platformauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
final class DistributionKeycloakServer extends LaunchedKeycloakServer {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path distDir;
    private final Path pidFile;
    private final Thread shutdownHook = new Thread(this::killOnShutdown, "keycloak-shutdown");

    private volatile Process process;
    private boolean started;
    /** Set while {@link #kill()} stops the server: SIGKILL instead of SIGTERM. */
    private boolean killing;

    /**
     * One node of a cluster: its name, the cluster's frontend address (every node issues tokens for
     * it), its JGroups port and its JVM heap options.
     */
    record ClusterNode(String name, URI frontend, int clusterPort, String heap) {
    }

    DistributionKeycloakServer(Path distDir, KeycloakLaunch launch) {
        super(launch);
        this.distDir = distDir;
        this.pidFile = distDir.getParent().resolve("keycloak.pid");
    }

    /** Reads {@code keycloak.dist.dir} (set by failsafe) and the launch properties, and starts the server. */
    static DistributionKeycloakServer startFromSystemProperties() {
        Path distDir = realPath(Path.of(KeycloakLaunch.requiredProperty("keycloak.dist.dir")));
        DistributionKeycloakServer server = new DistributionKeycloakServer(distDir,
                KeycloakLaunch.fromSystemProperties(distDir.getParent(), "keycloak"));
        server.start(true);
        return server;
    }

    /**
     * A cluster node running from {@code distDir} (a built copy of the distribution with the bundle
     * installed) on the cluster's {@code database}, which the cluster creates and drops. Not started.
     */
    static DistributionKeycloakServer clusterNode(Path distDir, Path bundleJar, PostgresDatabase database, ClusterNode node) {
        Path dist = realPath(distDir);
        return new DistributionKeycloakServer(dist, KeycloakLaunch.clusterNode(bundleJar, dist.getParent(), database, node));
    }

    String nodeName() {
        return launch.node() == null ? "keycloak" : launch.node().name();
    }

    /** {@code bin/kc.sh} with the launch's command and options. */
    List<String> command() {
        List<String> command = new ArrayList<>(List.of(distDir.resolve("bin/kc.sh").toString()));
        command.addAll(launch.arguments());
        return command;
    }

    @Override
    public URI route(URI url) {
        ClusterNode node = launch.node();
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
        killing = true;
        try {
            stop();
        } finally {
            killing = false;
        }
    }

    /** The log lines written since the latest start. */
    List<String> logSinceStart() {
        List<String> all = logTail(Integer.MAX_VALUE);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).startsWith(LaunchedKeycloakServer.START_MARKER)) {
                return all.subList(i, all.size());
            }
        }
        return all;
    }

    @Override
    String backend() {
        return "distribution " + distDir;
    }

    @Override
    void startServer(boolean firstStart) {
        if (firstStart) {
            killStrayServers(distDir);
            installFiles();
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            started = true;
        }
        ProcessBuilder builder = kcProcess(command(), distDir, launch.logFile());
        builder.environment().putAll(launch.environment());
        try {
            process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command(), e);
        }
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

    /** Copies the bundle jar into {@code providers/} of {@code distDir}. */
    static void installBundle(Path bundleJar, Path distDir) {
        copy(bundleJar, distDir.resolve("providers").resolve(bundleJar.getFileName()));
    }

    @Override
    String notRunning() {
        Process running = process;
        return running == null ? "is stopped" : running.isAlive() ? null : "exited with code " + running.exitValue();
    }

    @Override
    void stopServer() {
        if (process != null) {
            if (killing) {
                List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
                all.add(0, process.toHandle());
                all.forEach(ProcessHandle::destroyForcibly);
                all.forEach(handle -> handle.onExit().join());
            } else {
                terminate(process.toHandle());
            }
            process = null;
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is checked against the command line before anything is killed
        }
    }

    @Override
    public synchronized void close() {
        super.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrRemoved) {
            // nothing to do
        }
    }

    /** Copies the launch's files (the bundle jar) into the distribution. */
    private void installFiles() {
        launch.files().forEach((relative, source) -> copy(source, distDir.resolve(relative)));
    }

    private static void copy(Path source, Path target) {
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException(source + " is missing: build the bundle in the same run, "
                    + "'./mvnw -B -pl integration-tests -am verify'");
        }
        try {
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
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

    static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak distribution " + path + " does not exist: the "
                    + "pre-integration-test phase unpacks it ('./mvnw -pl integration-tests verify')", e);
        }
    }
}
