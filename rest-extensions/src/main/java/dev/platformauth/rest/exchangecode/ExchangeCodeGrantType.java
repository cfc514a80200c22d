package dev.platformauth.rest.exchangecode;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.exchangecode.ExchangeCodes;
import dev.platformauth.common.security.MailedSignIn;
import dev.platformauth.rest.grant.PlatformAuthGrantType;
import dev.platformauth.rest.http.TokenResponses;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.CorsErrorResponseException;

/**
 * {@code grant_type=urn:platform-auth:grant-type:exchange-code} with {@code code} (and
 * {@code code_verifier} when the code was requested with a challenge). Off until the client's
 * attribute {@value PlatformAuth#EXCHANGE_CODE_GRANT_ENABLED} is {@code "true"}. An account with a
 * second factor gets 403 {@code second_factor_required} unless the client allows email-only sign-ins
 * for it; the tokens carry {@code amr}.
 */
final class ExchangeCodeGrantType extends PlatformAuthGrantType {

    @Override
    public Response process(Context context) {
        setContext(context);
        event.detail(PlatformAuth.DETAIL_LOGIN_METHOD, PlatformAuth.METHOD_EXCHANGE_CODE);

        requireSwitchedOn(PlatformAuth.EXCHANGE_CODE_GRANT_ENABLED, "exchange-code");
        String code = formParams.getFirst("code");
        if (code == null || code.isBlank() || code.length() > 128) {
            event.error(Errors.INVALID_REQUEST);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_REQUEST,
                    "Missing or malformed parameter: code", Response.Status.BAD_REQUEST);
        }
        String verifier = formParams.getFirst("code_verifier");
        String scope = getRequestedScopes();

        ExchangeCodes.Redemption redemption =
                ExchangeCodes.redeem(session, realm, code, verifier, ExchangeCodes.Origin.API, null);
        if (redemption instanceof ExchangeCodes.Refused refused) {
            event.error(refused.eventError());
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, refused.description(),
                    Response.Status.BAD_REQUEST);
        }
        UserModel user = ((ExchangeCodes.Redeemed) redemption).user();
        // the code is spent: refusals are returned, not thrown, so what the proof changed is kept
        MailedSignIn.TokenRefusal refusal = MailedSignIn.tokenRefusal(client, user);
        if (refusal != null) {
            refusal.report(event, user);
            return cors.add(Response.status(refusal.status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new OAuth2ErrorRepresentation(refusal.error(), refusal.description())));
        }
        ClientSessionContext clientSessionCtx =
                TokenResponses.attach(session, client, user, PlatformAuth.METHOD_EXCHANGE_CODE, scope, event);
        return tokenResponse(clientSessionCtx, true, tokens -> {
        });
    }
}
