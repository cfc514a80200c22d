package dev.platformauth.rest.http;

import dev.platformauth.common.security.Caller;
import org.keycloak.models.ImpersonationSessionNote;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Admin events for changes our REST endpoints make on behalf of a Bearer caller: the event names
 * the caller's realm, client, user and IP address, exactly as Keycloak's admin API records them.
 * When the caller's session is a login-as session, the detail {@value #DETAIL_IMPERSONATOR_ID}
 * names the user behind it.
 */
public final class AdminEvents {

    /** Admin-event detail: the id of the user who opened the caller's login-as session. */
    public static final String DETAIL_IMPERSONATOR_ID = "impersonator_id";

    private AdminEvents() {
    }

    /** A builder for one admin event by {@code caller} in {@code realm}; set operation, resource and path, then {@code success()}. */
    public static AdminEventBuilder by(KeycloakSession session, RealmModel realm, Caller caller) {
        return new AdminEventBuilder(realm, new AdminAuth(realm, caller.token(), caller.user(), caller.client()),
                session, session.getContext().getConnection())
                .detail(DETAIL_IMPERSONATOR_ID, caller.userSession().getNote(ImpersonationSessionNote.IMPERSONATOR_ID.toString()));
    }
}
