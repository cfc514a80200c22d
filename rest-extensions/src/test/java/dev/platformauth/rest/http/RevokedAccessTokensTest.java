package dev.platformauth.rest.http;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RevokedTokenProvider;
import org.keycloak.representations.AccessToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** On the line the jar is built against (26.7) the records go to Keycloak's revoked-token store. */
class RevokedAccessTokensTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RevokedTokenProvider store = mock(RevokedTokenProvider.class);

    RevokedAccessTokensTest() {
        when(session.revokedTokens()).thenReturn(store);
    }

    private static AccessToken token(String id) {
        AccessToken token = new AccessToken();
        token.id(id);
        return token;
    }

    @Test
    @DisplayName("given a revoked token id when remembered then the store keeps it under our key for the given time")
    void remembers() {
        RevokedAccessTokens.remember(session, "jti-1", 600);

        verify(store).put(RevokedAccessTokens.KEY_PREFIX + "jti-1", 600);
    }

    @Test
    @DisplayName("given Keycloak's own record or ours when a token is checked then it is revoked; without either it is not")
    void readsBothRecords() {
        when(store.contains("keycloak-record")).thenReturn(true);
        when(store.contains(RevokedAccessTokens.KEY_PREFIX + "our-record")).thenReturn(true);

        assertThat(RevokedAccessTokens.isRevoked(session, token("keycloak-record"))).isTrue();
        assertThat(RevokedAccessTokens.isRevoked(session, token("our-record"))).isTrue();
        assertThat(RevokedAccessTokens.isRevoked(session, token("live"))).isFalse();
        assertThat(RevokedAccessTokens.isRevoked(session, token(null))).isFalse();
    }
}
