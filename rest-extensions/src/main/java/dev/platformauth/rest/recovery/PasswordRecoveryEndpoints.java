package dev.platformauth.rest.recovery;

import dev.platformauth.common.error.InputError;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.mail.SendLimits;
import dev.platformauth.rest.account.OwnAccount;
import dev.platformauth.rest.account.TemplateFields;
import dev.platformauth.rest.account.TemplateTexts;
import dev.platformauth.rest.authservice.AuthServiceResourceProviderFactory;
import dev.platformauth.rest.http.JsonRequest;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The FastAPI template's password recovery on the password-reset machinery the sentinel API has too
 * ({@link PasswordResets}: one token kind, one completion path with its events, the address verified,
 * every session ended). {@code password-recovery/{email}} mails a link to the page the auth-service
 * client's {@value RecoverySettings#RESET_URL} names (the app's page, which posts the token to
 * {@code reset-password/}), else to the built-in page {@code …/auth-service/password-reset}.
 */
public final class PasswordRecoveryEndpoints {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;

    public PasswordRecoveryEndpoints(KeycloakSession session, ClientModel client) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.client = client;
    }

    /** 200 with the same message whether or not an account has {@code email}; 429 when a send limit refuses. */
    public Response recover(String email) {
        if (email.length() > JsonRequest.MAX_EMAIL_LENGTH) {
            throw JsonErrors.invalidInput(InputError.tooLong(List.of("path", "email"), email, JsonRequest.MAX_EMAIL_LENGTH,
                    "The email address is longer than " + JsonRequest.MAX_EMAIL_LENGTH + " characters"));
        }
        RecoverySettings settings = RecoverySettings.fromClientAttributes(client.getAttributes());
        if (new PasswordResets(session, client).requestInBackground(email.trim(), PasswordResets.Lookup.EMAIL, settings,
                PasswordResetPage.uri(session, realm, AuthServiceResourceProviderFactory.PROVIDER_ID))
                instanceof SendLimits.Refused refused) {
            return refused.response();
        }
        return OwnAccount.message(TemplateTexts.RECOVERY_SENT);
    }

    /** {@code {token, new_password}}: 200 with a message; 400 {@code Invalid token} for any token that is not a live one. */
    public Response reset(InputStream body) {
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String token = request.requiredString("token");
        String password = new TemplateFields(request).newPassword("new_password");
        PasswordResets resets = new PasswordResets(session, client);
        Optional<UserModel> holder = resets.holder(token);
        if (holder.isEmpty()) {
            resets.tokenRefused();
            throw invalidToken();
        }
        PasswordResets.Outcome outcome = resets.reset(token, holder.get(), password);
        if (outcome instanceof PasswordResets.Rejected rejected) {
            throw JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_PASSWORD, rejected.message(session));
        }
        if (outcome instanceof PasswordResets.Spent) {
            throw invalidToken();
        }
        return OwnAccount.message(TemplateTexts.PASSWORD_UPDATED);
    }

    private static RuntimeException invalidToken() {
        return JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_GRANT, TemplateTexts.INVALID_TOKEN);
    }
}
