package dev.platformauth.rest.sentinel;

import dev.platformauth.rest.authservice.SsoProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.utils.Organizations;

import java.util.Comparator;
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
        String excluded = config(idp, OrganizationModel.ORGANIZATION_EXCLUDED_DOMAIN_ATTRIBUTE);
        if (excluded != null) {
            for (String domain : excluded.split(",")) {
                if (!domain.isBlank() && Organizations.isSameDomain(emailDomain, domain.trim())) {
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
        return Organizations.isSameDomain(emailDomain, brokerDomain) ? 0 : NO_MATCH;
    }

    private static String config(IdentityProviderModel idp, String key) {
        String value = idp.getConfig() == null ? null : idp.getConfig().get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
