package dev.platformauth.rest.entitytoken;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class EntityTokenGrantUseTest {

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
    void keycloakApisRefuseGrantTokens(String decodedPath, boolean refused) {
        assertThat(EntityTokenGrantType.servesKeycloakApi(decodedPath)).isEqualTo(refused);
    }
}
