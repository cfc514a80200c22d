package dev.platformauth.common.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where login-as and entity-token grant tokens are refused: Keycloak's admin and protection APIs, its broker token
 * endpoints and verifiable-credential issuance, however the path is spelled.
 */
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
            "/admin;x=1/realms/acme/users, true",
            "/realms/acme/authz;a=b/protection/uma-policy/1, true",
            "/realms/acme/broker/upstream/token, true",
            "/realms/acme/broker/upstream;v=2/token, true",
            "/realms/acme/protocol/oid4vc/credential, true",
            "/realms/acme/protocol/oid4vc/nonce, true",
            "/realms/acme/broker/upstream/endpoint, false",
            "/realms/acme/broker/upstream/login, false",
            "/realms/acme/protocol/openid-connect/token, false",
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
