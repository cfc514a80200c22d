package dev.platformauth.rest.clientsettings;

import com.google.auto.service.AutoService;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.RealmWideSettings;
import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.emailotp.EmailOtpSettings;
import dev.platformauth.common.exchangecode.ExchangeCodeSettings;
import dev.platformauth.common.magiclink.MagicLinkSettings;
import dev.platformauth.common.mail.SendLimitSettings;
import dev.platformauth.common.secret.SecretCodes;
import dev.platformauth.common.security.RefreshWindow;
import dev.platformauth.common.security.SecondFactors;
import dev.platformauth.common.spi.StatelessProviderFactory;
import dev.platformauth.rest.account.GlobalAdmins;
import dev.platformauth.rest.account.UsersResource;
import dev.platformauth.rest.entitytoken.EntityTokenSettings;
import dev.platformauth.rest.loginas.LoginAs;
import dev.platformauth.rest.okta.OktaHookSettings;
import dev.platformauth.rest.recovery.RecoverySettings;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Platform Auth clients": an admin-console page (left navigation) with one record per client that
 * switches our token-endpoint grants on and holds every per-client setting of the REST APIs. Each record is
 * mirrored into the client's attributes, which is what the grants and endpoints read, so the same
 * settings can also be written directly as client attributes (REST, realm import).
 *
 * <p>Keycloak 26.7.0 shows such pages only with the experimental {@code declarative-ui} feature
 * ({@code --features=declarative-ui}); without it the client attributes are the way to configure.
 */
@AutoService(UiPageProviderFactory.class)
public final class ClientSettingsPage implements UiPageProviderFactory<ComponentModel>, StatelessProviderFactory<UiPageProvider> {

    public static final String PROVIDER_ID = "platform-auth-client-settings";

    static final String CLIENT = "client";
    static final String EXCHANGE_CODE_GRANT = "exchangeCodeGrant";
    static final String ENTITY_TOKEN_GRANT = "entityTokenGrant";
    static final String CODE_LIFETIME = "exchangeCodeLifetime";
    static final String CODE_RESEND_INTERVAL = "exchangeCodeResendInterval";
    static final String CODE_FORMAT = "exchangeCodeFormat";
    static final String ENTITY_TOKEN_LIFETIME = "entityTokenGrantLifetime";

    private static final String AUTH = "For the auth-service client: ";
    private static final String SENTINEL = "For the sentinel client: ";
    private static final String RESETS = "For the sentinel and auth-service clients: ";
    private static final String TOKENS = "For the auth-service and sentinel clients: ";

