package dev.platformauth.common.security;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

/**
 * An authenticated caller of the APIs: a verified access token with its user, user session (a transient
 * one for client-credentials tokens: never stored, without notes) and the client it was issued to.
 */
public record Caller(AccessToken token, UserModel user, UserSessionModel userSession, ClientModel client) {

    /**
     * Whether the caller may use {@code role} for a permission: the user holds it now (composites and
     * groups included) and the token's client has it in its scope (full scope, or a scope mapping), as at
     * Keycloak's admin API, whose tokens carry only the roles in their client's scope. So a client whose
     * scope leaves out {@code realm-management} cannot use a user manager's token to manage users, here as
     * there.
     */
    public boolean holds(RoleModel role) {
        return role != null && client != null && user.hasRole(role) && client.hasScope(role);
    }
}
