package dev.platformauth.rest.recovery;

import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.mail.SendLimits;
import dev.platformauth.rest.http.BearerAuth;
import dev.platformauth.rest.http.JsonRequest;
import dev.platformauth.rest.sentinel.SentinelResourceProviderFactory;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON side of password reset and username reminders: {@code passwordReset}, {@code GET/POST
 * password} and {@code usernameRequest}. Requests answer 202 with the same body whether or not the
 * account exists (429 when a send limit of the request refuses, for every account alike); {@code password} takes the reset token as its Bearer credential: 401 without one,
 * 403 for any token that is not a live reset token (access tokens, spent or expired reset tokens).
 */
public final class AccountRecovery {

    /** Keycloak's limit for usernames; emails are at most 254 characters. */
    private static final int MAX_USERNAME_LENGTH = 255;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;

    public AccountRecovery(KeycloakSession session, ClientModel client) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.client = client;
    }

    public Response passwordReset(InputStream input) {
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), input);
        String username = request.optionalString("username", MAX_USERNAME_LENGTH)
                .orElseThrow(() -> JsonErrors.badRequest("Missing required field 'username'")).trim();
        RecoverySettings settings = settings();
        if (new PasswordResets(session, client).requestInBackground(username, PasswordResets.Lookup.USERNAME_OR_EMAIL, settings,
                PasswordResetPage.uri(session, realm, SentinelResourceProviderFactory.PROVIDER_ID)) instanceof SendLimits.Refused refused) {
            return refused.response();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "If the account exists and has an email address, a link to reset its password has been sent to it.");
        body.put("expiresIn", settings.resetLifetimeSeconds());
        return accepted(body);
    }

    public Response usernameRequest(InputStream input) {
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), input);
        String email = request.requiredEmail("email");
        if (UsernameReminders.requestInBackground(session, realm, client, email, settings()) instanceof SendLimits.Refused refused) {
            return refused.response();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "If accounts are registered with this address, their usernames have been sent to it.");
        return accepted(body);
    }

    /** {@code GET password}: 204 while the Bearer reset token is live; it is not spent. */
    public Response checkResetToken() {
        holder(BearerAuth.tokenFrom(session.getContext().getRequestHeaders()), false);
        return noContent();
    }

    /** {@code POST password}: sets the password under the realm's policy and spends the reset token. */
    public Response setPassword(InputStream body) {
        String token = BearerAuth.tokenFrom(session.getContext().getRequestHeaders());
        PasswordResets resets = new PasswordResets(session, client);
        UserModel user = holder(token, true);
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String password = request.optionalString("password", JsonRequest.MAX_FIELD_LENGTH)
                .orElseThrow(() -> JsonErrors.badRequest("Missing required field 'password'"));
        PasswordResets.Outcome outcome = resets.reset(token, user, password);
        if (outcome instanceof PasswordResets.Rejected rejected) {
            throw JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_PASSWORD, rejected.message(session));
        }
        if (outcome instanceof PasswordResets.Spent) {
            // a concurrent request spent the token first
            throw forbidden();
        }
        return noContent();
    }

    private UserModel holder(String token, boolean recordRefusal) {
        if (token == null) {
            throw BearerAuth.unauthorized("Missing bearer token: send the password-reset token");
        }
        PasswordResets resets = new PasswordResets(session, client);
        return resets.holder(token).orElseThrow(() -> {
            if (recordRefusal) {
                resets.tokenRefused();
            }
            return forbidden();
        });
    }

    private static RuntimeException forbidden() {
        return JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN,
                "Needs the CHANGE_PASSWORD authority: a live password-reset token (this one is not one, or it is spent or expired)");
    }

    private RecoverySettings settings() {
        return RecoverySettings.fromClientAttributes(client.getAttributes());
    }

    private static Response accepted(Map<String, Object> body) {
        return Response.accepted(body).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    private static Response noContent() {
        return Response.noContent().header("Cache-Control", "no-store").build();
    }
}
