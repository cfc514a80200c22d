package dev.platformauth.rest.entitytoken;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakUriInfo;
import org.keycloak.representations.AccessToken;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class EntityTokenGrantUseTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "/admin/realms/acme/users, false",
            "/auth/admin/realms/acme/users/1/impersonation, false",
            "/realms/acme/authz/protection/uma-policy/1, false",
            "/realms/acme/protocol/openid-connect/userinfo, true",
            "/realms/acme/account, true",
            "/realms/admin/entities/acme/users/1/authentication-token, true",
    })
    void keycloakApisRefuseGrantTokens(String path, boolean allowed) {
        KeycloakSession session = mock(KeycloakSession.class);
        KeycloakContext context = mock(KeycloakContext.class);
        KeycloakUriInfo uri = mock(KeycloakUriInfo.class);
        when(session.getContext()).thenReturn(context);
        when(context.getUri()).thenReturn(uri);
        when(uri.getRequestUri()).thenReturn(URI.create("http://127.0.0.1:8080" + path));
        assertThat(new EntityTokenGrantType().isTokenAllowed(session, new AccessToken())).isEqualTo(allowed);
    }
}
