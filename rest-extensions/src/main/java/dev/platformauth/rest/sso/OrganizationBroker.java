package dev.platformauth.rest.sso;

import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which of an organization's identity providers an SSO initiation sends an email address to.
 *
 * <p>Only providers usable for login count (enabled, not link-only), and none whose
 * <em>excluded domains</em> ({@code kc.org.excluded.domains}) cover the address's domain. Among
 * them, by preference: one whose organization domain ({@code kc.org.domain}, set on the link in the
 * admin console) matches the address's domain (wildcards as Keycloak matches them), then one linked
 * to {@code ANY} domain, then one linked without a domain. A provider linked to a <em>different</em>
 * domain of the organization is not used for this address. Ties go to the alphabetically first alias.
 */
final class OrganizationBroker {

    private static final int NO_MATCH = Integer.MAX_VALUE;
    /** The identity provider's excluded domains, as Keycloak 26.7 names them (older lines ignore them in their own flows). */
    static final String EXCLUDED_DOMAINS = "kc.org.excluded.domains";
    private static final String WILDCARD_PREFIX = "*.";

    private OrganizationBroker() {
    }

    static Optional<IdentityProviderModel> select(Stream<IdentityProviderModel> linked, String emailDomain) {
        return linked
                .filter(SsoProvider::usableForLogin)
                .filter(idp -> rank(idp, emailDomain) != NO_MATCH)
                .min(Comparator.<IdentityProviderModel>comparingInt(idp -> rank(idp, emailDomain))
                        .thenComparing(IdentityProviderModel::getAlias, Comparator.nullsLast(Comparator.naturalOrder())));
    }

    /** 0 domain match, 1 any domain, 2 no domain; {@link #NO_MATCH} excluded or bound to another domain. */
    static int rank(IdentityProviderModel idp, String emailDomain) {
        String brokerDomain = config(idp, OrganizationModel.ORGANIZATION_DOMAIN_ATTRIBUTE);
        String excluded = config(idp, EXCLUDED_DOMAINS);
        if (excluded != null) {
            for (String domain : excluded.split(",")) {
                if (!domain.isBlank() && sameDomain(emailDomain, domain.trim())) {
                    return NO_MATCH;
                }
            }
        }
        if (brokerDomain == null) {
            return 2;
        }
        if (OrganizationDomainModel.ANY_DOMAIN.equals(brokerDomain)) {
            return 1;
        }
        return sameDomain(emailDomain, brokerDomain) ? 0 : NO_MATCH;
    }

    /**
     * Whether {@code domain} is {@code expected}, or under it when {@code expected} is a wildcard
     * ({@code *.example.com} covers example.com and its subdomains); case-insensitive, as Keycloak
     * matches organization domains.
     */
    static boolean sameDomain(String domain, String expected) {
        if (domain == null || expected == null) {
            return false;
        }
        String canonical = domain.toLowerCase(Locale.ROOT);
        String pattern = expected.toLowerCase(Locale.ROOT);
        if (canonical.equals(pattern)) {
            return true;
        }
        if (pattern.startsWith(WILDCARD_PREFIX)) {
            String base = pattern.substring(WILDCARD_PREFIX.length());
            return canonical.equals(base) || canonical.endsWith("." + base);
        }
        return false;
    }

    private static String config(IdentityProviderModel idp, String key) {
        String value = idp.getConfig() == null ? null : idp.getConfig().get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
