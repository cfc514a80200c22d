package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.Caller;
import dev.platformauth.rest.http.JsonRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /realms/{realm}/entities} (docs/entity-tokens.md): one authentication token per user and
 * entity (organization), managed by the user or a user manager, and its introspection. Thin: rules
 * are {@link EntityTokens}', caller authentication {@link EntityTokenCaller}'s, use
 * {@link EntityTokenUse}'s.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class EntitiesResource {

    private static final String PRESENTED_SECRET = "authenticationToken";
    private static final String TOKEN_PATH = "{entityId}/users/{userId}/authentication-token";

    private final KeycloakSession session;

    EntitiesResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path(TOKEN_PATH)
    public Response get(@PathParam("entityId") String entityId, @PathParam("userId") String userId) {
        return ok(tokens(entityId, userId).get());
    }

    /** Creates the token; the body ({@code expiry}, {@code flags}) is optional. 201 with the secret, shown once. */
    @POST
    @Path(TOKEN_PATH)
    public Response create(@PathParam("entityId") String entityId, @PathParam("userId") String userId, InputStream body) {
        EntityTokens tokens = tokens(entityId, userId);
        EntityTokenInput input = optionalInput(body);
        return json(Response.Status.CREATED, tokens.create(input));
    }

    @PATCH
    @Path(TOKEN_PATH)
    public Response update(@PathParam("entityId") String entityId, @PathParam("userId") String userId, InputStream body) {
        EntityTokens tokens = tokens(entityId, userId);
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        EntityTokenInput input = EntityTokenInput.parse(request.body(), EntityTokens.now());
        if (input.isEmpty()) {
            throw JsonErrors.badRequest("Nothing to change: send 'expiry' and/or 'flags'");
        }
        return ok(tokens.update(input));
    }

    @DELETE
    @Path(TOKEN_PATH)
    public Response delete(@PathParam("entityId") String entityId, @PathParam("userId") String userId) {
        return ok(tokens(entityId, userId).delete());
    }

    /**
     * Rotates the secret: same id, expiry and flags. The body is optional: without
     * {@code authenticationToken} the authorised caller rotates the token as it stands; with it, the value
     * must be the current secret (400 otherwise). The old secret stops working at once.
     */
    @POST
    @Path(TOKEN_PATH + "/refresh")
    public Response refresh(@PathParam("entityId") String entityId, @PathParam("userId") String userId, InputStream body) {
        EntityTokens tokens = tokens(entityId, userId);
        Optional<String> presented = optionalBody(body)
                .filter(request -> request.body().hasNonNull(PRESENTED_SECRET))
                .map(request -> request.requiredString(PRESENTED_SECRET).trim());
        return ok(tokens.refresh(presented));
    }

    /** RFC 7662 introspection of an entity token for a confidential client. */
    @POST
    @Path("introspect")
    public Response introspect() {
        return new EntityTokenIntrospection(session).introspect();
    }

    private EntityTokens tokens(String entityId, String userId) {
        Caller caller = EntityTokenCaller.authenticate(session);
        return new EntityTokens(session, caller, entityId, userId);
    }

    private EntityTokenInput optionalInput(InputStream body) {
        return optionalBody(body).map(request -> EntityTokenInput.parse(request.body(), EntityTokens.now()))
                .orElse(EntityTokenInput.NONE);
    }

    /** The JSON body, or empty when the request has none. */
    private Optional<JsonRequest> optionalBody(InputStream body) {
        if (body == null) {
            return Optional.empty();
        }
        PushbackInputStream input = new PushbackInputStream(body, 1);
        try {
            int first = input.read();
            if (first == -1) {
                return Optional.empty();
            }
            input.unread(first);
        } catch (IOException e) {
            throw JsonErrors.badRequest("The request body could not be read");
        }
        return Optional.of(JsonRequest.read(session.getContext().getRequestHeaders(), input));
    }

    private static Response ok(Map<String, Object> body) {
        return json(Response.Status.OK, body);
    }

    private static Response json(Response.Status status, Map<String, Object> body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").header("Pragma", "no-cache").entity(EntityTokenView.json(body)).build();
    }
}
