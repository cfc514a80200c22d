package dev.platformauth.authenticators.exchangecode;

import com.google.auto.service.AutoService;
import dev.platformauth.authenticators.mailed.MailedAuthenticatorFactory;
import dev.platformauth.common.exchangecode.ExchangeCodeSettings;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/** Registers the "Email code" authenticator {@value #PROVIDER_ID}. */
@AutoService(AuthenticatorFactory.class)
public final class ExchangeCodeAuthenticatorFactory extends MailedAuthenticatorFactory {

    public static final String PROVIDER_ID = "platform-auth-exchange-code";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(ExchangeCodeSettings.LIFETIME).label("Code lifetime (seconds)")
            .helpText("How long an emailed code can be used, at most 600 seconds. Default: 600.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(ExchangeCodeSettings.DEFAULT_LIFETIME)).add()
            .property().name(ExchangeCodeSettings.RESEND_INTERVAL).label("Resend interval (seconds)")
            .helpText("The least time between two codes mailed to one address. Default: 60.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(ExchangeCodeSettings.DEFAULT_RESEND_INTERVAL)).add()
            .property().name(ExchangeCodeSettings.FORMAT).label("Code format")
            .helpText("grouped: 26 characters in dash-separated groups (easy to type); hex: 32 hexadecimal characters.")
            .type(ProviderConfigProperty.LIST_TYPE).options("grouped", "hex").defaultValue("grouped").add()
            .build();

    public ExchangeCodeAuthenticatorFactory() {
        super(new ExchangeCodeAuthenticator());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Email code";
    }

    @Override
    public String getHelpText() {
        return "Signs the user in with a single-use code mailed to their address (asks for the address when no "
                + "earlier step identified the user).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }
}
