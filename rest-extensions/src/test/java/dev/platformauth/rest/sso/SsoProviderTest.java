package dev.platformauth.rest.sso;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.IdentityProviderModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SsoProviderTest {

    private static IdentityProviderModel idp(String alias, String providerId, Map<String, String> config) {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias(alias);
        model.setProviderId(providerId);
        model.setEnabled(true);
        model.setConfig(new HashMap<>(config));
        return model;
    }

    private static IdentityProviderModel idp(String alias, String providerId) {
        return idp(alias, providerId, Map.of());
    }

    private static IdentityProviderModel disabled(IdentityProviderModel model) {
        model.setEnabled(false);
        return model;
    }

    private static String selectedAlias(SsoProvider provider, List<IdentityProviderModel> idps) {
        return provider.select(idps).map(IdentityProviderModel::getAlias).orElse(null);
    }

    @Nested
    @DisplayName("given a name from the path")
    class Names {

        @Test
        @DisplayName("when it is one of the four then the provider is found, and its name is the path name")
        void known() {
            for (SsoProvider provider : SsoProvider.values()) {
                assertThat(SsoProvider.byPathName(provider.pathName())).contains(provider);
            }
            assertThat(SsoProvider.values()).extracting(SsoProvider::pathName)
                    .containsExactly("google", "microsoft", "linkedin", "okta");
        }

        @ParameterizedTest
        @ValueSource(strings = {"github", "Google", "GOOGLE", "", " google", "okta/", "OKTA"})
        @DisplayName("when it is anything else then no provider is found")
        void unknown(String name) {
            assertThat(SsoProvider.byPathName(name)).isEmpty();
        }

        @Test
        @DisplayName("when it is null then no provider is found")
        void nullName() {
            assertThat(SsoProvider.byPathName(null)).isEmpty();
        }
    }

    @Nested
    @DisplayName("given the realm's identity providers")
    class Selection {

        @Test
        @DisplayName("when each provider type is configured under its own alias then each is found by type")
        void byType() {
            List<IdentityProviderModel> idps = List.of(
                    idp("g", "google"),
                    idp("ms", "microsoft"),
                    idp("li", "linkedin-openid-connect"),
                    idp("corp", "oidc", Map.of("authorizationUrl", "https://dev-123.okta.com/oauth2/v1/authorize")),
                    idp("gh", "github"));
            assertThat(selectedAlias(SsoProvider.GOOGLE, idps)).isEqualTo("g");
            assertThat(selectedAlias(SsoProvider.MICROSOFT, idps)).isEqualTo("ms");
            assertThat(selectedAlias(SsoProvider.LINKEDIN, idps)).isEqualTo("li");
            assertThat(selectedAlias(SsoProvider.OKTA, idps)).isEqualTo("corp");
        }

        @Test
        @DisplayName("when an identity provider's alias is the provider name then it wins over one of the right type")
        void aliasFirst() {
            List<IdentityProviderModel> idps = List.of(
                    idp("a-google", "google"),
                    idp("google", "oidc", Map.of("authorizationUrl", "https://accounts.google.com/o/oauth2/v2/auth")),
                    idp("okta", "saml"));
            assertThat(selectedAlias(SsoProvider.GOOGLE, idps)).isEqualTo("google");
            assertThat(selectedAlias(SsoProvider.OKTA, idps)).isEqualTo("okta");
        }

        @Test
        @DisplayName("when several of the right type exist then the first by alias is chosen, whatever the order")
        void deterministic() {
            List<IdentityProviderModel> idps = List.of(idp("google-b", "google"), idp("google-a", "google"));
            assertThat(selectedAlias(SsoProvider.GOOGLE, idps)).isEqualTo("google-a");
            assertThat(selectedAlias(SsoProvider.GOOGLE, List.of(idps.get(1), idps.get(0)))).isEqualTo("google-a");
        }

        @Test
        @DisplayName("when the alias match is disabled then an enabled one of the right type is used instead")
        void disabledAliasFallsBack() {
            List<IdentityProviderModel> idps = List.of(disabled(idp("google", "google")), idp("google-2", "google"));
            assertThat(selectedAlias(SsoProvider.GOOGLE, idps)).isEqualTo("google-2");
        }

        @Test
        @DisplayName("when the only candidates are disabled or link-only then nothing is found")
        void unusable() {
            IdentityProviderModel linkOnly = idp("ms", "microsoft");
            linkOnly.setLinkOnly(true);
            List<IdentityProviderModel> idps = List.of(disabled(idp("google", "google")), linkOnly);
            assertThat(SsoProvider.GOOGLE.select(idps)).isEmpty();
            assertThat(SsoProvider.MICROSOFT.select(idps)).isEmpty();
            assertThat(SsoProvider.LINKEDIN.select(List.of())).isEmpty();
        }

        @Test
        @DisplayName("when an identity provider is of another type then it does not count, even with a telling name")
        void otherTypes() {
            List<IdentityProviderModel> idps = List.of(idp("google-like", "github"), idp("linkedin-old", "oidc"),
                    idp("microsoft-saml", "saml"));
            assertThat(SsoProvider.GOOGLE.select(idps)).isEmpty();
            assertThat(SsoProvider.LINKEDIN.select(idps)).isEmpty();
            assertThat(SsoProvider.MICROSOFT.select(idps)).isEmpty();
        }
    }

    @Nested
    @DisplayName("given an OIDC identity provider that may be Okta")
    class Okta {

        @ParameterizedTest
        @ValueSource(strings = {"https://dev-123.okta.com/oauth2/v1/authorize", "https://acme.oktapreview.com/oauth2/default/v1/authorize",
                "https://acme.okta-emea.com/oauth2/v1/authorize", "https://DEV-9.OKTA.COM/oauth2/v1/authorize"})
        @DisplayName("when its authorization URL is on an Okta host then it is Okta")
        void oktaAuthorizationUrl(String url) {
            assertThat(SsoProvider.OKTA.select(List.of(idp("corp", "oidc", Map.of("authorizationUrl", url))))).isPresent();
        }

        @Test
        @DisplayName("when only its issuer is on an Okta host then it is Okta, also as a keycloak-oidc provider")
        void oktaIssuer() {
            IdentityProviderModel byIssuer = idp("corp", "keycloak-oidc", Map.of("issuer", "https://dev-123.okta.com"));
            assertThat(SsoProvider.OKTA.select(List.of(byIssuer))).contains(byIssuer);
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://okta.com.attacker.test/authorize", "https://notokta.com/authorize",
                "https://login.example.test/okta.com", "not a url", "okta.com", ""})
        @DisplayName("when no URL is on an Okta host then it is not Okta")
        void notOkta(String url) {
            assertThat(SsoProvider.OKTA.select(List.of(idp("corp", "oidc", Map.of("authorizationUrl", url, "issuer", url))))).isEmpty();
        }

        @Test
        @DisplayName("when a non-OIDC provider points at an Okta host then it is not Okta by type")
        void samlIsNotOktaByType() {
            IdentityProviderModel saml = idp("corp", "saml", Map.of("singleSignOnServiceUrl", "https://dev-1.okta.com/app/sso/saml"));
            assertThat(SsoProvider.OKTA.select(List.of(saml))).isEmpty();
        }
    }

    @Test
    @DisplayName("given any identity provider when asked whether it is Okta's then the alias or the Okta type decides, enabled or not")
    void identifies() {
        assertThat(SsoProvider.OKTA.identifies(disabled(idp("okta", "saml")))).isTrue();
        assertThat(SsoProvider.OKTA.identifies(idp("corp", "oidc", Map.of("issuer", "https://dev-123.okta.com/oauth2/default")))).isTrue();
        assertThat(SsoProvider.OKTA.identifies(idp("corp", "oidc", Map.of("issuer", "https://login.example.test")))).isFalse();
        assertThat(SsoProvider.GOOGLE.identifies(idp("okta", "oidc"))).isFalse();
    }
}
