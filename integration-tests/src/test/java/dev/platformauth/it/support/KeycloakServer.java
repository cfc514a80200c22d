package dev.platformauth.it.support;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.keycloak.admin.client.Keycloak;

/**
 * A running Keycloak that integration tests talk to. The distribution backend runs the unpacked
 * {@code keycloak-quarkus-dist} as a child process (the default), the container backend the
 * {@code quay.io/keycloak/keycloak} image ({@code -Dkeycloak.backend=container}).
 */
public interface KeycloakServer extends AutoCloseable {

    /** Root of the server, e.g. {@code http://127.0.0.1:41234}, without a trailing slash. */
    URI baseUri();

    /** Root of the management interface (health, {@code /metrics}), without a trailing slash. */
    URI managementUri();

    /** {@code <base>/realms/<realm>}. */
    default String realmUrl(String realm) {
        return baseUri() + "/realms/" + realm;
    }

    /**
     * Where a URL that Keycloak generated (a redirect, a form action, a mailed link) is served when this
     * server answers it: the URL itself for a single server; a cluster node sends the cluster's frontend
     * address to itself, as a load balancer pinned to that node would.
     */
    default URI route(URI url) {
        return url;
    }

    /** Admin client logged in to the master realm as the bootstrap admin. */
    Keycloak admin();

    /**
     * A new connection to the server's PostgreSQL database ({@code -Dkeycloak.db=postgres}), for tests
     * that must hold the database still at a chosen moment (e.g. a table lock); the caller closes it.
     */
    Connection openDatabase() throws SQLException;

    /** The last {@code lines} lines of the server log. */
    List<String> logTail(int lines);

    /** Stops the server and starts it again on the same ports with the same data. */
    void restart();

    /** Stops the server; idempotent. */
    @Override
    void close();
}
