package dev.platformauth.rest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.platformauth.common.error.JsonErrors;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.utils.KeycloakSessionUtil;

import java.util.Map;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The JSON error bodies of the request readers' tests, as a client reads them, and the request's error dialect. */
final class JsonErrorBodies {

    private JsonErrorBodies() {
    }

    /** Makes {@code dialect} the current request's, as a resource does with {@link JsonErrors#useDialect}. */
    static void inDialect(JsonErrors.Dialect dialect) {
        KeycloakSession session = mock(KeycloakSession.class);
        when(session.getAttribute("platform-auth.error-dialect", JsonErrors.Dialect.class)).thenReturn(dialect);
        // ErrorResponseException marks the request's transaction for rollback
        when(session.getTransactionManager()).thenReturn(mock(KeycloakTransactionManager.class));
        KeycloakSessionUtil.setKeycloakSession(session);
    }

    /** The entity as the client reads it: JSON nodes made plain values, JSON nulls kept. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Response response) {
        return new ObjectMapper().convertValue(response.getEntity(), Map.class);
    }
}
