package dev.platformauth.authenticators.terms;

import com.google.auto.service.AutoService;
import dev.platformauth.common.spi.StatelessProviderFactory;
import dev.platformauth.common.terms.TermsConfig;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/**
 * Registers the "Platform terms check" authenticator {@value #PROVIDER_ID}. It shares its id with the
 * required action: they are providers of different SPIs (Authenticator, RequiredAction), which
 * Keycloak keeps in separate registries.
 */
@AutoService(AuthenticatorFactory.class)
public final class TermsAuthenticatorFactory implements AuthenticatorFactory, StatelessProviderFactory<Authenticator> {

    public static final String PROVIDER_ID = TermsConfig.PROVIDER_ID;

    private static final TermsAuthenticator SINGLETON = new TermsAuthenticator();

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.DISABLED
    };

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Platform terms check";
    }

    @Override
    public String getHelpText() {
        return "After the user is identified: asks them to accept the terms (required action 'Platform terms and "
                + "conditions') when the version they accepted is not the current one.";
    }

    @Override
    public String getReferenceCategory() {
        return "terms";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
