package dev.platformauth.rest.account;

import dev.platformauth.common.security.Caller;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.platformauth.common.account.Passwords;
import dev.platformauth.common.account.UserSessions;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.PrivilegeBoundary;
import dev.platformauth.rest.http.AdminEvents;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.userprofile.UserProfileContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a global admin does to other accounts through the API: create, update and delete, each change an
 * admin event naming the caller. Who may is checked before ({@link GlobalAdmins}, {@link PrivilegeBoundary});
 * everything is validated before anything changes. A new password or a deactivation ends the user's
 * sessions, offline ones included.
 */
final class UserAdministration {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GlobalAdmins admins;
    private final Caller caller;

    UserAdministration(KeycloakSession session, GlobalAdmins admins, Caller caller) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.admins = admins;
        this.caller = caller;
    }

    /** The fields of an update; absent fields stay as they are. */
    record Changes(Optional<String> email, Optional<Boolean> active, Optional<Boolean> superuser,
                   boolean fullNameGiven, Optional<String> fullName, Optional<String> password) {

        static Changes from(TemplateFields fields) {
            return new Changes(fields.optionalEmail(), fields.flag("is_active"), fields.flag("is_superuser"),
                    fields.fullNameGiven(), fields.fullName(), fields.optionalNewPassword("password"));
        }
    }

    /** Creates an account (the caller may create users); admin events for the user and a superuser role. */
    UserModel create(String email, String password, String fullName, boolean active, boolean superuser) {
        if (superuser) {
            requireMayChangeSuperuser();
        }
        UserModel user = accounts().create(email, password, fullName, active, null);
        ObjectNode created = accounts().json(user);
        created.remove("is_superuser");
        event().operation(OperationType.CREATE).resource(ResourceType.USER).resourcePath(path(user))
                .representation(created).success();
        if (superuser) {
            setSuperuser(user, true);
        }
        return user;
    }

    /** Applies {@code changes} to {@code user}: validates everything first, then changes, one admin event per change. */
    void update(UserModel user, Changes changes) {
        UserAccounts accounts = accounts();
        String newEmail = UserAccounts.newEmail(user, changes.email().orElse(null));
        if (newEmail != null) {
            if (accounts.emailTaken(newEmail, user)) {
                throw UserAccounts.emailConflict();
            }
            accounts.requireEmailAllowed(user, newEmail, UserProfileContext.USER_API, null);
        }
        if (changes.superuser().filter(superuser -> superuser != isDirectSuperuser(user)).isPresent()) {
            requireMayChangeSuperuser();
        }
        changes.password().ifPresent(password -> Passwords.requireAcceptable(session, realm, user, password));
        FullName names = changes.fullNameGiven() ? new ProfileNames(session).forUser(user, changes.fullName().orElse(null)) : null;

        Map<String, Object> profileChanges = new LinkedHashMap<>();
        if (newEmail != null) {
            UserAccounts.changeEmail(user, newEmail);
            profileChanges.put("email", newEmail);
        }
        if (names != null) {
            ProfileNames.store(user, changes.fullName().orElse(null), names);
            profileChanges.put("full_name", ProfileNames.read(user));
        }
        changes.active().filter(active -> active != user.isEnabled()).ifPresent(active -> {
            user.setEnabled(active);
            if (!active) {
                UserSessions.endAll(session, realm, user, null, UserSessions.callerEvent(session, realm, caller));
            }
            profileChanges.put("is_active", active);
        });
        if (!profileChanges.isEmpty()) {
            event().operation(OperationType.UPDATE).resource(ResourceType.USER).resourcePath(path(user))
                    .representation(profileChanges).success();
        }
        changes.superuser().ifPresent(superuser -> setSuperuser(user, superuser));
        changes.password().ifPresent(password -> {
            Passwords.set(session, user, password, false);
            event().operation(OperationType.ACTION).resource(ResourceType.USER).resourcePath(path(user) + "/reset-password").success();
            UserSessions.endOnPasswordChange(session, realm, user, caller);
        });
    }

    /** Deletes {@code user} (with its sessions and credentials, as Keycloak's admin API does); a DELETE USER admin event. */
    void delete(UserModel user) {
        String path = path(user);
        if (!new UserManager(session).removeUser(realm, user)) {
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND, TemplateTexts.USER_NOT_FOUND);
        }
        event().operation(OperationType.DELETE).resource(ResourceType.USER).resourcePath(path).success();
    }

    /** Only a superuser makes or unmakes superusers (a holder of manage-users alone does not), as in the template. */
    private void requireMayChangeSuperuser() {
        PrivilegeBoundary.roleChangeRefusal(caller.user(), admins.superuserRole()).ifPresent(refusal -> {
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, TemplateTexts.NOT_ENOUGH_PRIVILEGES);
        });
    }

    private boolean isDirectSuperuser(UserModel user) {
        RoleModel role = admins.superuserRole();
        return role != null && user.hasDirectRole(role);
    }

    private void setSuperuser(UserModel user, boolean superuser) {
        if (superuser == isDirectSuperuser(user)) {
            return;
        }
        RoleModel role = admins.superuserRole();
        if (role == null) {
            role = realm.addRole(admins.superuserRoleName());
            event().operation(OperationType.CREATE).resource(ResourceType.REALM_ROLE)
                    .resourcePath("roles/" + role.getName()).representation(ModelToRepresentation.toRepresentation(role)).success();
        }
        if (superuser) {
            user.grantRole(role);
        } else {
            user.deleteRoleMapping(role);
        }
        event().operation(superuser ? OperationType.CREATE : OperationType.DELETE)
                .resource(ResourceType.REALM_ROLE_MAPPING).resourcePath(path(user) + "/role-mappings/realm")
                .representation(List.of(ModelToRepresentation.toRepresentation(role))).success();
    }

    private UserAccounts accounts() {
        return new UserAccounts(session, realm, admins);
    }

    private AdminEventBuilder event() {
        return AdminEvents.by(session, realm, caller);
    }

    private static String path(UserModel user) {
        return "users/" + user.getId();
    }
}
