package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.error.JsonErrors;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.AuthorizeClientUtil;
import org.keycloak.services.ErrorResponseException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST entities/introspect}: RFC 7662 for entity tokens. Form parameter {@code token}; the
 * caller is a confidential client authenticated the way the realm's client-authentication flow
 * allows (client secret in Basic or form, signed JWT, ...). Answers {@code {"active": false}} for
 * anything that is not a usable token now; otherwise {@code active, sub, username, entity, flags,
 * exp, iat, token_type}. An INTROSPECT_TOKEN event records each call.
 */
final class EntityTokenIntrospection {

    static final String TOKEN_TYPE = "entity_token";
    private static final int MAX_TOKEN_LENGTH = 512;

    private final KeycloakSession session;
    private final RealmModel realm;

    EntityTokenIntrospection(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    Response introspect() {
        MediaType type = session.getContext().getRequestHeaders().getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            throw JsonErrors.exception(Response.Status.UNSUPPORTED_MEDIA_TYPE, JsonErrors.UNSUPPORTED_MEDIA_TYPE,
                    "The request body must be application/x-www-form-urlencoded");
        }
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.INTROSPECT_TOKEN).detail(Details.TOKEN_TYPE, TOKEN_TYPE);
        ClientModel client = authenticateClient(event);
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        List<String> tokens = form.get("token");
        if (tokens == null || tokens.size() != 1 || tokens.get(0) == null || tokens.get(0).isBlank()
                || tokens.get(0).length() > MAX_TOKEN_LENGTH) {
            event.error(Errors.INVALID_REQUEST);
            throw JsonErrors.badRequest("Send exactly one 'token' form parameter");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        EntityTokenUse.check(session, realm, tokens.get(0).trim()).ifPresentOrElse(active -> {
            EntityTokenEntity token = active.token();
            body.put("active", true);
            body.put("sub", active.user().getId());
            body.put("username", active.user().getUsername());
            body.put("entity", token.getEntityId());
            body.put("flags", EntityTokenStore.readFlags(token));
            if (token.getExpiresAt() != null) {
                body.put("exp", token.getExpiresAt() / 1000);
            }
            body.put("iat", token.getCreatedAt() / 1000);
            body.put("token_type", TOKEN_TYPE);
            event.user(active.user()).detail("entity", token.getEntityId()).detail("token_id", token.getId()).success();
        }, () -> {
            body.put("active", false);
            event.detail(Details.REASON, "inactive entity token").success();
        });
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    private ClientModel authenticateClient(EventBuilder event) {
        ClientModel client;
        try {
            client = AuthorizeClientUtil.authorizeClient(session, event, null).getClient();
        } catch (RuntimeException e) {
            // Keycloak's authenticators answer with their own bodies; ours are the JSON errors of docs/error-contract.md
            throw invalidClient("Client authentication failed");
        }
        if (client == null || client.isPublicClient() || client.isBearerOnly()) {
            event.error(Errors.INVALID_CLIENT);
            throw invalidClient("Introspection needs a confidential client");
        }
        event.client(client);
        return client;
    }

    private static ErrorResponseException invalidClient(String description) {
        Response base = JsonErrors.response(Response.Status.UNAUTHORIZED, JsonErrors.INVALID_CLIENT, description);
        return new ErrorResponseException(Response.fromResponse(base).header(HttpHeaders.WWW_AUTHENTICATE, "Basic").build());
    }
}
