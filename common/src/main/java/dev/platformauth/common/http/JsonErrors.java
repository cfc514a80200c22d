package dev.platformauth.common.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.services.ErrorResponseException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that builds error responses: {@code {"error": "<code>", "error_description": "<text>"}}
 * with the status of DESIGN §4. Descriptions never contain a secret or say whether an account exists.
 */
public final class JsonErrors {

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
    public static final String TOO_MANY_REQUESTS = "too_many_requests";

    private JsonErrors() {
    }

    /** An error response with the given status, code and description. */
    public static Response response(Response.Status status, String error, String description) {
        return response(status.getStatusCode(), error, description);
    }

    /** An error response with a numeric status (413 and 429 have no constant in every JAX-RS version). */
    public static Response response(int status, String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
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
