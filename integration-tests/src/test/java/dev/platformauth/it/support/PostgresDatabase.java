package dev.platformauth.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh PostgreSQL database for one test run ({@code -Dkeycloak.db=postgres}): created before
 * Keycloak's first start and dropped after it stops. The server is the machine's PostgreSQL at
 * {@code keycloak.db.host}:{@code keycloak.db.port} (default 127.0.0.1:5432), user
 * {@code keycloak.db.username} (default {@code postgres}, trust authentication unless
 * {@code keycloak.db.password} is set).
 */
final class PostgresDatabase {

    static final String MODE_PROPERTY = "keycloak.db";
    static final String POSTGRES = "postgres";

    private final String host;
    private final String port;
    private final String username;
    private final String password;
    private final String name;
    private boolean created;

    private PostgresDatabase() {
        this.host = System.getProperty("keycloak.db.host", "127.0.0.1");
        this.port = System.getProperty("keycloak.db.port", "5432");
        this.username = System.getProperty("keycloak.db.username", "postgres");
        this.password = System.getProperty("keycloak.db.password", "");
        this.name = "platform_auth_it_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }

    /**
     * The database of a cluster run: the configured one, and PostgreSQL also when the run is otherwise an
     * H2 run ({@code -Dkeycloak.db} unset), since cluster nodes share one server database.
     */
    static PostgresDatabase forCluster() {
        PostgresDatabase configured = fromSystemProperties();
        return configured != null ? configured : new PostgresDatabase();
    }

    /** The database of this run when {@code -Dkeycloak.db=postgres}, else null (dev-mode H2). */
    static PostgresDatabase fromSystemProperties() {
        String mode = System.getProperty(MODE_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        if (mode.isEmpty() || mode.equals("dev-file") || mode.equals("h2")) {
            return null;
        }
        if (!mode.equals(POSTGRES)) {
            throw new IllegalStateException("unsupported -D" + MODE_PROPERTY + "=" + mode + " (use postgres, or leave it unset for H2)");
        }
        return new PostgresDatabase();
    }

    String name() {
        return name;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** Keycloak's options for this database. */
    List<String> keycloakArguments() {
        List<String> arguments = new java.util.ArrayList<>(buildArguments());
        arguments.addAll(runtimeArguments());
        return arguments;
    }

    /** The build-time option ({@code kc.sh build}): the database vendor. */
    List<String> buildArguments() {
        return List.of("--db=postgres");
    }

    /** The runtime options ({@code kc.sh start --optimized}): where the database is and who connects. */
    List<String> runtimeArguments() {
        List<String> arguments = new java.util.ArrayList<>(List.of("--db-url=" + jdbcUrl(), "--db-username=" + username));
        if (!password.isEmpty()) {
            arguments.add("--db-password=" + password);
        }
        return arguments;
    }

    synchronized void create() {
        execute("CREATE DATABASE " + name + " ENCODING 'UTF8'");
        created = true;
        System.out.println("harness: created PostgreSQL database " + name);
    }

    /** Drops the database (closing any connection left over); idempotent. */
    synchronized void drop() {
        if (!created) {
            return;
        }
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        created = false;
        System.out.println("harness: dropped PostgreSQL database " + name);
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
