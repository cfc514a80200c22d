package dev.platformauth.rest.sso;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.error.InputError;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.rest.http.ActingClient;
import dev.platformauth.rest.http.PkceChallenge;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The auth-service API's login discovery: {@code GET login/feature-flags} (what a login page may offer) and
 * {@code GET login/sso/{provider}} (a 302 into Keycloak's broker for one social provider, through
 * the realm's authorization endpoint with {@code kc_idp_hint}). Both read the realm's configuration
 * on every call; see docs/sso-and-feature-flags.md.
 */
public final class LoginDiscoveryEndpoints {

    private static final Logger LOG = Logger.getLogger(LoginDiscoveryEndpoints.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public LoginDiscoveryEndpoints(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** 200 with the flags; 503 {@code not_configured} without the {@code auth-service} client. */
    public Response featureFlags() {
        ClientModel client = ActingClient.require(realm, PlatformAuth.AUTH_SERVICE_CLIENT_ID);
        LoginFeatureFlags flags = LoginFeatureFlags.of(realm, client, loginIdentityProviders());
        return Response.ok(flags.toJson(), MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    /**
     * 302 to {@code /realms/{realm}/protocol/openid-connect/auth} for {@code auth-service} with
     * {@code kc_idp_hint}. Checked in this order: the provider name (404 {@code not_found}), the
     * client (503), the query parameters (422, or 400 for a repeated or unregistered value), the identity
     * provider (404 {@code sso_not_configured}).
     */
    public Response sso(String providerName) {
        SsoProvider provider = SsoProvider.byPathName(providerName).orElseThrow(() -> JsonErrors.exception(
                Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND, "Unknown SSO provider; one of google, microsoft, linkedin, okta"));
        ClientModel client = ActingClient.require(realm, PlatformAuth.AUTH_SERVICE_CLIENT_ID);

        MultivaluedMap<String, String> query = session.getContext().getUri().getQueryParameters();
        String redirectUri = single(query, OAuth2Constants.REDIRECT_URI, BrokerAuthorizationUrl.MAX_REDIRECT_URI_LENGTH)
                .orElseThrow(() -> JsonErrors.invalidInput(InputError.missing(List.of("query", OAuth2Constants.REDIRECT_URI), null,
                        "Missing required query parameter 'redirect_uri'")));
        // Keycloak's own matching, as its authorization endpoint will apply it again to the same value (with
        // 26.7's refusal of response parameters on every line)
        if (RedirectUris.verify(session, redirectUri, client) == null) {
            throw JsonErrors.badRequest("redirect_uri is not a registered redirect URI of the '"
                    + PlatformAuth.AUTH_SERVICE_CLIENT_ID + "' client");
        }
        Optional<String> state = single(query, OAuth2Constants.STATE, BrokerAuthorizationUrl.MAX_STATE_LENGTH);
        String challenge = PkceChallenge.validate(
                single(query, OAuth2Constants.CODE_CHALLENGE, PkceChallenge.MAX_CHALLENGE_LENGTH),
                single(query, OAuth2Constants.CODE_CHALLENGE_METHOD, PkceChallenge.MAX_METHOD_LENGTH));

        if (!client.isStandardFlowEnabled()) {
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.SSO_NOT_CONFIGURED,
                    "The '" + PlatformAuth.AUTH_SERVICE_CLIENT_ID + "' client does not allow the standard (browser) flow");
        }
        IdentityProviderModel idp = provider.select(loginIdentityProviders()).orElseThrow(() -> JsonErrors.exception(
                Response.Status.NOT_FOUND, JsonErrors.SSO_NOT_CONFIGURED,
                "This realm has no enabled identity provider for " + provider.pathName()));

        URI authorization = BrokerAuthorizationUrl.codeFlow(client, redirectUri, idp.getAlias())
                .state(state.orElse(null))
                .s256Challenge(challenge)
                .build(session, realm);
        LOG.debugf("SSO redirect in realm %s through identity provider %s", realm.getId(), idp.getAlias());
        return Response.status(Response.Status.FOUND).location(authorization).header("Cache-Control", "no-store").build();
    }

    /** The realm's enabled identity providers for user authentication; {@link SsoProvider} picks among them. */
    private List<IdentityProviderModel> loginIdentityProviders() {
        return session.identityProviders()
                .getAllStream(Map.of(IdentityProviderModel.ENABLED, Boolean.TRUE.toString()), null, null)
                .toList();
    }

    /** An optional query parameter given at most once; blank counts as absent. */
    private static Optional<String> single(MultivaluedMap<String, String> query, String name, int maxLength) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw JsonErrors.badRequest("Query parameter '" + name + "' given more than once");
        }
        String value = values.get(0);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() > maxLength) {
            throw JsonErrors.invalidInput(InputError.tooLong(List.of("query", name), value, maxLength,
                    "Query parameter '" + name + "' is longer than " + maxLength + " characters"));
        }
        return Optional.of(value);
    }
}
