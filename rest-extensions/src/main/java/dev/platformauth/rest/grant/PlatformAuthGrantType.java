package dev.platformauth.rest.grant;

import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.services.CorsErrorResponseException;

import java.util.Set;

/**
 * What this bundle's token-endpoint grants share: a LOGIN event, no parameters of their own for
 * Keycloak's duplicate check, and a per-client switch (a client attribute that must be {@code "true"},
 * else {@code unauthorized_client}).
 */
public abstract class PlatformAuthGrantType extends OAuth2GrantTypeBase {

    @Override
    public EventType getEventType() {
        return EventType.LOGIN;
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return Set.of();
    }

    /** 400 {@code unauthorized_client} (event NOT_ALLOWED) unless the client's {@code attribute} is {@code "true"}. */
    protected void requireSwitchedOn(String attribute, String grantName) {
        if (!Boolean.parseBoolean(client.getAttribute(attribute))) {
            event.error(Errors.NOT_ALLOWED);
            throw new CorsErrorResponseException(cors, OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "The " + grantName + " grant is not enabled for this client", Response.Status.BAD_REQUEST);
        }
    }
}
