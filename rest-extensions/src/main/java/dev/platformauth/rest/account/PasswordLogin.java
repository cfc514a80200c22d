package dev.platformauth.rest.account;

import dev.platformauth.common.error.InputError;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.rest.authservice.AuthServiceApi;
import dev.platformauth.rest.http.FormRequest;
import dev.platformauth.rest.http.JsonRequest;
import dev.platformauth.rest.http.PasswordSignIn;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.ErrorResponseException;

import java.util.List;

/**
 * {@code login/access-token}: a form with {@code username} (or email) and {@code password}, signed
 * in by {@link PasswordSignIn} and answered with both tokens. As the FastAPI template answers: 400
 * {@value TemplateTexts#INCORRECT_CREDENTIALS} for refused credentials, and 400
 * {@value TemplateTexts#INACTIVE_USER} for a disabled account only when its password was right.
 */
public final class PasswordLogin {

    private static final int MAX_FIELD_LENGTH = 1024;

    private final KeycloakSession session;
    private final ClientModel client;

    public PasswordLogin(KeycloakSession session, ClientModel client) {
        this.session = session;
        this.client = client;
    }

    public Response login() {
        MultivaluedMap<String, String> form = readForm();
        String username = requiredField(form, "username");
        String password = requiredField(form, "password");
        AccessTokenResponse tokens = PasswordSignIn.signIn(session, client, username, password,
                form.getFirst(OAuth2Constants.SCOPE), PasswordLogin::refused);
        return AuthServiceApi.tokenResponse(tokens);
    }

    private static ErrorResponseException refused(PasswordSignIn.Refusal refusal) {
        return JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_GRANT,
                refusal == PasswordSignIn.Refusal.INACTIVE ? TemplateTexts.INACTIVE_USER : TemplateTexts.INCORRECT_CREDENTIALS);
    }

    private MultivaluedMap<String, String> readForm() {
        return FormRequest.read(session);
    }

    private static String requiredField(MultivaluedMap<String, String> form, String field) {
        List<String> values = form.get(field);
        List<Object> loc = List.of("body", field);
        if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank()) {
            throw JsonErrors.invalidInput(InputError.missing(loc, null, "Missing required field '" + field + "'"));
        }
        if (values.size() > 1) {
            throw JsonErrors.badRequest("Field '" + field + "' is given more than once");
        }
        if (values.get(0).length() > MAX_FIELD_LENGTH) {
            throw JsonErrors.invalidInput(InputError.tooLong(loc, JsonRequest.isSecret(field) ? InputError.REDACTED : values.get(0),
                    MAX_FIELD_LENGTH, "Field '" + field + "' is longer than " + MAX_FIELD_LENGTH + " characters"));
        }
        return values.get(0);
    }
}
