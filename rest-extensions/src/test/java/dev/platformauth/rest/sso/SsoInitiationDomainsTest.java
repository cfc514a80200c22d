package dev.platformauth.rest.sso;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SsoInitiationDomainsTest {

    @Test
    @DisplayName("given a subdomain then the domain comes first, then the wildcards covering it, most specific first, never a bare top-level domain")
    void subdomain() {
        assertThat(SsoInitiation.domainCandidates("staff.district.test"))
                .containsExactly("staff.district.test", "*.staff.district.test", "*.district.test");
    }

    @Test
    @DisplayName("given a two-label domain then only it and its own wildcard are asked")
    void twoLabels() {
        assertThat(SsoInitiation.domainCandidates("district.test")).containsExactly("district.test", "*.district.test");
    }

    @Test
    @DisplayName("given a wildcard pattern then matching covers the base domain and its subdomains, case-insensitively")
    void wildcardMatching() {
        assertThat(OrganizationBroker.sameDomain("Staff.District.test", "*.district.test")).isTrue();
        assertThat(OrganizationBroker.sameDomain("district.test", "*.district.test")).isTrue();
        assertThat(OrganizationBroker.sameDomain("district.test.example", "*.district.test")).isFalse();
        assertThat(OrganizationBroker.sameDomain("evildistrict.test", "*.district.test")).isFalse();
    }
}
