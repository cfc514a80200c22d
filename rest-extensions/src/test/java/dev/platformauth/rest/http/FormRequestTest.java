package dev.platformauth.rest.http;

import dev.platformauth.common.error.JsonErrors;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.utils.KeycloakSessionUtil;

import jakarta.ws.rs.core.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class FormRequestTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final HttpHeaders headers = mock(HttpHeaders.class);
    private final HttpRequest request = mock(HttpRequest.class);

    @BeforeEach
    void request() {
        KeycloakContext context = mock(KeycloakContext.class);
        when(session.getContext()).thenReturn(context);
        when(context.getRequestHeaders()).thenReturn(headers);
        when(context.getHttpRequest()).thenReturn(request);
        JsonErrorBodies.inDialect(JsonErrors.Dialect.STANDARD);
    }

    @AfterEach
    void noSession() {
        KeycloakSessionUtil.setKeycloakSession(null);
    }

    @Test
    @DisplayName("given a form body when read then its decoded fields come back")
    void form() {
        when(headers.getMediaType()).thenReturn(MediaType.valueOf("application/x-www-form-urlencoded; charset=UTF-8"));
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("username", "alice");
        when(request.getDecodedFormParameters()).thenReturn(form);
        assertThat(FormRequest.read(session).getFirst("username")).isEqualTo("alice");
    }

    @Test
    @DisplayName("given JSON or no content type when read then 415 unsupported_media_type")
    void wrongType() {
        when(headers.getMediaType()).thenReturn(MediaType.APPLICATION_JSON_TYPE);
        ErrorResponseException json = catchThrowableOfType(ErrorResponseException.class, () -> FormRequest.read(session));
        assertThat(json.getResponse().getStatus()).isEqualTo(415);
        assertThat(JsonErrorBodies.body(json.getResponse())).containsEntry("error", JsonErrors.UNSUPPORTED_MEDIA_TYPE);

        when(headers.getMediaType()).thenReturn(null);
        ErrorResponseException none = catchThrowableOfType(ErrorResponseException.class, () -> FormRequest.read(session));
        assertThat(none.getResponse().getStatus()).isEqualTo(415);
    }

    @Test
    @DisplayName("given a form body that cannot be decoded when read then 400 invalid_request")
    void undecodable() {
        when(headers.getMediaType()).thenReturn(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
        when(request.getDecodedFormParameters()).thenReturn(null);
        ErrorResponseException refused = catchThrowableOfType(ErrorResponseException.class, () -> FormRequest.read(session));
        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
        assertThat(JsonErrorBodies.body(refused.getResponse())).containsEntry("error", JsonErrors.INVALID_REQUEST);
    }
}
