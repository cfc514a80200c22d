package dev.platformauth.rest.sso;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.rest.http.JsonRequest;
import dev.platformauth.rest.http.PkceChallenge;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.protocol.oidc.utils.RedirectUtils;
import org.keycloak.services.util.ResolveRelative;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code sso/initiate} {@code {email, redirectUri?, state?, codeChallenge?, codeChallengeMethod?}}:
 * the Keycloak Organization owning the email's domain and its identity provider
 * ({@link OrganizationBroker}) give an authorization URL of the realm for the {@code sentinel}
 * client with {@code kc_idp_hint} and {@code login_hint}, which the app opens in the browser.
 *
 * <p>Input is checked before the domain is looked at (400), so every well-formed request runs the
 * same lookup; any reason there is no SSO (organizations off, no or a disabled organization for the
 * domain, no usable identity provider, the client's standard flow off) gives one and the same 404
 * {@code sso_not_configured} body.
 */
public final class SsoInitiation {

    private static final Logger LOG = Logger.getLogger(SsoInitiation.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;

    public SsoInitiation(KeycloakSession session, RealmModel realm, ClientModel client) {
        this.session = session;
        this.realm = realm;
        this.client = client;
    }

    public Response initiate(JsonRequest request) {
        String email = request.requiredEmail("email");
        String redirectUri = redirectUri(request.optionalString("redirectUri", BrokerAuthorizationUrl.MAX_REDIRECT_URI_LENGTH));
        String state = request.optionalString("state", BrokerAuthorizationUrl.MAX_STATE_LENGTH).orElse(null);
        String challenge = PkceChallenge.validate(
                request.optionalString("codeChallenge", PkceChallenge.MAX_CHALLENGE_LENGTH),
                request.optionalString("codeChallengeMethod", PkceChallenge.MAX_METHOD_LENGTH));

        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        Optional<IdentityProviderModel> idp = identityProviderFor(domain);
        if (idp.isEmpty() || !client.isStandardFlowEnabled()) {
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.SSO_NOT_CONFIGURED,
                    "Single sign-on is not configured for this email domain");
        }
        String url = BrokerAuthorizationUrl.codeFlow(client, redirectUri, idp.get().getAlias())
                .state(state)
                .s256Challenge(challenge)
                .loginHint(email)
                .build(session, realm)
                .toString();
        LOG.debugf("SSO initiation in realm %s through identity provider %s", realm.getId(), idp.get().getAlias());
        return Response.ok(Map.of("authorizationUrl", url), MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .build();
    }

    /** The organization's identity provider for {@code domain}; empty for every reason there is none. */
    private Optional<IdentityProviderModel> identityProviderFor(String domain) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations == null || !organizations.isEnabled()) {
            return Optional.empty();
        }
        OrganizationModel organization = null;
        for (String candidate : domainCandidates(domain)) {
            try {
                organization = organizations.getByDomainName(candidate);
            } catch (ModelException notADomain) {
                // Keycloak's own domain rules are stricter than email syntax in a few corners
                organization = null;
            }
            if (organization != null) {
                break;
            }
        }
        if (organization == null || !organization.isEnabled()) {
            return Optional.empty();
        }
        return OrganizationBroker.select(organization.getIdentityProviders(), domain);
    }

    /**
     * The domains whose organization serves {@code domain}, most specific first: the domain itself
     * (Keycloak 26.7 also matches wildcard domains there), then the wildcard domains covering it
     * ({@code *.staff.example.com}, {@code *.example.com}, never a bare top-level domain), which
     * Keycloak 26.4 and 26.5 store but do not match themselves.
     */
    static List<String> domainCandidates(String domain) {
        List<String> candidates = new ArrayList<>(List.of(domain, "*." + domain));
        String[] labels = domain.split("\\.");
        for (int i = 1; i < labels.length - 1; i++) {
            candidates.add("*." + String.join(".", Arrays.copyOfRange(labels, i, labels.length)));
        }
        return candidates;
    }

    /**
     * The given {@code redirectUri} when it is one of the client's valid redirect URIs (Keycloak's own
     * matching, as the authorization endpoint applies it again); without one, the client's first
     * concrete redirect URI (no wildcard, in alphabetical order), else its base URL, else its root URL,
     * whichever of those Keycloak accepts as a redirect URI.
     */
    private String redirectUri(Optional<String> given) {
        if (given.isPresent()) {
            String verified = RedirectUris.verify(session, given.get(), client);
            if (verified == null) {
                throw JsonErrors.badRequest("redirectUri is not a registered redirect URI of the '"
                        + PlatformAuth.SENTINEL_CLIENT_ID + "' client");
            }
            return verified;
        }
        Stream<String> concrete = RedirectUtils.resolveValidRedirects(session, client.getRootUrl(), client.getRedirectUris())
                .stream().filter(uri -> !uri.contains("*")).sorted();
        Stream<String> fallbacks = Stream.of(client.getBaseUrl(), client.getRootUrl())
                .filter(url -> url != null && !url.isBlank())
                .map(url -> ResolveRelative.resolveRelativeUri(session, client.getRootUrl(), url));
        return Stream.concat(concrete, fallbacks)
                .map(candidate -> RedirectUris.verify(session, candidate, client))
                .filter(Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> JsonErrors.badRequest("Field 'redirectUri' is required: the '" + PlatformAuth.SENTINEL_CLIENT_ID
                        + "' client has no concrete redirect URI, base URL or root URL to default to"));
    }
}
