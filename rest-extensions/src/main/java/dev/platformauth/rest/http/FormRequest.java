package dev.platformauth.rest.http;

import dev.platformauth.common.error.JsonErrors;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

/** The one place that reads form-encoded request bodies: content type (415) and syntax (400), as JSON errors. */
public final class FormRequest {

    private FormRequest() {
    }

    /** The decoded {@code application/x-www-form-urlencoded} body of the current request. */
    public static MultivaluedMap<String, String> read(KeycloakSession session) {
        MediaType type = session.getContext().getRequestHeaders().getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            throw JsonErrors.exception(Response.Status.UNSUPPORTED_MEDIA_TYPE, JsonErrors.UNSUPPORTED_MEDIA_TYPE,
                    "The request body must be application/x-www-form-urlencoded");
        }
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        if (form == null) {
            throw JsonErrors.badRequest("The request body is not a valid form");
        }
        return form;
    }
}
