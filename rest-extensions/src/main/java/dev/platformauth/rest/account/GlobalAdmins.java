package dev.platformauth.rest.account;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.account.Accounts;
import dev.platformauth.common.config.RealmWideSettings;
import dev.platformauth.common.security.Caller;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.AdminRoles;

/**
 * Who may administer users through the auth-service API ({@code docs/account-api.md}): a global admin holds the
 * realm role {@code superuser} (its name is the realm attribute {@value #SUPERUSER_ROLE_ATTRIBUTE}, see
 * {@link RealmWideSettings}) or realm-management {@code manage-users}; listing users also
 * admits {@code view-users}. Roles are read from the user's current mappings (composites and groups
 * included), not from the token, so a revoked role stops working at once; and a caller uses them only
 * where the token's client has them in its scope ({@link Caller#holds}), as at Keycloak's admin API.
 */
public final class GlobalAdmins {

    public static final String SUPERUSER_ROLE_ATTRIBUTE = PlatformAuth.PREFIX + ".superuser-role";
    public static final String DEFAULT_SUPERUSER_ROLE = "superuser";

    private final RealmModel realm;
    private final String superuserRoleName;

    GlobalAdmins(RealmModel realm, ClientModel authServiceClient) {
        this.realm = realm;
        String configured = RealmWideSettings.read(realm, authServiceClient, SUPERUSER_ROLE_ATTRIBUTE);
        this.superuserRoleName = configured == null ? DEFAULT_SUPERUSER_ROLE : configured;
    }

    String superuserRoleName() {
        return superuserRoleName;
    }

    /** The superuser realm role, or null when the realm has none yet. */
    RoleModel superuserRole() {
        return realm.getRole(superuserRoleName);
    }

    boolean isSuperuser(UserModel user) {
        RoleModel role = superuserRole();
        return role != null && user.hasRole(role);
    }

    /** Whether {@code user} is a global admin (what the account is, whichever client asks). */
    boolean isGlobalAdmin(UserModel user) {
        return isSuperuser(user) || Accounts.hasRealmManagementRole(realm, user, AdminRoles.MANAGE_USERS);
    }

    /** Whether {@code caller} may act as a global admin: the role held and in the token client's scope. */
    boolean actsAsGlobalAdmin(Caller caller) {
        return caller.holds(superuserRole()) || caller.holds(Accounts.realmManagementRole(realm, AdminRoles.MANAGE_USERS));
    }

    boolean mayListUsers(Caller caller) {
        return actsAsGlobalAdmin(caller) || caller.holds(Accounts.realmManagementRole(realm, AdminRoles.VIEW_USERS));
    }
}
