package dev.platformauth.rest.account;

import dev.platformauth.common.account.Accounts;
import dev.platformauth.common.account.Passwords;
import dev.platformauth.common.account.UserSessions;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.Caller;
import dev.platformauth.common.security.PrivilegeBoundary;
import dev.platformauth.rest.http.AdminEvents;
import dev.platformauth.rest.http.JsonRequest;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code setAssociatedAccountPassword}: an "associated account" is a Keycloak user of the realm that
 * an administrator (or an import, or user federation) created ahead of its owner, typically disabled
 * and without a usable password. A holder of realm-management {@code manage-users} activates it:
 * the account is enabled and gets the given password as a temporary one, so its owner must choose a
 * new password (required action UPDATE_PASSWORD) at the first sign-in in the login pages. Never from a
 * login-as session, and only for accounts within login-as containment of the caller
 * ({@link PrivilegeBoundary}); every session the account already had ends.
 */
public final class AssociatedAccounts {

    private static final String ACTION = "set account passwords";

    private final KeycloakSession session;
    private final RealmModel realm;

    public AssociatedAccounts(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public void activate(Caller caller, JsonRequest request) {
        if (!caller.holds(Accounts.realmManagementRole(realm, AdminRoles.MANAGE_USERS))) {
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, "Needs the manage-users role");
        }
        PrivilegeBoundary.requireFullSignIn(caller, ACTION);
        String username = request.requiredString("username");
        String password = request.requiredString("password");
        UserModel user = Accounts.byNameOrEmail(session, realm, username);
        if (user == null) {
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND, "No such user");
        }
        PrivilegeBoundary.requireMayActFor(caller, user, ACTION);
        Passwords.requireAcceptable(session, realm, user, password);

        String userPath = "users/" + user.getId();
        if (!user.isEnabled()) {
            user.setEnabled(true);
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("enabled", true);
            AdminEvents.by(session, realm, caller).operation(OperationType.UPDATE).resource(ResourceType.USER)
                    .resourcePath(userPath).representation(change).success();
        }
        Passwords.set(session, user, password, true);
        AdminEvents.by(session, realm, caller).operation(OperationType.ACTION).resource(ResourceType.USER)
                .resourcePath(userPath + "/reset-password").success();
        UserSessions.endOnPasswordChange(session, realm, user, caller);
    }
}
