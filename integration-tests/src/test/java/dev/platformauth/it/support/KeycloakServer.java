package dev.platformauth.it.support;

import java.net.URI;
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

    /** {@code <base>/realms/<realm>}. */
    default String realmUrl(String realm) {
        return baseUri() + "/realms/" + realm;
    }

    /** Admin client logged in to the master realm as the bootstrap admin. */
    Keycloak admin();

    /** The last {@code lines} lines of the server log. */
    List<String> logTail(int lines);

    /** Stops the server and starts it again on the same ports with the same data. */
    void restart();

    /** Stops the server; idempotent. */
    @Override
    void close();
}
