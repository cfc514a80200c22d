package dev.platformauth.rest.http;

import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.rest.authservice.AuthServiceResource;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.error.KeycloakErrorHandler;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * A form body that is not valid percent-encoding ({@code password=abc%zz}) is a client error. Keycloak
 * 26.7.0's RESTEasy Reactive decodes every form body under {@code /realms/...} before any resource runs
 * and throws {@code IllegalArgumentException("Failed to decode URL <the raw value> to UTF-8")}, which
 * Keycloak's {@link KeycloakErrorHandler} answers with 500 and logs at ERROR together with the raw value,
 * often a password (keycloak/keycloak#37935). This mapper answers that one exception with 400
 * {@code invalid_request} (with {@code detail} on the auth-service API's paths, as its other errors) and
 * logs nothing; every other {@link IllegalArgumentException} goes to Keycloak's handler unchanged.
 */
@Provider
public final class UndecodableFormMapper implements ExceptionMapper<IllegalArgumentException> {

    private static final Logger LOG = Logger.getLogger(UndecodableFormMapper.class);
    static final String MARKER = "Failed to decode URL";
    private static final String DECODER = "org.jboss.resteasy.reactive.common.util.URLUtils";

    @Override
    public Response toResponse(IllegalArgumentException exception) {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (isUndecodableForm(exception)) {
            if (session != null) {
                session.getTransactionManager().setRollbackOnly();
                if (AuthServiceResource.isApiPath(requestPath(session))) {
                    JsonErrors.useDialect(session, JsonErrors.Dialect.FASTAPI);
                }
            }
            return JsonErrors.response(Response.Status.BAD_REQUEST, JsonErrors.INVALID_REQUEST,
                    "The form body is not valid percent-encoded UTF-8");
        }
        if (session == null) {
            // not inside a Keycloak request (never seen): Keycloak's handler needs a session; log as it would
            LOG.error("Uncaught server error", exception);
            return JsonErrors.response(Response.Status.INTERNAL_SERVER_ERROR, "unknown_error",
                    "For more on this error consult the server log.");
        }
        return KeycloakErrorHandler.getResponse(session, exception);
    }

    /** The path of the request being answered; null when it cannot be told (the answer then has no dialect). */
    private static String requestPath(KeycloakSession session) {
        try {
            return session.getContext().getHttpRequest().getUri().getRequestUri().getPath();
        } catch (RuntimeException e) {
            LOG.debugf("No request path for the error dialect: %s", e.getClass().getSimpleName());
            return null;
        }
    }

    /** RESTEasy Reactive's URL decoder failing on a request's form body or query. */
    static boolean isUndecodableForm(Throwable exception) {
        String message = exception.getMessage();
        if (message == null || !message.startsWith(MARKER)) {
            return false;
        }
        for (StackTraceElement frame : exception.getStackTrace()) {
            if (DECODER.equals(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }
}
