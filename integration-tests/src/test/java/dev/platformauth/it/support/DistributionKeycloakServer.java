package dev.platformauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Runs the unpacked Keycloak distribution ({@code bin/kc.sh start-dev}) as a child process with the
 * bundle jar in {@code providers/}. One instance per test JVM; see {@link KeycloakExtension}.
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

    /** {@code bin/kc.sh start-dev} with the launch's options. */
    List<String> command() {
        List<String> command = new ArrayList<>(List.of(distDir.resolve("bin/kc.sh").toString(), KeycloakLaunch.COMMAND));
        command.addAll(launch.options());
        return command;
    }

    @Override
    String backend() {
        return "distribution " + distDir;
    }

    @Override
    void startServer(boolean firstStart) {
        if (firstStart) {
            killStrayServers();
            installFiles();
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        ProcessBuilder builder = new ProcessBuilder(command())
                .directory(distDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("KEYCLOAK_"));
        env.putAll(launch.environment());
        try {
            process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command(), e);
        }
    }

    @Override
    String notRunning() {
        Process running = process;
        return running == null ? "is stopped" : running.isAlive() ? null : "exited with code " + running.exitValue();
    }

    @Override
    void stopServer() {
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
        launch.files().forEach((relative, source) -> {
            Path target = distDir.resolve(relative);
            try {
                Files.createDirectories(target.getParent());
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
            }
        });
    }

    /** Runs in the shutdown hook: takes no lock, since a start may hold it while the JVM exits. */
    private void killOnShutdown() {
        Process running = process;
        if (running != null) {
            terminate(running.toHandle());
        }
        dropDatabase();
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

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak distribution " + path + " does not exist: the "
                    + "pre-integration-test phase unpacks it ('./mvnw -pl integration-tests verify')", e);
        }
    }
}
