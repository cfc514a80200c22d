package dev.platformauth.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

/**
 * What both backends share around a {@link KeycloakLaunch}: the admin client, the log file, waiting
 * for readiness (health, the master realm and an admin login), restart, and the run's database,
 * created before the first start and dropped after the last stop (a cluster node's is the cluster's). A backend starts and stops the
 * server itself.
 */
abstract class LaunchedKeycloakServer implements KeycloakServer {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong("keycloak.startup.timeout", 600));

    /** Starts each start's part of the server log. */
    static final String START_MARKER = "=== harness: ";

    protected final KeycloakLaunch launch;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Keycloak admin;

    LaunchedKeycloakServer(KeycloakLaunch launch) {
        this.launch = launch;
    }

    /** Starts the server (the first time: a fresh log and the run's database) and waits until it is ready. */
    final synchronized void start(boolean firstStart) {
        if (firstStart) {
            try {
                Files.deleteIfExists(launch.logFile());
            } catch (IOException e) {
                throw new IllegalStateException("cannot reset " + launch.logFile(), e);
            }
            if (launch.ownDatabase() != null) {
                launch.ownDatabase().create();
            }
        }
        log(START_MARKER + Instant.now() + " starting Keycloak " + launch.version() + " (" + backend() + "): "
                + String.join(" ", launch.arguments()));
        startServer(firstStart);
        awaitReady();
    }

    /** The backend's name in the log. */
    abstract String backend();

    /** Starts the server; returns once it runs (not necessarily ready). */
    abstract void startServer(boolean firstStart);

    /** Stops the server; idempotent. */
    abstract void stopServer();

    /** Null while the server runs, else why it does not (e.g. its exit code). */
    abstract String notRunning();

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + launch.httpPort());
    }

    @Override
    public URI managementUri() {
        return URI.create("http://127.0.0.1:" + launch.managementPort());
    }

    @Override
    public synchronized Keycloak admin() {
        if (admin == null) {
            admin = KeycloakBuilder.builder()
                    .serverUrl(baseUri().toString())
                    .realm("master")
                    .clientId("admin-cli")
                    .username(KeycloakLaunch.ADMIN_USERNAME)
                    .password(KeycloakLaunch.ADMIN_PASSWORD)
                    .build();
        }
        return admin;
    }

    @Override
    public List<String> logTail(int lines) {
        if (!Files.exists(launch.logFile())) {
            return List.of();
        }
        try {
            List<String> all = new String(Files.readAllBytes(launch.logFile()), StandardCharsets.UTF_8).lines().toList();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + launch.logFile() + ": " + e + ")");
        }
    }

    @Override
    public Connection openDatabase() throws SQLException {
        if (launch.ownDatabase() == null) {
            throw new IllegalStateException("this server runs on H2: start the run with -Dkeycloak.db=postgres");
        }
        return launch.ownDatabase().connect();
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
    }

    final synchronized void stop() {
        closeAdmin();
        stopServer();
    }

    final void dropDatabase() {
        if (launch.ownDatabase() != null) {
            try {
                launch.ownDatabase().drop();
            } catch (RuntimeException e) {
                System.err.println("harness: " + e.getMessage());
            }
        }
    }

    /** Appends a line to the server log. */
    final void log(String line) {
        try {
            Files.writeString(launch.logFile(), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("harness: cannot write " + launch.logFile() + ": " + e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        URI health = URI.create("http://127.0.0.1:" + launch.managementPort() + "/health/ready");
        URI master = URI.create(realmUrl("master"));
        while (true) {
            String down = notRunning();
            if (down != null) {
                throw new IllegalStateException("Keycloak " + down + " during startup; last lines of " + launch.logFile()
                        + ":\n" + String.join("\n", logTail(60)));
            }
            if (status(health) == 200 && status(master) == 200 && adminLoginWorks()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                stopQuietly();
                throw new IllegalStateException("Keycloak not ready after " + STARTUP_TIMEOUT.toSeconds()
                        + " s; last lines of " + launch.logFile() + ":\n" + String.join("\n", logTail(60)));
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

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("harness: stopping Keycloak failed: " + e);
        }
    }

    private synchronized void closeAdmin() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