    static final List<Setting> SETTINGS = List.of(
            Setting.flag(EXCHANGE_CODE_GRANT, PlatformAuth.EXCHANGE_CODE_GRANT_ENABLED, "Exchange-code grant",
                    "Allow grant_type=urn:platform-auth:grant-type:exchange-code at the token endpoint for this client.", false),
            Setting.flag(ENTITY_TOKEN_GRANT, PlatformAuth.ENTITY_TOKEN_GRANT_ENABLED, "Entity-token grant",
                    "Allow grant_type=urn:platform-auth:grant-type:entity-token at the token endpoint for this client.", false),
            Setting.seconds(CODE_LIFETIME, ExchangeCodeSettings.CLIENT_LIFETIME, "Exchange-code lifetime (seconds)",
                    AUTH + "how long a code from the passwordless API is valid", ExchangeCodeSettings.DEFAULT_LIFETIME, 1,
                    ExchangeCodeSettings.MAX_LIFETIME),
            Setting.seconds(CODE_RESEND_INTERVAL, ExchangeCodeSettings.CLIENT_RESEND_INTERVAL, "Exchange-code resend interval (seconds)",
                    AUTH + "the least time between two code mails to one address", ExchangeCodeSettings.DEFAULT_RESEND_INTERVAL, 0,
                    ExchangeCodeSettings.MAX_RESEND_INTERVAL),
            new Setting(CODE_FORMAT, ExchangeCodeSettings.CLIENT_FORMAT, "Exchange-code format", "grouped (easy to type) or hex.",
                    ProviderConfigProperty.LIST_TYPE, "grouped", null, null, false),
            Setting.seconds(ENTITY_TOKEN_LIFETIME, EntityTokenSettings.LIFETIME_ATTRIBUTE, "Entity-token grant lifetime (seconds)",
                    "How long the access token of the entity-token grant lives (never longer than the realm's access-token lifespan)",
                    EntityTokenSettings.DEFAULT_LIFETIME, 1, EntityTokenSettings.MAX_LIFETIME),
            Setting.optionalSeconds("accessTokenLifespan", OIDCConfigAttributes.ACCESS_TOKEN_LIFESPAN, "Auth-token lifetime (seconds)",
                    TOKENS + "how long the access token (the auth token) lives: Keycloak's per-client access-token lifespan "
                            + "(Advanced tab); empty: the realm's. Never beyond the SSO session max", 1, RefreshWindow.MAX_ACCESS_TOKEN_LIFESPAN),
            Setting.optionalSeconds("refreshGracePeriod", RefreshWindow.GRACE_PERIOD, "Refresh after expiry (seconds)",
                    TOKENS + "how long after its expiry refresh-access-token and refreshToken still accept the auth token "
                            + "of a live session; 0: not after expiry; empty: the client session idle time", 0, RefreshWindow.MAX_GRACE_PERIOD),
            Setting.flag("magicLinkEnabled", PlatformAuth.MAGIC_LINK_ENABLED, "Magic links (API)",
                    AUTH + "offer login/magic-link over the REST API (the realm must be able to send email).", false),
            Setting.seconds("magicLinkLifetime", MagicLinkSettings.LIFETIME, "Magic-link lifetime (seconds)",
                    AUTH + "how long a mailed link is valid", MagicLinkSettings.DEFAULT_LIFETIME, 1, MagicLinkSettings.MAX_LIFETIME),
            Setting.seconds("magicLinkResendInterval", MagicLinkSettings.RESEND_INTERVAL, "Magic-link resend interval (seconds)",
                    AUTH + "the least time between two link mails to one address", MagicLinkSettings.DEFAULT_RESEND_INTERVAL, 0,
                    MagicLinkSettings.MAX_RESEND_INTERVAL),
            Setting.flag("magicLinkRequirePkce", MagicLinkSettings.REQUIRE_PKCE, "Magic links require PKCE (API)",
                    AUTH + "refuse login/magic-link requests without a code_challenge, so only the requester can redeem the link.", false),
            Setting.flag("emailSignInSecondFactorOptional", SecondFactors.OPTIONAL_ATTRIBUTE, "Email sign-ins skip the second factor",
                    "Let an email-only sign-in (exchange code, magic link, email OTP) give tokens of this client to accounts "
                            + "with an enrolled OTP or WebAuthn credential (off: 403 second_factor_required).", false),
            Setting.flag("emailOtpEnabled", PlatformAuth.EMAIL_OTP_ENABLED, "Email OTP (API)",
                    AUTH + "offer login/email-otp over the REST API (the realm must be able to send email).", false),
            Setting.seconds("emailOtpLifetime", EmailOtpSettings.LIFETIME, "Email-OTP lifetime (seconds)",
                    AUTH + "how long a mailed code is valid", EmailOtpSettings.DEFAULT_LIFETIME, 1, EmailOtpSettings.MAX_LIFETIME),
            Setting.seconds("emailOtpLength", EmailOtpSettings.LENGTH, "Email-OTP length (digits)",
                    AUTH + "digits per code", EmailOtpSettings.DEFAULT_LENGTH, EmailOtpSettings.MIN_LENGTH, EmailOtpSettings.MAX_LENGTH),
            Setting.seconds("emailOtpMaxAttempts", EmailOtpSettings.MAX_ATTEMPTS, "Email-OTP attempts per code",
                    AUTH + "wrong entries a code survives", EmailOtpSettings.DEFAULT_MAX_ATTEMPTS, 1, EmailOtpSettings.MAX_MAX_ATTEMPTS),
            Setting.seconds("emailOtpMaxAccountAttempts", EmailOtpSettings.MAX_ACCOUNT_ATTEMPTS, "Email-OTP attempts per account",
                    AUTH + "entries one account may make per window, whatever the code, a sign-in included (new codes "
                            + "and sign-ins do not reset the count)", EmailOtpSettings.DEFAULT_MAX_ACCOUNT_ATTEMPTS, 1,
                    EmailOtpSettings.MAX_MAX_ACCOUNT_ATTEMPTS),
            Setting.seconds("emailOtpAccountAttemptWindow", EmailOtpSettings.ACCOUNT_ATTEMPT_WINDOW,
                    "Email-OTP account attempt window (seconds)", AUTH + "how long the attempts per account are counted",
                    EmailOtpSettings.DEFAULT_ACCOUNT_ATTEMPT_WINDOW, EmailOtpSettings.MIN_ACCOUNT_ATTEMPT_WINDOW,
                    EmailOtpSettings.MAX_ACCOUNT_ATTEMPT_WINDOW),
            Setting.seconds("emailOtpResendInterval", EmailOtpSettings.RESEND_INTERVAL, "Email-OTP resend interval (seconds)",
                    AUTH + "the least time between two code mails to one address", EmailOtpSettings.DEFAULT_RESEND_INTERVAL, 0,
                    EmailOtpSettings.MAX_RESEND_INTERVAL),
            Setting.seconds("sendLimitPerIp", SendLimitSettings.PER_CLIENT_IP, "Mail requests per client IP",
                    "Emails (codes, links, resets, reminders) one client IP may request through this client's routes or "
                    + "login pages per window, counted per realm; 0 switches the limit off",
                    SendLimitSettings.DEFAULT_PER_CLIENT_IP, 0, SendLimitSettings.MAX_PER_CLIENT_IP),
            Setting.seconds("sendLimitWindow", SendLimitSettings.WINDOW, "Mail request window (seconds)",
                    "The window the per-client-IP mail requests are counted in", SendLimitSettings.DEFAULT_WINDOW, 1,
                    SendLimitSettings.MAX_WINDOW),
            Setting.text("superuserRole", GlobalAdmins.SUPERUSER_ROLE_ATTRIBUTE, "Superuser realm role",
                    AUTH + "the realm role that makes is_superuser true and a global admin (kept for the realm).",
                    GlobalAdmins.DEFAULT_SUPERUSER_ROLE),
            Setting.flag("signupEnabled", UsersResource.SIGNUP_ENABLED, "Sign-up (API)",
                    AUTH + "offer users/signup over the REST API, whatever the login pages' User registration switch says.", true),
            Setting.text("loginAsRole", LoginAs.ROLE_ATTRIBUTE, "Login-as role",
                    SENTINEL + "the role a caller of loginAs needs: a realm role, or client.role (kept for the realm).",
                    LoginAs.DEFAULT_ROLE),
            Setting.seconds("loginAsLifetime", LoginAs.LIFETIME_ATTRIBUTE, "Login-as token lifetime (seconds)",
                    SENTINEL + "how long a loginAs token lives", LoginAs.DEFAULT_LIFETIME, 1, LoginAs.MAX_LIFETIME),
            Setting.text("passwordResetUrl", RecoverySettings.RESET_URL, "Password-reset page",
                    RESETS + "absolute http(s) URL the reset link points at (with ?token=); empty: the built-in page.", ""),
            Setting.seconds("passwordResetLifetime", RecoverySettings.RESET_LIFETIME, "Password-reset link lifetime (seconds)",
                    RESETS + "how long a reset link is valid", RecoverySettings.DEFAULT_LIFETIME, 1, RecoverySettings.MAX_LIFETIME),
            Setting.seconds("passwordResetResendInterval", RecoverySettings.RESET_RESEND_INTERVAL,
                    "Password-reset resend interval (seconds)", RESETS + "the least time between two reset mails to one account",
                    RecoverySettings.DEFAULT_RESEND_INTERVAL, 0, RecoverySettings.MAX_RESEND_INTERVAL),
            Setting.seconds("usernameReminderResendInterval", RecoverySettings.USERNAME_RESEND_INTERVAL,
                    "Username-reminder resend interval (seconds)", SENTINEL + "the least time between two reminder mails to one address",
                    RecoverySettings.DEFAULT_RESEND_INTERVAL, 0, RecoverySettings.MAX_RESEND_INTERVAL),
            new Setting("oktaHookSecret", OktaHookSettings.SECRET_HASH_ATTRIBUTE, "Okta hook secret",
                    SENTINEL + "the shared secret Okta sends with enrichToken (at least " + OktaHookSettings.MIN_SECRET_LENGTH
                            + " characters); empty: the hook answers 503.",
                    ProviderConfigProperty.PASSWORD, "", null, null, true),
            Setting.text("oktaHookHeader", OktaHookSettings.HEADER_ATTRIBUTE, "Okta hook header",
                    SENTINEL + "the request header carrying the secret.", OktaHookSettings.DEFAULT_HEADER),
            Setting.text("oktaHookClaims", OktaHookSettings.CLAIMS_ATTRIBUTE, "Okta hook claims",
                    SENTINEL + "comma-separated: organizations, roles, terms_version; none for no claims.", "organizations,roles,terms_version"),
            Setting.text("oktaHookTokens", OktaHookSettings.TOKENS_ATTRIBUTE, "Okta hook tokens",
                    SENTINEL + "comma-separated: access, identity.", "access,identity"));

