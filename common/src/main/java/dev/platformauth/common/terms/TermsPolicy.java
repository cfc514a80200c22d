package dev.platformauth.common.terms;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which terms apply to a user: the realm's required-action config, overridden by the organization
 * the terms are resolved for. That organization is the one named by the caller (the API's
 * {@code corpId}, or the organization of the login), else the user's organizations with an override,
 * the first by alias. An organization overrides with its attributes {@value TermsConfig#VERSION} and
 * {@value TermsConfig#URL}; the URL override only counts when it is an http(s) URL.
 */
public final class TermsPolicy {

    private TermsPolicy() {
    }

    /** The realm's terms settings; off when the required action is not registered, disabled or has no version. */
    static TermsConfig realmConfig(RealmModel realm) {
        RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(TermsConfig.PROVIDER_ID);
        if (action == null || !action.isEnabled()) {
            return TermsConfig.fromConfig(Map.of());
        }
        return TermsConfig.fromConfig(action.getConfig());
    }

    /**
     * The terms for {@code user}, resolved for {@code organization} when it is not null (the caller
     * checked the membership); empty when the realm has no current terms version.
     */
    public static Optional<Terms> forUser(KeycloakSession session, RealmModel realm, UserModel user,
                                          OrganizationModel organization, Locale locale) {
        TermsConfig config = realmConfig(realm);
        if (!config.enabled()) {
            return Optional.empty();
        }
        OrganizationModel org = organization != null ? organization : overridingOrganization(session, realm, user);
        String version = config.version();
        String url = TermsConfig.isWebUrl(config.urlFor(locale)) ? config.urlFor(locale) : null;
        String text = config.textFor(locale);
        if (org != null) {
            String orgVersion = attribute(org, TermsConfig.VERSION);
            if (orgVersion != null && orgVersion.length() <= TermsConfig.MAX_VERSION_LENGTH) {
                version = orgVersion;
            }
            String orgUrl = attribute(org, TermsConfig.URL);
            if (TermsConfig.isWebUrl(orgUrl)) {
                url = orgUrl;
            }
        }
        return Optional.of(new Terms(version, url, text, org == null ? null : org.getId(),
                org == null ? null : org.getAlias(), org == null ? null : org.getName()));
    }

    /** The organization {@code idOrAlias} names in the realm (alias first, then id), or null. */
    public static OrganizationModel organization(KeycloakSession session, RealmModel realm, String idOrAlias) {
        OrganizationProvider orgs = organizations(session, realm);
        if (orgs == null || idOrAlias == null) {
            return null;
        }
        OrganizationModel byAlias = orgs.getByAlias(idOrAlias);
        return byAlias != null ? byAlias : orgs.getById(idOrAlias);
    }

    /** Whether {@code user} is a member of {@code organization}. */
    public static boolean isMember(KeycloakSession session, RealmModel realm, OrganizationModel organization, UserModel user) {
        OrganizationProvider orgs = organizations(session, realm);
        return orgs != null && organization != null && orgs.isMember(organization, user);
    }

    /** The user's organizations with a terms override: the first by alias, or null. */
    static OrganizationModel overridingOrganization(KeycloakSession session, RealmModel realm, UserModel user) {
        OrganizationProvider orgs = organizations(session, realm);
        if (orgs == null || user == null) {
            return null;
        }
        List<OrganizationModel> candidates = orgs.getByMember(user)
                .filter(OrganizationModel::isEnabled)
                .filter(org -> attribute(org, TermsConfig.VERSION) != null || TermsConfig.isWebUrl(attribute(org, TermsConfig.URL)))
                .sorted(Comparator.comparing(org -> org.getAlias() == null ? "" : org.getAlias()))
                .toList();
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    private static OrganizationProvider organizations(KeycloakSession session, RealmModel realm) {
        if (!realm.isOrganizationsEnabled()) {
            return null;
        }
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        return orgs != null && orgs.isEnabled() ? orgs : null;
    }

    private static String attribute(OrganizationModel org, String name) {
        Map<String, List<String>> attributes = org.getAttributes();
        List<String> values = attributes == null ? null : attributes.get(name);
        if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank()) {
            return null;
        }
        return values.get(0).trim();
    }
}
