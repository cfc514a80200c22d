package dev.platformauth.authenticators.emailotp;

import com.google.auto.service.AutoService;
import dev.platformauth.authenticators.mailed.MailedAuthenticatorFactory;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.emailotp.EmailOtpSettings;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/** Registers the "Email OTP" authenticator {@value #PROVIDER_ID}. */
@AutoService(AuthenticatorFactory.class)
public final class EmailOtpAuthenticatorFactory extends MailedAuthenticatorFactory {

    public static final String PROVIDER_ID = PlatformAuth.EMAIL_OTP_AUTHENTICATOR;

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(EmailOtpSettings.LIFETIME).label("Code lifetime (seconds)")
            .helpText("How long an emailed code can be entered, at most 600 seconds. Default: 600.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(EmailOtpSettings.DEFAULT_LIFETIME)).add()
            .property().name(EmailOtpSettings.LENGTH).label("Code length (digits)")
            .helpText("Digits per code, 6 to 10. Default: 6.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(EmailOtpSettings.DEFAULT_LENGTH)).add()
            .property().name(EmailOtpSettings.MAX_ATTEMPTS).label("Attempts per code")
            .helpText("Wrong entries one code survives before a new code is needed, 1 to 20. Default: 5. Wrong "
                    + "entries also count in the realm's brute-force detection, whatever the code.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(EmailOtpSettings.DEFAULT_MAX_ATTEMPTS)).add()
            .property().name(EmailOtpSettings.MAX_ACCOUNT_ATTEMPTS).label("Attempts per account")
            .helpText("Entries one account may make per window, whatever the code and even with brute-force detection "
                    + "off, a sign-in included, 1 to 1000. Default: 20. New codes and sign-ins do not reset the count; "
                    + "while it is full every entry is refused. A second factor counts apart from the account's "
                    + "first-factor codes.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(EmailOtpSettings.DEFAULT_MAX_ACCOUNT_ATTEMPTS)).add()
            .property().name(EmailOtpSettings.ACCOUNT_ATTEMPT_WINDOW).label("Account attempt window (seconds)")
            .helpText("How long the attempts per account are counted before the count starts afresh, 60 to 86400 "
                    + "seconds. Default: 3600.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(EmailOtpSettings.DEFAULT_ACCOUNT_ATTEMPT_WINDOW)).add()
            .property().name(EmailOtpSettings.RESEND_INTERVAL).label("Resend cooldown (seconds)")
            .helpText("The least time between two codes mailed to one address. Default: 60.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(EmailOtpSettings.DEFAULT_RESEND_INTERVAL)).add()
            .build();

    public EmailOtpAuthenticatorFactory() {
        super(new EmailOtpAuthenticator());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Email OTP";
    }

    @Override
    public String getHelpText() {
        return "A numeric one-time code mailed to the user: as the first factor it asks for the address, after a "
                + "password step it uses the user's own address.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }
}
