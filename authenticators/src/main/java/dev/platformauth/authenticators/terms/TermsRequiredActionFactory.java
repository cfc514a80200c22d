package dev.platformauth.authenticators.terms;

import com.google.auto.service.AutoService;
import dev.platformauth.common.spi.StatelessProviderFactory;
import dev.platformauth.common.terms.TermsConfig;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Registers the required action {@value TermsConfig#PROVIDER_ID}, configured in the admin console
 * (Authentication, Required actions, its gear): the current version, URL and text, each per locale.
 */
@AutoService(RequiredActionFactory.class)
public final class TermsRequiredActionFactory implements RequiredActionFactory, StatelessProviderFactory<RequiredActionProvider> {

    public static final String PROVIDER_ID = TermsConfig.PROVIDER_ID;

    private static final TermsRequiredAction SINGLETON = new TermsRequiredAction();

    static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(TermsConfig.VERSION).label("Current terms version")
            .helpText("The version every user must have accepted, e.g. 2025-01. Changing it makes every user accept "
                    + "again at their next login through a flow with the 'Platform terms check' step. Empty: terms off. "
                    + "An organization overrides it with its attribute " + TermsConfig.VERSION + ".")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(TermsConfig.URL).label("Terms URL")
            .helpText("http(s) link to the terms, for every locale without its own URL below. An organization "
                    + "overrides it with its attribute " + TermsConfig.URL + ".")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(TermsConfig.URL_LOCALES).label("Terms URL per locale")
            .helpText("Locale (e.g. de, fr, pt-BR) and the URL of the terms in that language.")
            .type(ProviderConfigProperty.MAP_TYPE).add()
            .property().name(TermsConfig.TEXT).label("Terms text")
            .helpText("Plain text shown on the page (scrollable), for every locale without its own text below. "
                    + "Use it instead of or next to the URL.")
            .type(ProviderConfigProperty.TEXT_TYPE).add()
            .property().name(TermsConfig.TEXT_LOCALES).label("Terms text per locale")
            .helpText("Locale and the terms text in that language.")
            .type(ProviderConfigProperty.MAP_TYPE).add()
            .build();

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Platform terms and conditions";
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return CONFIG;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        List<ValidationError> errors = validate(model.getConfig());
        if (!errors.isEmpty()) {
            ValidationException.ValidationExceptionBuilder builder = new ValidationException.ValidationExceptionBuilder();
            errors.forEach(builder);
            throw builder.build();
        }
    }

    /** Errors of a config: an over-long version, a URL that is not http(s), a malformed locale tag. */
    static List<ValidationError> validate(Map<String, String> config) {
        List<ValidationError> errors = new ArrayList<>();
        Map<String, String> c = config == null ? Map.of() : config;
        String version = c.get(TermsConfig.VERSION);
        if (version != null && version.trim().length() > TermsConfig.MAX_VERSION_LENGTH) {
            errors.add(new ValidationError(PROVIDER_ID, TermsConfig.VERSION, "error-invalid-length"));
        }
        String url = c.get(TermsConfig.URL);
        if (url != null && !url.isBlank() && !TermsConfig.isWebUrl(url)) {
            errors.add(new ValidationError(PROVIDER_ID, TermsConfig.URL, "error-invalid-uri"));
        }
        TermsConfig parsed = TermsConfig.fromConfig(c);
        boolean badLocaleUrl = parsed.urlsByLocale().values().stream().anyMatch(value -> !TermsConfig.isWebUrl(value));
        if (badLocaleUrl) {
            errors.add(new ValidationError(PROVIDER_ID, TermsConfig.URL_LOCALES, "error-invalid-uri"));
        }
        if (parsed.urlsByLocale().keySet().stream().anyMatch(tag -> !validTag(tag))) {
            errors.add(new ValidationError(PROVIDER_ID, TermsConfig.URL_LOCALES, "error-invalid-value"));
        }
        if (parsed.textsByLocale().keySet().stream().anyMatch(tag -> !validTag(tag))) {
            errors.add(new ValidationError(PROVIDER_ID, TermsConfig.TEXT_LOCALES, "error-invalid-value"));
        }
        return errors;
    }

    private static boolean validTag(String tag) {
        return !Locale.forLanguageTag(tag).getLanguage().isEmpty();
    }
}
