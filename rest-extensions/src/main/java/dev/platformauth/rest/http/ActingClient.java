package dev.platformauth.rest.http;

import dev.platformauth.common.error.JsonErrors;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/**
 * The realm client a REST resource acts as ({@code auth-service}, {@code sentinel}): its settings,
 * mappers and scopes apply to the tokens the resource issues.
 */
public final class ActingClient {

    private ActingClient() {
    }

    /** The enabled client {@code clientId}; 503 {@code not_configured} when the realm has none. */
    public static ClientModel require(RealmModel realm, String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null || !client.isEnabled()) {
            throw JsonErrors.exception(Response.Status.SERVICE_UNAVAILABLE, JsonErrors.NOT_CONFIGURED,
                    "This realm has no enabled '" + clientId + "' client");
        }
        return client;
    }
}
