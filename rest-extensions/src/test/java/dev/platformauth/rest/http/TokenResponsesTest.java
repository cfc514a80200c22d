package dev.platformauth.rest.http;

import dev.platformauth.common.PlatformAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ImpersonationSessionNote;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.utils.KeycloakSessionUtil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** What {@link TokenResponses} decides before Keycloak builds a token: the refusals of a refresh. */
class TokenResponsesTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final ClientModel client = mock(ClientModel.class);
    private final UserSessionModel userSession = mock(UserSessionModel.class);
    private final EventBuilder event = mock(EventBuilder.class, RETURNS_SELF);

    @BeforeEach
    void requestSession() {
        KeycloakSession current = mock(KeycloakSession.class);
        when(current.getTransactionManager()).thenReturn(mock(KeycloakTransactionManager.class));
        KeycloakSessionUtil.setKeycloakSession(current);
        when(userSession.getPersistenceState()).thenReturn(UserSessionModel.SessionPersistenceState.PERSISTENT);
    }

    @AfterEach
    void noSession() {
        KeycloakSessionUtil.setKeycloakSession(null);
    }

    @Test
    @DisplayName("given a login-as session when its tokens are refreshed then 403 forbidden and NOT_ALLOWED, nothing touched")
    void loginAs() {
        when(userSession.getNote(ImpersonationSessionNote.IMPERSONATOR_ID.toString())).thenReturn("admin-id");
        assertRefused();
        verify(userSession, never()).setLastSessionRefresh(org.mockito.ArgumentMatchers.anyInt());
    }

    @Test
    @DisplayName("given a session the entity-token grant opened when refreshed then 403 forbidden and NOT_ALLOWED")
    void entityTokenSession() {
        when(userSession.getNote(PlatformAuth.ENTITY_TOKEN_SESSION_NOTE)).thenReturn("token-id");
        assertRefused();
    }

    @Test
    @DisplayName("given a transient client-credentials session when refreshed then 403 forbidden, reason transient session")
    void transientSession() {
        when(userSession.getPersistenceState()).thenReturn(UserSessionModel.SessionPersistenceState.TRANSIENT);
        assertRefused();
        verify(event).detail(Details.REASON, "transient session");
        verifyNoInteractions(client);
    }

    private void assertRefused() {
        ErrorResponseException refused = catchThrowableOfType(ErrorResponseException.class,
                () -> TokenResponses.refresh(session, client, userSession, "openid", event));
        assertThat(refused.getResponse().getStatus()).isEqualTo(403);
        verify(event).error(Errors.NOT_ALLOWED);
        verify(event, never()).success();
        verify(userSession, never()).getAuthenticatedClientSessionByClient(anyString());
    }
}
