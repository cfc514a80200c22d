package dev.platformauth.rest.sso;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.IdentityProviderModel;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OrganizationBrokerTest {

    private static IdentityProviderModel idp(String alias, Map<String, String> config) {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias(alias);
        model.setProviderId("oidc");
        model.setEnabled(true);
        model.setConfig(new HashMap<>(config));
        return model;
    }

    private static String selected(String domain, IdentityProviderModel... idps) {
        return OrganizationBroker.select(Stream.of(idps), domain).map(IdentityProviderModel::getAlias).orElse(null);
    }

    @Test
    @DisplayName("given several providers when one is linked to the email's domain then it wins over ANY and over no domain")
    void domainMatchFirst() {
        IdentityProviderModel none = idp("a-none", Map.of());
        IdentityProviderModel any = idp("b-any", Map.of("kc.org.domain", "ANY"));
        IdentityProviderModel match = idp("z-match", Map.of("kc.org.domain", "northstar.test"));
        assertThat(selected("northstar.test", none, any, match)).isEqualTo("z-match");
        assertThat(selected("northstar.test", none, any)).isEqualTo("b-any");
        assertThat(selected("northstar.test", idp("c", Map.of()), none)).isEqualTo("a-none");
    }

    @Test
    @DisplayName("given a wildcard domain on the link when the email is in a subdomain then it matches")
    void wildcard() {
        assertThat(selected("staff.northstar.test", idp("a", Map.of()), idp("w", Map.of("kc.org.domain", "*.northstar.test"))))
                .isEqualTo("w");
    }

    @Test
    @DisplayName("given providers that are disabled, link-only, bound to another domain or excluding the domain then none is chosen")
    void unusable() {
        IdentityProviderModel disabled = idp("disabled", Map.of());
        disabled.setEnabled(false);
        IdentityProviderModel linkOnly = idp("link-only", Map.of());
        linkOnly.setLinkOnly(true);
        IdentityProviderModel other = idp("other", Map.of("kc.org.domain", "south.test"));
        IdentityProviderModel excluding = idp("excluding", Map.of("kc.org.domain", "ANY",
                "kc.org.excluded.domains", "elsewhere.test, northstar.test"));
        assertThat(selected("northstar.test", disabled, linkOnly, other, excluding)).isNull();
        assertThat(selected("south.test", disabled, linkOnly, other, excluding)).isEqualTo("other");
    }
}
