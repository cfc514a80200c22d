package dev.platformauth.mappers.platformtoken;

import org.keycloak.OAuth2Constants;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.util.DPoPUtil;

/**
 * The binding ({@code cnf}) of the access token a platform token is issued with. A sign-in whose access
 * token is bound to a key (DPoP) or a client certificate must not also hand out an unbound platform
 * token, which a thief could use without the key: the platform token carries the same {@code cnf}, so a
 * service that checks proofs can demand one, and the bundle's own APIs, which take no proof, refuse it.
 */
final class TokenBinding {

    static final String CLAIM = OAuth2Constants.CNF;

    private TokenBinding() {
    }

    /**
     * Whether this request may bind its access token: a DPoP proof came with it, or the client binds its
     * tokens to its certificate. The binding is settled after the mappers ran, so nothing is signed early then.
     */
    static boolean mayBind(KeycloakSession session, ClientModel client) {
        return session.getAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE) != null || certificateBound(client);
    }

    /**
     * The {@code cnf} of the access token in {@code response}, or null when it is unbound. Throws when a
     * bound token cannot be read: no platform token is better than an unbound one.
     */
    static AccessToken.Confirmation of(AccessTokenResponse response, ClientModel client) {
        if (response.getToken() == null
                || !(DPoPUtil.DPOP_TOKEN_TYPE.equalsIgnoreCase(response.getTokenType()) || certificateBound(client))) {
            return null;
        }
        try {
            return new JWSInput(response.getToken()).readJsonContent(AccessToken.class).getConfirmation();
        } catch (JWSInputException e) {
            throw new IllegalStateException("the access token's binding is unreadable", e);
        }
    }

    private static boolean certificateBound(ClientModel client) {
        return client != null && OIDCAdvancedConfigWrapper.fromClientModel(client).isUseMtlsHokToken();
    }
}
