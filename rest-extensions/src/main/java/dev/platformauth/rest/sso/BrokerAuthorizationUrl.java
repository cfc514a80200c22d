package dev.platformauth.rest.sso;

import org.keycloak.OAuth2Constants;
import org.keycloak.constants.AdapterConstants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one builder of an authorization request that enters Keycloak's broker: the realm's
 * {@code /protocol/openid-connect/auth} for a client, code flow, scope {@code openid}, with
 * {@code kc_idp_hint} naming the identity provider (Keycloak's Identity Provider Redirector sends the
 * browser straight on to it). Callers validate every value first (redirect URI, PKCE challenge).
 */
public final class BrokerAuthorizationUrl {

    /** The longest redirect URI an API passes on. */
    public static final int MAX_REDIRECT_URI_LENGTH = 2048;

    /** The longest client {@code state} an API passes on. */
    static final int MAX_STATE_LENGTH = 1024;

    private final Map<String, String> params = new LinkedHashMap<>();

    private BrokerAuthorizationUrl(ClientModel client, String redirectUri, String identityProviderAlias) {
        params.put(OAuth2Constants.CLIENT_ID, client.getClientId());
        params.put(OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CODE);
        params.put(OAuth2Constants.SCOPE, OAuth2Constants.SCOPE_OPENID);
        params.put(OAuth2Constants.REDIRECT_URI, redirectUri);
        params.put(AdapterConstants.KC_IDP_HINT, identityProviderAlias);
    }

    /** A code-flow request of {@code client} back to {@code redirectUri} through the identity provider. */
    static BrokerAuthorizationUrl codeFlow(ClientModel client, String redirectUri, String identityProviderAlias) {
        return new BrokerAuthorizationUrl(client, redirectUri, identityProviderAlias);
    }

    /** The client's {@code state}; absent when {@code null}. */
    BrokerAuthorizationUrl state(String state) {
        return put(OAuth2Constants.STATE, state);
    }

    /** An S256 PKCE challenge (already validated); absent when {@code null}. */
    BrokerAuthorizationUrl s256Challenge(String challenge) {
        if (challenge != null) {
            params.put(OAuth2Constants.CODE_CHALLENGE, challenge);
            params.put(OAuth2Constants.CODE_CHALLENGE_METHOD, OAuth2Constants.PKCE_METHOD_S256);
        }
        return this;
    }

    /** {@code login_hint}, which Keycloak passes on to the identity provider; absent when {@code null}. */
    BrokerAuthorizationUrl loginHint(String loginHint) {
        return put(OIDCLoginProtocol.LOGIN_HINT_PARAM, loginHint);
    }

    /** The absolute URL at the realm's authorization endpoint, as seen from the current request. */
    URI build(KeycloakSession session, RealmModel realm) {
        String query = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(OIDCLoginProtocolService.authUrl(session.getContext().getUri()).build(realm.getName()) + "?" + query);
    }

    private BrokerAuthorizationUrl put(String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
        return this;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
