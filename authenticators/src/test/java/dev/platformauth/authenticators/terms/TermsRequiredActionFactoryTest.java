package dev.platformauth.authenticators.terms;

import dev.platformauth.common.terms.TermsConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.validate.ValidationError;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Terms required action factory")
class TermsRequiredActionFactoryTest {

    private final TermsRequiredActionFactory factory = new TermsRequiredActionFactory();

    @Test
    @DisplayName("given the factory then it is configurable with version, URL and text, each per locale, and shares the authenticator's id")
    void configurable() {
        assertThat(factory.isConfigurable()).isTrue();
        assertThat(factory.getConfigMetadata()).extracting(ProviderConfigProperty::getName).containsExactly(
                TermsConfig.VERSION, TermsConfig.URL, TermsConfig.URL_LOCALES, TermsConfig.TEXT, TermsConfig.TEXT_LOCALES);
        assertThat(factory.getId()).isEqualTo("platform-auth-terms").isEqualTo(new TermsAuthenticatorFactory().getId());
    }

    @Test
    @DisplayName("given a good config then it validates")
    void good() {
        assertThat(TermsRequiredActionFactory.validate(Map.of(TermsConfig.VERSION, "2025-01",
                TermsConfig.URL, "https://example.test/terms",
                TermsConfig.URL_LOCALES, "[{\"key\":\"de\",\"value\":\"https://example.test/de\"}]"))).isEmpty();
        assertThat(TermsRequiredActionFactory.validate(null)).isEmpty();
    }

    @Test
    @DisplayName("given a script URL, a bad locale URL or an over-long version then each is an error")
    void bad() {
        assertThat(TermsRequiredActionFactory.validate(Map.of(TermsConfig.VERSION, "v".repeat(256),
                TermsConfig.URL, "javascript:alert(1)",
                TermsConfig.URL_LOCALES, "de=ftp://example.test/terms")))
                .extracting(ValidationError::getInputHint)
                .containsExactlyInAnyOrder(TermsConfig.VERSION, TermsConfig.URL, TermsConfig.URL_LOCALES);
    }

    @Test
    @DisplayName("given a malformed locale tag in the text list then that list is the error")
    void badLocale() {
        assertThat(TermsRequiredActionFactory.validate(Map.of(TermsConfig.VERSION, "1",
                TermsConfig.TEXT_LOCALES, "[{\"key\":\"12345\",\"value\":\"Text\"}]")))
                .extracting(ValidationError::getInputHint).containsExactly(TermsConfig.TEXT_LOCALES);
    }
}
