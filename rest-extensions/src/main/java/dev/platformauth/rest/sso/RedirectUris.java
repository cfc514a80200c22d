package dev.platformauth.rest.sso;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.utils.RedirectUtils;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Keycloak's redirect-URI check, with the same rules on every supported line: a redirect URI whose
 * query carries an OAuth/OIDC response parameter ({@code code}, {@code state}, {@code id_token}, ...)
 * is refused, as Keycloak 26.7 refuses it (parameter pollution could smuggle a response in); 26.4 and
 * 26.5 would accept such a URI when the registered one is a prefix of it.
 */
final class RedirectUris {

    /** The response parameters Keycloak 26.7 refuses in a redirect URI's query. */
    static final Set<String> RESPONSE_PARAMETERS = Set.of(OAuth2Constants.CODE, OAuth2Constants.ID_TOKEN,
            OAuth2Constants.ACCESS_TOKEN, OAuth2Constants.TOKEN_TYPE, OAuth2Constants.EXPIRES_IN, OAuth2Constants.STATE,
            OAuth2Constants.ISSUER, OAuth2Constants.ERROR, OAuth2Constants.ERROR_DESCRIPTION, OAuth2Constants.SESSION_STATE,
            "response", Constants.KC_ACTION, Constants.KC_ACTION_STATUS);

    private RedirectUris() {
    }

    /** The URI Keycloak would redirect to for {@code redirectUri} at {@code client}, or null when it is not valid. */
    static String verify(KeycloakSession session, String redirectUri, ClientModel client) {
        if (redirectUri != null && carriesResponseParameter(redirectUri)) {
            return null;
        }
        return RedirectUtils.verifyRedirectUri(session, redirectUri, client);
    }

    static boolean carriesResponseParameter(String redirectUri) {
        String query;
        try {
            query = URI.create(redirectUri).getRawQuery();
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String pair : query.split("&")) {
            String name = pair.split("=", 2)[0];
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException undecodable) {
                // compared as written
            }
            if (RESPONSE_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