    /** Page field to client attribute. */
    static final Map<String, String> ATTRIBUTES = attributes();

    private static Map<String, String> attributes() {
        Map<String, String> map = new LinkedHashMap<>();
        SETTINGS.forEach(setting -> map.put(setting.field(), setting.attribute()));
        return Collections.unmodifiableMap(map);
    }

    private static final List<ProviderConfigProperty> CONFIG = config();

    private static List<ProviderConfigProperty> config() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create()
                .property().name(CLIENT).label("Client").type(ProviderConfigProperty.CLIENT_LIST_TYPE).required(true)
                .helpText("The client these settings apply to (one record per client).").add();
        for (Setting setting : SETTINGS) {
            var property = builder.property().name(setting.field()).label(setting.label()).helpText(setting.help())
                    .type(setting.type()).defaultValue(setting.defaultValue()).secret(setting.secret());
            if (setting.field().equals(CODE_FORMAT)) {
                property.options("grouped", "hex");
            }
            property.add();
        }
        return builder.build();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Platform Auth settings per client: token-endpoint grants and the settings of the auth-service and sentinel APIs.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(CLIENT, EXCHANGE_CODE_GRANT, ENTITY_TOKEN_GRANT));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        String clientId = model.get(CLIENT);
        if (clientId == null || realm.getClientByClientId(clientId) == null) {
            throw new ComponentValidationException("Unknown client: " + clientId);
        }
        boolean duplicate = realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .anyMatch(c -> PROVIDER_ID.equals(c.getProviderId()) && clientId.equals(c.get(CLIENT))
                        && !c.getId().equals(model.getId()));
        if (duplicate) {
            throw new ComponentValidationException("This client already has a Platform Auth settings record: " + clientId);
        }
        for (Setting setting : SETTINGS) {
            String value = model.get(setting.field());
            if (setting.min() != null) {
                List<String> problems = new ArrayList<>();
                ConfigValues.checkInt(value, setting.min(), setting.max(), setting.label(), "", problems);
                if (!problems.isEmpty()) {
                    throw new ComponentValidationException(setting.label() + " must be a whole number from "
                            + setting.min() + " to " + setting.max());
                }
            }
        }
        String secret = model.get("oktaHookSecret");
        if (secret != null && !secret.isBlank() && secret.trim().length() < OktaHookSettings.MIN_SECRET_LENGTH) {
            throw new ComponentValidationException("Okta hook secret must have at least " + OktaHookSettings.MIN_SECRET_LENGTH + " characters");
        }
        String resetUrl = model.get("passwordResetUrl");
        if (resetUrl != null && !resetUrl.isBlank() && !resetUrl.trim().matches("https?://[^\\s#]+")) {
            throw new ComponentValidationException("Password-reset page must be an absolute http(s) URL without a fragment");
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        SettingStorage.apply(realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        String oldClient = oldModel.get(CLIENT);
        if (oldClient != null && !oldClient.equals(newModel.get(CLIENT))) {
            SettingStorage.clear(realm, oldClient);
        }
        SettingStorage.apply(realm, newModel);
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        SettingStorage.clear(realm, model.get(CLIENT));
    }
}
