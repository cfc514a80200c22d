package dev.platformauth.common.security;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class RefreshWindowTest {

    private final RealmModel realm = mock(RealmModel.class);
    private final ClientModel client = mock(ClientModel.class);

    private void realmSessions(int ssoIdle, int clientIdle) {
        when(realm.getSsoSessionIdleTimeout()).thenReturn(ssoIdle);
        when(realm.getClientSessionIdleTimeout()).thenReturn(clientIdle);
    }

    @Nested
    @DisplayName("grace period")
    class GracePeriod {

        @Test
        @DisplayName("given no attribute when read then the SSO idle time, or the shorter client session idle time")
        void defaultsToTheClientSessionIdleTime() {
            realmSessions(1800, 0);
            assertThat(RefreshWindow.gracePeriod(realm, client)).isEqualTo(1800);
            realmSessions(1800, 600);
            assertThat(RefreshWindow.gracePeriod(realm, client)).isEqualTo(600);
            when(client.getAttribute("client.session.idle.timeout")).thenReturn("300");
            assertThat(RefreshWindow.gracePeriod(realm, client)).isEqualTo(300);
            when(client.getAttribute("client.session.idle.timeout")).thenReturn("7200");
            assertThat(RefreshWindow.gracePeriod(realm, client)).as("never beyond the SSO idle time").isEqualTo(1800);
        }

        @Test
        @DisplayName("given a huge session idle time when read then at most 30 days")
        void capped() {
            realmSessions(90 * 24 * 3600, 0);
            assertThat(RefreshWindow.gracePeriod(realm, client)).isEqualTo(RefreshWindow.MAX_GRACE_PERIOD);
        }

        @Test
        @DisplayName("given the attribute when read then it wins; 0 is kept, out-of-range or garbage falls back")
        void attribute() {
            realmSessions(1800, 0);
            when(client.getAttribute(RefreshWindow.GRACE_PERIOD)).thenReturn("86400");
            assertThat(RefreshWindow.gracePeriod(realm, client)).isEqualTo(86400);
            when(client.getAttribute(RefreshWindow.GRACE_PERIOD)).thenReturn("0");
            assertThat(RefreshWindow.gracePeriod(realm, client)).isZero();
            when(client.getAttribute(RefreshWindow.GRACE_PERIOD)).thenReturn("2592001");
            assertThat(RefreshWindow.gracePeriod(realm, client)).isEqualTo(1800);
            when(client.getAttribute(RefreshWindow.GRACE_PERIOD)).thenReturn("soon");
            assertThat(RefreshWindow.gracePeriod(realm, client)).isEqualTo(1800);
        }
    }

    @Test
    @DisplayName("given an expiry and a grace period when asked then the window ends exactly grace seconds after expiry")
    void window() {
        assertThat(RefreshWindow.allows(1000, 1000, 0)).isTrue();
        assertThat(RefreshWindow.allows(1000, 1001, 0)).isFalse();
        assertThat(RefreshWindow.allows(1000, 1600, 600)).isTrue();
        assertThat(RefreshWindow.allows(1000, 1601, 600)).isFalse();
    }

    @Test
    @DisplayName("given the client's lifespan attribute when read then it wins over the realm's")
    void accessTokenLifespan() {
        when(realm.getAccessTokenLifespan()).thenReturn(300);
        assertThat(RefreshWindow.accessTokenLifespan(realm, client)).isEqualTo(300);
        when(client.getAttribute("access.token.lifespan")).thenReturn("172800");
        assertThat(RefreshWindow.accessTokenLifespan(realm, client)).isEqualTo(172800);
    }
}
