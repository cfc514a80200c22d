package dev.platformauth.rest.okta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.account.OrganizationMemberships;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.secret.SecretCodes;
import dev.platformauth.rest.http.JsonRequest;
import dev.platformauth.rest.sso.SsoProvider;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

import java.io.InputStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code enrichToken}: Okta's token inline hook. Okta calls it while its custom authorization server
 * mints tokens; the answer is Okta's {@code commands} format adding the configured claims of the
 * Keycloak account linked to that Okta user ({@link OktaHookCommands}).
 *
 * <p>Checked in this order: the {@code sentinel} client (503), a configured secret (503
 * {@code not_configured}), the secret in the configured header (401 {@code invalid_client},
 * constant-time), the body (415/413/400). An account is matched only through proof: the one linked
 * to the Okta user id through an enabled Okta identity provider of the realm (alias {@code okta}, or
 * an OIDC provider on an Okta host, as {@link SsoProvider#OKTA} sees it), else the one whose email
 * both Okta (the ID token's {@code email} with {@code email_verified: true}) and Keycloak have
 * verified, unless that account is linked to another Okta user. Never by the Okta profile's
 * {@code login} or {@code email}, which carry no verification. Disabled accounts and service accounts
 * are never matched. No account: {@code {"commands": []}}.
 */
public final class OktaTokenHook {

    private static final Logger LOG = Logger.getLogger(OktaTokenHook.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OktaHookSettings settings;

    public OktaTokenHook(KeycloakSession session, RealmModel realm, ClientModel client) {
        this.session = session;
        this.realm = realm;
        this.settings = OktaHookSettings.from(client.getAttributes());
    }

    public Response handle(HttpHeaders headers, InputStream body) {
        String secretHash = settings.secretHash().orElseThrow(() -> JsonErrors.exception(Response.Status.SERVICE_UNAVAILABLE,
                JsonErrors.NOT_CONFIGURED, "The Okta hook has no secret configured (client attribute "
                        + OktaHookSettings.SECRET_HASH_ATTRIBUTE + ", or " + OktaHookSettings.SECRET_ATTRIBUTE + " of at least "
                        + OktaHookSettings.MIN_SECRET_LENGTH + " characters)"));
        List<String> presented = headers.getRequestHeader(settings.header());
        boolean authentic = presented != null && presented.size() == 1
                && SecretCodes.constantTimeEquals(SecretCodes.sha256Hex(presented.get(0).trim()), secretHash);
        if (!authentic) {
            LOG.warnf("Okta hook call without the shared secret in realm %s", realm.getId());
            throw JsonErrors.exception(Response.Status.UNAUTHORIZED, JsonErrors.INVALID_CLIENT,
                    "Missing or wrong Okta hook credentials");
        }

        JsonNode json = JsonRequest.read(headers, body).body();
        JsonNode eventType = json.path("eventType");
        if (!json.path("data").isObject() || (eventType.isTextual() && !OktaHookRequest.EVENT_TYPE.equals(eventType.asText()))) {
            throw JsonErrors.badRequest("The body is not an Okta token inline hook request ("
                    + OktaHookRequest.EVENT_TYPE + " with a 'data' object)");
        }
        OktaHookRequest request = OktaHookRequest.of(json);

        Optional<UserModel> user = linkedUser(request);
        Map<String, Object> claims = user.map(this::claims).orElse(Map.of());
        user.ifPresentOrElse(
                found -> LOG.debugf("Okta hook in realm %s: user %s, claims %s", realm.getId(), found.getId(), claims.keySet()),
                () -> LOG.debugf("Okta hook in realm %s: no linked user", realm.getId()));
        return Response.ok(OktaHookCommands.of(claims, request, settings.tokens()), MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .build();
    }

    private Optional<UserModel> linkedUser(OktaHookRequest request) {
        List<IdentityProviderModel> oktaProviders = session.identityProviders()
                .getAllStream(Map.of(IdentityProviderModel.ENABLED, Boolean.TRUE.toString()), null, null)
                .filter(SsoProvider.OKTA::identifies)
                .sorted(Comparator.comparing((IdentityProviderModel idp) -> !"okta".equals(idp.getAlias()))
                        .thenComparing(IdentityProviderModel::getAlias))
                .toList();

        if (request.oktaUserId().isPresent()) {
            for (IdentityProviderModel idp : oktaProviders) {
                UserModel linked = session.users().getUserByFederatedIdentity(realm,
                        new FederatedIdentityModel(idp.getAlias(), request.oktaUserId().get(), null));
                if (linked != null) {
                    return Optional.of(linked).filter(OktaTokenHook::matchable);
                }
            }
        }
        return request.verifiedEmail().flatMap(this::userByEmail)
                .filter(OktaTokenHook::matchable)
                .filter(UserModel::isEmailVerified)
                .filter(candidate -> !linkedToAnotherOktaUser(candidate, oktaProviders, request.oktaUserId()));
    }

    private Optional<UserModel> userByEmail(String email) {
        try {
            return Optional.ofNullable(session.users().getUserByEmail(realm, email));
        } catch (ModelDuplicateException ambiguous) {
            // a realm allowing duplicate emails: no single account to enrich
            return Optional.empty();
        }
    }

    private boolean linkedToAnotherOktaUser(UserModel user, List<IdentityProviderModel> oktaProviders, Optional<String> oktaUserId) {
        return oktaProviders.stream()
                .map(idp -> session.users().getFederatedIdentity(realm, user, idp.getAlias()))
                .filter(Objects::nonNull)
                .anyMatch(link -> oktaUserId.isEmpty() || !oktaUserId.get().equals(link.getUserId()));
    }

    private static boolean matchable(UserModel user) {
        return user.isEnabled() && user.getServiceAccountClientLink() == null;
    }

    /** The configured claims of {@code user}, in the configured order; {@code terms_version} only when accepted. */
    private Map<String, Object> claims(UserModel user) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (String claim : settings.claims()) {
            switch (claim) {
                case OktaHookSettings.ORGANIZATIONS -> claims.put(claim, OrganizationMemberships.of(session, realm, user));
                case OktaHookSettings.ROLES -> claims.put(claim, RoleUtils.getDeepUserRoleMappings(user).stream()
                        .filter(role -> !role.isClientRole())
                        .map(RoleModel::getName)
                        .sorted()
                        .toList());
                case OktaHookSettings.TERMS_VERSION -> {
                    String version = user.getFirstAttribute(PlatformAuth.TERMS_VERSION_ATTRIBUTE);
                    if (version != null && !version.isBlank()) {
                        claims.put(claim, version);
                    }
                }
                default -> {
                    // OktaHookSettings only lets known names through
                }
            }
        }
        return claims;
    }
}
