package dev.platformauth.rest.http;

import dev.platformauth.common.security.RefreshWindow;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Hears Keycloak's revocation endpoint (a successful {@code REVOKE_GRANT} of an access token, sent in the
 * revocation request's transaction) and keeps the revoked token's id for as long as our refresh routes
 * could accept the token: its client's access-token lifespan plus the longest grace period
 * ({@link RevokedAccessTokens}). Revoked refresh tokens end their client session, which the refresh
 * routes check anyway.
 */
final class RevokedTokenListener implements EventListenerProvider {

    private final KeycloakSession session;

    RevokedTokenListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.REVOKE_GRANT || event.getError() != null || event.getDetails() == null) {
            return;
        }
        String tokenId = event.getDetails().get(Details.TOKEN_ID);
        RealmModel realm = event.getRealmId() == null ? null : session.realms().getRealm(event.getRealmId());
        if (tokenId == null || realm == null) {
            return;
        }
        ClientModel client = event.getClientId() == null ? null : realm.getClientByClientId(event.getClientId());
        long lifespan = Math.max(realm.getAccessTokenLifespan(),
                client == null ? 0 : RefreshWindow.accessTokenLifespan(realm, client));
        RevokedAccessTokens.remember(session, tokenId, lifespan + RefreshWindow.MAX_GRACE_PERIOD);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // admin events revoke nothing this listener keeps
    }

    @Override
    public void close() {
    }
}
