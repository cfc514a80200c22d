package dev.platformauth.rest.authservice;

import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/**
 * The root of {@code auth-service}: the same API under {@code api/v2} and the legacy {@code api}.
 */
public final class AuthServiceResource {

    private final KeycloakSession session;

    AuthServiceResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("api/v2")
    public AuthServiceApi v2() {
        return new AuthServiceApi(session);
    }

    @Path("api")
    public AuthServiceApi legacy() {
        return new AuthServiceApi(session);
    }
}
