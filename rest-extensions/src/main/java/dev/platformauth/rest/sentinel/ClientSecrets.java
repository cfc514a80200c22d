package dev.platformauth.rest.sentinel;

import dev.platformauth.common.compat.KeycloakLine;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCClientSecretConfigWrapper;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Checks a client secret the way Keycloak's client-secret authenticator does on the running line:
 * the current secret (unless expired) or the rotated one (unless expired). Keycloak 26.7 also reads
 * secrets kept in a vault; 26.4 and 26.5 compare the stored value, as their own authenticator does.
 */
final class ClientSecrets {

    private static final Optional<Method> SECRET =
            KeycloakLine.method(OIDCClientSecretConfigWrapper.class, "validateSecret", KeycloakSession.class, String.class);
    private static final Optional<Method> ROTATED =
            KeycloakLine.method(OIDCClientSecretConfigWrapper.class, "validateRotatedSecret", KeycloakSession.class, String.class);
    private static final Optional<Method> ROTATED_BEFORE_26_7 =
            KeycloakLine.method(OIDCClientSecretConfigWrapper.class, "validateRotatedSecret", String.class);

    private ClientSecrets() {
    }

    /** Whether {@code secret} is {@code client}'s current or rotated secret, neither expired. */
    static boolean valid(KeycloakSession session, ClientModel client, String secret) {
        OIDCClientSecretConfigWrapper wrapper = OIDCClientSecretConfigWrapper.fromClientModel(client);
        if (SECRET.isPresent() && ROTATED.isPresent()) {
            return (boolean) KeycloakLine.invoke(SECRET.get(), wrapper, session, secret)
                    || (boolean) KeycloakLine.invoke(ROTATED.get(), wrapper, session, secret);
        }
        boolean matches = client.validateSecret(secret)
                || (boolean) KeycloakLine.invoke(ROTATED_BEFORE_26_7.orElseThrow(), wrapper, secret);
        return matches && !wrapper.isClientSecretExpired();
    }
}
