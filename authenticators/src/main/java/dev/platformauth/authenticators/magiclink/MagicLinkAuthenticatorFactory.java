package dev.platformauth.authenticators.magiclink;

import com.google.auto.service.AutoService;
import dev.platformauth.authenticators.mailed.MailedAuthenticatorFactory;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.magiclink.MagicLinkSettings;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/** Registers the "Magic link" authenticator {@value #PROVIDER_ID}. */
@AutoService(AuthenticatorFactory.class)
public final class MagicLinkAuthenticatorFactory extends MailedAuthenticatorFactory {

    public static final String PROVIDER_ID = PlatformAuth.MAGIC_LINK_AUTHENTICATOR;

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(MagicLinkSettings.LIFETIME).label("Link lifetime (seconds)")
            .helpText("How long a mailed link works, at most 600 seconds. Default: 600.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(MagicLinkSettings.DEFAULT_LIFETIME)).add()
            .property().name(MagicLinkSettings.RESEND_INTERVAL).label("Resend interval (seconds)")
            .helpText("The least time between two links mailed to one address. Default: 60.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(MagicLinkSettings.DEFAULT_RESEND_INTERVAL)).add()
            .property().name(MagicLinkSettings.OTHER_BROWSER).label("Allow another browser")
            .helpText("Off: the link signs in only in the browser that asked for it. On: opened in another browser "
                    + "(e.g. on a phone) it signs that browser in and sends it to the app's redirect URI.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
            .build();

    public MagicLinkAuthenticatorFactory() {
        super(new MagicLinkAuthenticator());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Magic link";
    }

    @Override
    public String getHelpText() {
        return "Signs the user in with a single-use link mailed to their address; the link opens a confirmation "
                + "page and only its button signs in.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }
}
