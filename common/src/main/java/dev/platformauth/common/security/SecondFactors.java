package dev.platformauth.common.security;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.ConfigValues;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

import java.util.List;

/**
 * The second factors an email-only sign-in (exchange code, magic link, email OTP) must not bypass:
 * an enrolled authenticator-app OTP or WebAuthn credential (security key or passkey), unless the
 * client says the second factor is optional for such sign-ins. See {@code docs/security.md}.
 */
public final class SecondFactors {

    /** Client attribute: {@code "true"} lets email-only sign-ins give tokens to accounts with a second factor. */
    public static final String OPTIONAL_ATTRIBUTE = PlatformAuth.PREFIX + ".email-sign-in.second-factor-optional";

    /** Credential types that count as a second factor. */
    static final List<String> TYPES = List.of(OTPCredentialModel.TYPE, WebAuthnCredentialModel.TYPE_TWOFACTOR,
            WebAuthnCredentialModel.TYPE_PASSWORDLESS);

    private SecondFactors() {
    }

    /** The second-factor credential types {@code user} has enrolled (stored or federated), in {@link #TYPES} order. */
    static List<String> enrolled(UserModel user) {
        return TYPES.stream().filter(type -> user.credentialManager().isConfiguredFor(type)).toList();
    }

    /** Whether {@code client} lets an email-only sign-in stand alone for accounts with a second factor. */
    static boolean optionalFor(ClientModel client) {
        return ConfigValues.isTrue(client.getAttribute(OPTIONAL_ATTRIBUTE));
    }
}
