package dev.platformauth.common.terms;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

@DisplayName("Terms policy")
class TermsPolicyTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final UserModel user = mock(UserModel.class);
    private final OrganizationProvider organizations = mock(OrganizationProvider.class);
    private final RequiredActionProviderModel action = new RequiredActionProviderModel();

    @BeforeEach
    void realmWithTerms() {
        action.setAlias(TermsConfig.PROVIDER_ID);
        action.setProviderId(TermsConfig.PROVIDER_ID);
        action.setEnabled(true);
        action.setConfig(Map.of(TermsConfig.VERSION, "2025-01", TermsConfig.URL, "https://example.test/terms",
                TermsConfig.TEXT, "Be nice."));
        when(realm.getRequiredActionProviderByAlias(TermsConfig.PROVIDER_ID)).thenReturn(action);
        when(realm.isOrganizationsEnabled()).thenReturn(true);
        when(session.getProvider(OrganizationProvider.class)).thenReturn(organizations);
        when(organizations.isEnabled()).thenReturn(true);
        when(organizations.getByMember(user)).thenAnswer(call -> Stream.empty());
    }

    private static OrganizationModel org(String alias, Map<String, List<String>> attributes) {
        OrganizationModel org = mock(OrganizationModel.class);
        when(org.getId()).thenReturn("id-" + alias);
        when(org.getAlias()).thenReturn(alias);
        when(org.getName()).thenReturn(alias.toUpperCase(Locale.ROOT));
        when(org.isEnabled()).thenReturn(true);
        when(org.getAttributes()).thenReturn(attributes);
        return org;
    }

    @Nested
    @DisplayName("given a user in no organization")
    class GivenNoOrganization {

        @Test
        @DisplayName("then the realm's version, URL and text apply")
        void realmTerms() {
            Terms terms = TermsPolicy.forUser(session, realm, user, null, Locale.ENGLISH).orElseThrow();
            assertThat(terms).isEqualTo(new Terms("2025-01", "https://example.test/terms", "Be nice.", null, null, null));
        }

        @Test
        @DisplayName("when the required action is disabled or has no version then there are no terms")
        void off() {
            action.setEnabled(false);
            assertThat(TermsPolicy.forUser(session, realm, user, null, Locale.ENGLISH)).isEmpty();
            action.setEnabled(true);
            action.setConfig(Map.of(TermsConfig.URL, "https://example.test/terms"));
            assertThat(TermsPolicy.forUser(session, realm, user, null, Locale.ENGLISH)).isEmpty();
        }
    }

    @Nested
    @DisplayName("given a user in organizations")
    class GivenOrganizations {

        @Test
        @DisplayName("then the first by alias with an override applies; an unsafe URL override is ignored")
        void firstOverride() {
            OrganizationModel plain = org("aaa", Map.of());
            OrganizationModel zulu = org("zulu", Map.of(TermsConfig.VERSION, List.of("z-1")));
            OrganizationModel bravo = org("bravo", Map.of(TermsConfig.VERSION, List.of("b-2"),
                    TermsConfig.URL, List.of("javascript:alert(1)")));
            when(organizations.getByMember(user)).thenAnswer(call -> Stream.of(zulu, plain, bravo));

            Terms terms = TermsPolicy.forUser(session, realm, user, null, Locale.ENGLISH).orElseThrow();
            assertThat(terms.version()).isEqualTo("b-2");
            assertThat(terms.url()).isEqualTo("https://example.test/terms");
            assertThat(terms.organizationAlias()).isEqualTo("bravo");
            assertThat(terms.organizationName()).isEqualTo("BRAVO");
        }

        @Test
        @DisplayName("when the caller names an organization then its override applies, version and URL")
        void named() {
            OrganizationModel acme = org("acme", Map.of(TermsConfig.VERSION, List.of("acme-7"),
                    TermsConfig.URL, List.of("https://acme.test/terms")));
            Terms terms = TermsPolicy.forUser(session, realm, user, acme, Locale.ENGLISH).orElseThrow();
            assertThat(terms).isEqualTo(new Terms("acme-7", "https://acme.test/terms", "Be nice.", "id-acme", "acme", "ACME"));
        }

        @Test
        @DisplayName("when organizations are off in the realm then the realm's terms apply")
        void organizationsOff() {
            when(realm.isOrganizationsEnabled()).thenReturn(false);
            assertThat(TermsPolicy.forUser(session, realm, user, null, Locale.ENGLISH).orElseThrow().version()).isEqualTo("2025-01");
        }
    }
}
