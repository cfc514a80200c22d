package dev.platformauth.authenticators.mailed;

import dev.platformauth.common.spi.StatelessProviderFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;

/**
 * What the factories of our emailed-secret login steps have in common: a stateless singleton, a
 * config in the admin console, required / alternative / disabled, nothing for the user to set up.
 */
public abstract class MailedAuthenticatorFactory implements AuthenticatorFactory, StatelessProviderFactory<Authenticator> {

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.ALTERNATIVE,
            AuthenticationExecutionModel.Requirement.DISABLED
    };

    private final Authenticator singleton;

    protected MailedAuthenticatorFactory(Authenticator singleton) {
        this.singleton = singleton;
    }

    @Override
    public final Authenticator create(KeycloakSession session) {
        return singleton;
    }

    @Override
    public String getReferenceCategory() {
        // null: Keycloak 26.7.0's brute-force detector counts failures of authenticators without a
        // category; it ignores categories other than password, otp and recovery codes.
        return null;
    }

    @Override
    public final boolean isConfigurable() {
        return true;
    }

    @Override
    public final AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public final boolean isUserSetupAllowed() {
        return false;
    }
}
