package dev.platformauth.common.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.utils.KeycloakSessionUtil;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that builds error responses: {@code {"error": "<code>", "error_description": "<text>"}}
 * with the statuses of docs/error-contract.md. Descriptions never contain a secret or say whether an
 * account exists. A resource may choose a {@link Dialect} for its request: the {@code auth-service}
 * routes speak {@link Dialect#FASTAPI} (docs/account-api.md), every other route {@link Dialect#STANDARD}.
 */
public final class JsonErrors {

    /** How the errors of the current request are written. */
    public enum Dialect {
        /** {@code {"error", "error_description"}}; invalid input is 400 {@code invalid_request}. */
        STANDARD,
        /**
         * FastAPI's: every error also carries {@code "detail": "<text>"} (its {@code HTTPException} body),
         * and invalid input is 422 with pydantic's {@code "detail": [{"type", "loc", "msg", "input"}]}.
         */
        FASTAPI
    }

    /** Status of FastAPI's request-validation errors. */
    static final int UNPROCESSABLE = 422;

    private static final String DIALECT_ATTRIBUTE = "platform-auth.error-dialect";

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String INVALID_TOKEN = "invalid_token";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_PASSWORD = "invalid_password";
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String REQUEST_TOO_LARGE = "request_too_large";
    public static final String NOT_CONFIGURED = "not_configured";
    public static final String NOT_FOUND = "not_found";
    /** 404 of an SSO provider (or SSO initiation) the realm has no enabled identity provider for. */
    public static final String SSO_NOT_CONFIGURED = "sso_not_configured";
    public static final String FORBIDDEN = "forbidden";
    public static final String CONFLICT = "conflict";
    static final String TOO_MANY_REQUESTS = "too_many_requests";

    private JsonErrors() {
    }

    /** An error response with the given status, code and description. */
    public static Response response(Response.Status status, String error, String description) {
        return response(status.getStatusCode(), error, description);
    }

    /** An error response with a numeric status (413 and 429 have no constant in every JAX-RS version). */
    public static Response response(int status, String error, String description) {
        return json(status, body(dialect(), error, description));
    }

    /** Makes {@code dialect} the one the errors of {@code session}'s request are written in. */
    public static void useDialect(KeycloakSession session, Dialect dialect) {
        session.setAttribute(DIALECT_ATTRIBUTE, dialect);
    }

    /** The dialect of the current request; {@link Dialect#STANDARD} unless its resource chose another. */
    static Dialect dialect() {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        Dialect chosen = session == null ? null : session.getAttribute(DIALECT_ATTRIBUTE, Dialect.class);
        return chosen == null ? Dialect.STANDARD : chosen;
    }

    /** The body of an error in {@code dialect}. */
    static Map<String, Object> body(Dialect dialect, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (dialect == Dialect.FASTAPI) {
            body.put("detail", description);
        }
        body.put("error", error);
        body.put("error_description", description);
        return body;
    }

    /**
     * Invalid input, thrown before any state changed: 400 {@code invalid_request} with the error's
     * description, or in the FastAPI dialect 422 with pydantic's {@code detail} list beside them.
     */
    public static ErrorResponseException invalidInput(InputError error) {
        Dialect dialect = dialect();
        int status = dialect == Dialect.FASTAPI ? UNPROCESSABLE : Response.Status.BAD_REQUEST.getStatusCode();
        return new ErrorResponseException(json(status, invalidInputBody(dialect, error)));
    }

    static Map<String, Object> invalidInputBody(Dialect dialect, InputError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (dialect == Dialect.FASTAPI) {
            body.put("detail", List.of(error.toJson()));
        }
        body.put("error", INVALID_REQUEST);
        body.put("error_description", error.description());
        return body;
    }

    private static Response json(int status, Map<String, Object> body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(body)
                .build();
    }

    /**
     * The same response as an exception, for validation failures before any state changed (Keycloak
     * rolls the request transaction back when it is thrown).
     */
    public static ErrorResponseException exception(Response.Status status, String error, String description) {
        return new ErrorResponseException(response(status, error, description));
    }

    public static ErrorResponseException exception(int status, String error, String description) {
        return new ErrorResponseException(response(status, error, description));
    }

    public static ErrorResponseException badRequest(String description) {
        return exception(Response.Status.BAD_REQUEST, INVALID_REQUEST, description);
    }

    /** 429 with {@code Retry-After} in seconds. */
    public static Response tooManyRequests(String description, long retryAfterSeconds) {
        Response base = response(429, TOO_MANY_REQUESTS, description);
        return Response.fromResponse(base).header("Retry-After", Math.max(1, retryAfterSeconds)).build();
    }
}
