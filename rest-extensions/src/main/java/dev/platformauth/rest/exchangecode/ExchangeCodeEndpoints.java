package dev.platformauth.rest.exchangecode;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.exchangecode.ExchangeCodeSettings;
import dev.platformauth.common.exchangecode.ExchangeCodes;
import dev.platformauth.common.mail.SendLimits;
import dev.platformauth.rest.authservice.AuthServiceApi;
import dev.platformauth.rest.http.JsonRequest;
import dev.platformauth.rest.http.PkceChallenge;
import dev.platformauth.rest.http.TokenResponses;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.io.InputStream;

/**
 * The auth-service API's passwordless exchange-code endpoints: a request answers 202 whether or not the
 * address has an account, or 429 when a send limit refuses (the same for every address); an exchange gives
 * both tokens and a LOGIN event with {@code login_method} {@code exchange-code}, or a LOGIN_ERROR.
 * Codes are {@link ExchangeCodes}', tokens {@link TokenResponses}'.
 */
public final class ExchangeCodeEndpoints {

    private static final int MAX_CODE_LENGTH = 128;

    private final KeycloakSession session;
    private final RealmModel realm;

    public ExchangeCodeEndpoints(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /**
     * Request a passwordless exchange code: 202 whether or not the address has an account;
     * 429 when a send limit refuses (the same for every address).
     */
    public Response request(InputStream body) {
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String email = request.requiredEmail("email");
        String challenge = PkceChallenge.read(request, false);
        ClientModel client = AuthServiceApi.authServiceClient(realm);
        ExchangeCodeSettings settings = ExchangeCodeSettings.fromClientAttributes(client.getAttributes());
        if (ExchangeCodes.requestInBackground(session, realm, client, email, settings, ExchangeCodes.Origin.API,
                challenge, null) instanceof SendLimits.Refused refused) {
            return refused.response();
        }
        return AuthServiceApi.accepted("If the address belongs to an account, a sign-in code has been sent to it.",
                settings.lifetimeSeconds());
    }

    /** Exchange a passwordless code for both tokens. */
    public Response exchange(InputStream body) {
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String code = request.requiredString("code", MAX_CODE_LENGTH);
        String verifier = PkceChallenge.verifier(request);
        ClientModel client = AuthServiceApi.authServiceClient(realm);
        EventBuilder event = AuthServiceApi.loginEvent(session, client, PlatformAuth.METHOD_EXCHANGE_CODE);
        ExchangeCodes.Redemption redemption =
                ExchangeCodes.redeem(session, realm, code, verifier, ExchangeCodes.Origin.API, null);
        if (redemption instanceof ExchangeCodes.Refused refused) {
            event.error(refused.eventError());
            throw JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_GRANT, refused.description());
        }
        return AuthServiceApi.emailSignIn(session, client, ((ExchangeCodes.Redeemed) redemption).user(), PlatformAuth.METHOD_EXCHANGE_CODE, event);
    }
}
