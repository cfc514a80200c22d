package dev.platformauth.common.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Where login-as and entity-token grant tokens are refused: Keycloak's admin and protection APIs, however the path is spelled. */
class ShortSessionPathsTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "/admin/realms/acme/users, true",
            "admin/realms/acme/users/1/impersonation, true",
            "/admin/serverinfo, true",
            "/admin/realms, true",
            "/admin/acme/console/whoami, true",
            "/realms/acme/authz/protection/uma-policy/1, true",
            "//admin//realms/acme/users, true",
            "/admin/x/../realms/acme/users, true",
            "/realms/x/../../admin/realms/acme/users, true",
            "/realms/acme/./authz/protection/resource_set, true",
            "/realms/acme/protocol/openid-connect/userinfo, false",
            "/realms/acme/account, false",
            "/realms/admin/entities/acme/users/1/authentication-token, false",
            "/realms/authz/protection, false",
            "/realms/acme/authz/authorize, false",
    })
    void keycloakApisRefuseShortSessionTokens(String decodedPath, boolean refused) {
        assertThat(ShortSessionTokens.servesKeycloakApi(decodedPath)).isEqualTo(refused);
        assertThat(ShortSessionTokens.allowedAt(decodedPath)).isEqualTo(!refused);
    }
}
