package dev.platformauth.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Keycloak under load: either one this benchmark starts (the distribution of the pinned version
 * in production mode, {@code kc.sh build} then {@code kc.sh start --optimized}, with the bundle jar
 * in {@code providers/} and a fresh PostgreSQL database), or a running one given by
 * {@code -Dbench.url} (then {@code -Dbench.admin.username}/{@code -Dbench.admin.password} and, for
 * the stored-token scale steps, {@code -Dbench.db.url}).
 */
final class BenchmarkServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

    final URI baseUri;
    final String adminUsername;
    final String adminPassword;
    /** JDBC access to Keycloak's database, or null when the target's database is not reachable. */
    final Database database;
    private final Process process;
    private final Path log;
    private final boolean ownDatabase;

    private BenchmarkServer(URI baseUri, String adminUsername, String adminPassword, Database database,
            Process process, Path log, boolean ownDatabase) {
        this.baseUri = baseUri;
        this.adminUsername = adminUsername;
        this.adminPassword = adminPassword;
        this.database = database;
        this.process = process;
        this.log = log;
        this.ownDatabase = ownDatabase;
    }

    /** JDBC coordinates of Keycloak's database. */
    record Database(String url, String username, String password) {

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }
    }

    static BenchmarkServer fromSystemProperties() {
        String url = System.getProperty("bench.url", "").trim();
        if (!url.isEmpty()) {
            String dbUrl = System.getProperty("bench.db.url", "").trim();
            Database database = dbUrl.isEmpty() ? null : new Database(dbUrl,
                    System.getProperty("bench.db.username", "postgres"), System.getProperty("bench.db.password", ""));
            return new BenchmarkServer(URI.create(url.replaceAll("/+$", "")),
                    System.getProperty("bench.admin.username", "admin"),
                    System.getProperty("bench.admin.password", "admin"), database, null, null, false);
        }
        return start();
    }

    private static BenchmarkServer start() {
        Path home = Path.of(required("keycloak.dist.dir"));
        Path bundleDir = Path.of(required("bench.bundle.dir"));
        String dbHost = System.getProperty("bench.db.host", "127.0.0.1");
        String dbPort = System.getProperty("bench.db.port", "5432");
        String dbUser = System.getProperty("bench.db.username", "postgres");
        String dbPassword = System.getProperty("bench.db.password", "");
        String dbName = "platform_auth_bench_" + Long.toString(System.currentTimeMillis(), 36);
        Database admin = new Database("jdbc:postgresql://" + dbHost + ":" + dbPort + "/postgres", dbUser, dbPassword);
        execute(admin, "CREATE DATABASE " + dbName + " ENCODING 'UTF8'");
        Database database = new Database("jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + dbName, dbUser, dbPassword);
        try {
            installBundle(home, bundleDir);
            int httpPort = freePort();
            int managementPort = freePort();
            Path log = home.resolve("benchmark-keycloak.log");
            run(home, log, List.of("build", "--db=postgres", "--health-enabled=true"), Duration.ofMinutes(10));
            List<String> start = new ArrayList<>(List.of("start", "--optimized",
                    "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                    "--http-management-port=" + managementPort, "--hostname-strict=false",
                    "--db-url=" + database.url(), "--db-username=" + dbUser,
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + freePort(),
                    "--log-level=INFO"));
            if (!dbPassword.isEmpty()) {
                start.add("--db-password=" + dbPassword);
            }
            Process process = launch(home, log, start, true);
            URI base = URI.create("http://127.0.0.1:" + httpPort);
            BenchmarkServer server = new BenchmarkServer(base, "admin", "admin", database, process, log, true);
            server.awaitReady();
            System.out.println("benchmark: Keycloak ready at " + base + " (database " + dbName + ")");
            return server;
        } catch (RuntimeException e) {
            execute(admin, "DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
            throw e;
        }
    }

    private static void installBundle(Path home, Path bundleDir) {
        try (Stream<Path> jars = Files.list(bundleDir)) {
            Path jar = jars.filter(p -> p.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no bundle jar in " + bundleDir));
            try (Stream<Path> old = Files.list(home.resolve("providers"))) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith("keycloak-platform-auth")).toList()) {
                    Files.delete(p);
                }
            }
            Files.copy(jar, home.resolve("providers").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(Path home, Path log, List<String> arguments, Duration timeout) {
        Process process = launch(home, log, arguments, false);
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("kc.sh " + arguments.get(0) + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Process launch(Path home, Path log, List<String> arguments, boolean append) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        HttpRequest probe = HttpRequest.newBuilder(baseUri.resolve("/realms/master/.well-known/openid-configuration")).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited during start; see " + log);
            }
            try {
                if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Keycloak not ready after " + READY_TIMEOUT + "; see " + log);
    }

    static void execute(Database database, String sql) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused '" + sql + "': " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run through the benchmarks module's Maven build)");
        }
        return value;
    }

    @Override
    public void close() {
        if (process != null) {
            process.toHandle().descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownDatabase && !Boolean.getBoolean("bench.keep.database")) {
            String url = database.url();
            String name = url.substring(url.lastIndexOf('/') + 1);
            execute(new Database(url.substring(0, url.lastIndexOf('/')) + "/postgres", database.username(), database.password()),
                    "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
