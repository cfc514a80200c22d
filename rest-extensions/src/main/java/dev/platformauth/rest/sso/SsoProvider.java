package dev.platformauth.rest.sso;

import dev.platformauth.common.compat.KeycloakLine;
import org.keycloak.models.IdentityProviderModel;

import java.lang.reflect.Method;
import java.net.URI;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The social sign-in providers of the auth-service API ({@code login/sso/{provider}}) and how each finds the
 * realm's identity provider it signs in through.
 *
 * <p>Only identity providers usable for login count: enabled and not link-only. Among those, the one
 * whose alias is the provider's name wins (whatever its type, so an admin can always pick one
 * explicitly); otherwise the first of the provider's type, by alias.
 */
public enum SsoProvider {

    GOOGLE("google", idp -> "google".equals(idp.getProviderId())),
    MICROSOFT("microsoft", idp -> "microsoft".equals(idp.getProviderId())),
    LINKEDIN("linkedin", idp -> "linkedin-openid-connect".equals(idp.getProviderId())),
    /** Okta has no provider type of its own in Keycloak: a generic OIDC provider on an Okta host. */
    OKTA("okta", SsoProvider::isOktaOidc);

    /** Host suffixes of Okta's own domains (org URLs, preview orgs, the EMEA cell). */
    static final List<String> OKTA_HOST_SUFFIXES = List.of(".okta.com", ".oktapreview.com", ".okta-emea.com");

    private static final Set<String> OIDC_PROVIDER_IDS = Set.of("oidc", "keycloak-oidc");

    private final String pathName;
    private final Predicate<IdentityProviderModel> ofType;

    SsoProvider(String pathName, Predicate<IdentityProviderModel> ofType) {
        this.pathName = pathName;
        this.ofType = ofType;
    }

    /** The name used in the path and in the feature-flags JSON, e.g. {@code google}. */
    String pathName() {
        return pathName;
    }

    /** The provider named {@code name} in a path (exact, lower case), if any. */
    static Optional<SsoProvider> byPathName(String name) {
        for (SsoProvider provider : values()) {
            if (provider.pathName.equals(name)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    /** The identity provider to sign in through, among {@code identityProviders}; empty when none is usable. */
    Optional<IdentityProviderModel> select(Collection<IdentityProviderModel> identityProviders) {
        List<IdentityProviderModel> usable = identityProviders.stream().filter(SsoProvider::usableForLogin).toList();
        Optional<IdentityProviderModel> byAlias = usable.stream().filter(idp -> pathName.equals(idp.getAlias())).findFirst();
        if (byAlias.isPresent()) {
            return byAlias;
        }
        return usable.stream().filter(ofType)
                .min(Comparator.comparing(IdentityProviderModel::getAlias, Comparator.nullsLast(Comparator.naturalOrder())));
    }

    /**
     * Whether {@code idp} is this provider's: its alias is the provider's name (whatever its type), or
     * it is of the provider's type. Used where any such provider counts, enabled or not (e.g. finding
     * the accounts linked to Okta).
     */
    public boolean identifies(IdentityProviderModel idp) {
        return pathName.equals(idp.getAlias()) || ofType.test(idp);
    }

    /** {@code isLinkOnly()}: a {@code boolean} on Keycloak 26.4, a {@code Boolean} since; found by name to link on both. */
    private static final Method IS_LINK_ONLY = KeycloakLine.method(IdentityProviderModel.class, "isLinkOnly").orElseThrow();

    /** Keycloak's broker refuses to log in through a disabled or link-only identity provider. */
    static boolean usableForLogin(IdentityProviderModel idp) {
        return idp.isEnabled() && !Boolean.TRUE.equals(KeycloakLine.invoke(IS_LINK_ONLY, idp));
    }

    private static boolean isOktaOidc(IdentityProviderModel idp) {
        if (!OIDC_PROVIDER_IDS.contains(idp.getProviderId()) || idp.getConfig() == null) {
            return false;
        }
        return isOktaHost(idp.getConfig().get(IdentityProviderModel.ISSUER)) || isOktaHost(idp.getConfig().get("authorizationUrl"));
    }

    static boolean isOktaHost(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        String host;
        try {
            host = URI.create(url.trim()).getHost();
        } catch (IllegalArgumentException notAUrl) {
            return false;
        }
        if (host == null) {
            return false;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        return OKTA_HOST_SUFFIXES.stream().anyMatch(lower::endsWith);
    }
}
