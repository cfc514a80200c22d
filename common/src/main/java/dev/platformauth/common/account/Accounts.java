package dev.platformauth.common.account;

import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Account lookups and role checks shared by the REST resources. */
public final class Accounts {

    private Accounts() {
    }

    /** The user whose username or email is {@code name}; null when none (or, for an email, when several share it). */
    public static UserModel byNameOrEmail(KeycloakSession session, RealmModel realm, String name) {
        try {
            return KeycloakModelUtils.findUserByNameOrEmail(session, realm, name);
        } catch (ModelDuplicateException e) {
            return null;
        }
    }

    /** The account owning {@code email}, or null (also when several accounts share it). */
    public static UserModel byEmail(KeycloakSession session, RealmModel realm, String email) {
        try {
            return session.users().getUserByEmail(realm, email);
        } catch (ModelDuplicateException e) {
            return null;
        }
    }

    /** Whether {@code user} holds the realm-management client role {@code roleName} (composites and groups included). */
    public static boolean hasRealmManagementRole(RealmModel realm, UserModel user, String roleName) {
        RoleModel role = realmManagementRole(realm, roleName);
        return role != null && user.hasRole(role);
    }

    /** The realm-management client's role {@code roleName}, or null. */
    public static RoleModel realmManagementRole(RealmModel realm, String roleName) {
        ClientModel realmManagement = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        return realmManagement == null ? null : realmManagement.getRole(roleName);
    }
}
