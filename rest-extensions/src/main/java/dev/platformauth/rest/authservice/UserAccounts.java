package dev.platformauth.rest.authservice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.common.auth.AdminEvents;
import dev.platformauth.common.auth.BearerAuth;
import dev.platformauth.common.http.JsonErrors;
import dev.platformauth.common.http.JsonRequest;
import dev.platformauth.common.text.EnglishMessages;
import dev.platformauth.common.user.Passwords;
import dev.platformauth.common.user.UserSessions;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Accounts as the auth-service API sees them: the user JSON {@code {id, email, full_name, is_active,
 * is_superuser}}, sign-up through Keycloak's user profile (its validators and the realm's rules apply)
 * and an administrator's partial update with an admin event per change; a new password or a
 * deactivation ends the user's sessions, offline ones included.
 */
final class UserAccounts {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GlobalAdmins admins;

    UserAccounts(KeycloakSession session, RealmModel realm, GlobalAdmins admins) {
        this.session = session;
        this.realm = realm;
        this.admins = admins;
    }

    /** The user JSON of DESIGN §4.1. */
    Map<String, Object> json(UserModel user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.getId());
        json.put("email", user.getEmail());
        json.put("full_name", FullName.join(user.getFirstName(), user.getLastName()));
        json.put("is_active", user.isEnabled());
        json.put("is_superuser", admins.isSuperuser(user));
        return json;
    }

    /** Creates an enabled account with username = email; 409 when the address is taken, 400 on policy or profile errors. */
    UserModel register(String email, FullName name, String password, EventBuilder event) {
        if (emailTaken(email, null)) {
            event.error(Errors.EMAIL_IN_USE);
            throw JsonErrors.exception(Response.Status.CONFLICT, JsonErrors.CONFLICT, "An account with this email already exists");
        }
        try {
            Passwords.requireAcceptable(session, email, password);
        } catch (RuntimeException e) {
            event.error(Errors.PASSWORD_REJECTED);
            throw e;
        }
        Map<String, List<String>> attributes = new HashMap<>();
        attributes.put(UserModel.USERNAME, List.of(email));
        attributes.put(UserModel.EMAIL, List.of(email));
        if (name.firstName() != null) {
            attributes.put(UserModel.FIRST_NAME, List.of(name.firstName()));
        }
        if (name.lastName() != null) {
            attributes.put(UserModel.LAST_NAME, List.of(name.lastName()));
        }
        UserProfile profile = session.getProvider(UserProfileProvider.class).create(UserProfileContext.REGISTRATION, attributes);
        UserModel user;
        try {
            user = profile.create();
        } catch (ValidationException e) {
            event.error(Errors.INVALID_REGISTRATION);
            throw JsonErrors.badRequest(describe(e));
        } catch (ModelDuplicateException e) {
            // a concurrent sign-up with the same address won the race
            event.error(Errors.EMAIL_IN_USE);
            throw JsonErrors.exception(Response.Status.CONFLICT, JsonErrors.CONFLICT, "An account with this email already exists");
        }
        user.setEnabled(true);
        Passwords.set(session, user, password, false);
        return user;
    }

    /** The fields of an administrator's update; absent fields stay as they are. */
    record Changes(Optional<String> email, Optional<Boolean> active, Optional<Boolean> superuser,
                   Optional<String> fullName, boolean fullNameGiven, Optional<String> password) {

        static Changes from(JsonRequest request) {
            Optional<String> email = request.body().hasNonNull("email") ? Optional.of(request.requiredEmail("email")) : Optional.empty();
            boolean fullNameGiven = request.body().has("full_name");
            return new Changes(email, bool(request, "is_active"), bool(request, "is_superuser"),
                    request.optionalString("full_name", FullName.MAX_LENGTH), fullNameGiven,
                    request.optionalString("password"));
        }

        private static Optional<Boolean> bool(JsonRequest request, String field) {
            JsonNode value = request.body().get(field);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isBoolean()) {
                throw JsonErrors.badRequest("Field '" + field + "' must be true or false");
            }
            return Optional.of(value.booleanValue());
        }
    }

    /** Applies {@code changes} to {@code user}: validates everything first, then changes, one admin event per change. */
    void apply(UserModel user, Changes changes, BearerAuth.Caller caller) {
        String newEmail = changes.email().filter(email -> !email.equalsIgnoreCase(nullToEmpty(user.getEmail()))).orElse(null);
        if (newEmail != null && emailTaken(newEmail, user)) {
            throw JsonErrors.exception(Response.Status.CONFLICT, JsonErrors.CONFLICT, "Another account already uses this email");
        }
        changes.password().ifPresent(password -> Passwords.requireAcceptable(session, realm, user, password));

        AdminEventBuilder adminEvent = AdminEvents.by(session, realm, caller);
        String userPath = "users/" + user.getId();

        Map<String, Object> profileChanges = new LinkedHashMap<>();
        if (newEmail != null) {
            String oldEmail = user.getEmail();
            if (oldEmail != null && oldEmail.equalsIgnoreCase(user.getUsername())) {
                // accounts created by sign-up log in with their address: the username follows it
                user.setUsername(newEmail.toLowerCase(Locale.ROOT));
            }
            user.setEmail(newEmail);
            user.setEmailVerified(false);
            profileChanges.put("email", newEmail);
        }
        if (changes.fullNameGiven()) {
            FullName name = FullName.parse(changes.fullName().orElse(null));
            user.setFirstName(name.firstName());
            user.setLastName(name.lastName());
            profileChanges.put("full_name", FullName.join(name.firstName(), name.lastName()));
        }
        changes.active().filter(active -> active != user.isEnabled()).ifPresent(active -> {
            user.setEnabled(active);
            if (!active) {
                UserSessions.endAll(session, realm, user, null, UserSessions.callerEvent(session, realm, caller));
            }
            profileChanges.put("is_active", active);
        });
        if (!profileChanges.isEmpty()) {
            adminEvent.clone(session).operation(OperationType.UPDATE).resource(ResourceType.USER)
                    .resourcePath(userPath).representation(profileChanges).success();
        }
        changes.superuser().ifPresent(superuser -> setSuperuser(user, superuser, adminEvent, userPath));
        changes.password().ifPresent(password -> {
            Passwords.set(session, user, password, false);
            adminEvent.clone(session).operation(OperationType.ACTION).resource(ResourceType.USER)
                    .resourcePath(userPath + "/reset-password").success();
            UserSessions.endOnPasswordChange(session, realm, user, caller);
        });
    }

    private void setSuperuser(UserModel user, boolean superuser, AdminEventBuilder adminEvent, String userPath) {
        RoleModel role = admins.superuserRole();
        if (superuser == (role != null && user.hasDirectRole(role))) {
            return;
        }
        if (role == null) {
            role = realm.addRole(admins.superuserRoleName());
            adminEvent.clone(session).operation(OperationType.CREATE).resource(ResourceType.REALM_ROLE)
                    .resourcePath("roles/" + role.getName()).representation(ModelToRepresentation.toRepresentation(role)).success();
        }
        if (superuser) {
            user.grantRole(role);
        } else {
            user.deleteRoleMapping(role);
        }
        adminEvent.clone(session).operation(superuser ? OperationType.CREATE : OperationType.DELETE)
                .resource(ResourceType.REALM_ROLE_MAPPING).resourcePath(userPath + "/role-mappings/realm")
                .representation(List.of(ModelToRepresentation.toRepresentation(role))).success();
    }

    private boolean emailTaken(String email, UserModel except) {
        UserModel byEmail = session.users().getUserByEmail(realm, email);
        UserModel byUsername = session.users().getUserByUsername(realm, email);
        return (byEmail != null && !isSame(byEmail, except)) || (byUsername != null && !isSame(byUsername, except));
    }

    private static boolean isSame(UserModel user, UserModel other) {
        return other != null && other.getId().equals(user.getId());
    }

    private String describe(ValidationException e) {
        List<String> messages = new ArrayList<>();
        for (ValidationException.Error error : e.getErrors()) {
            messages.add(EnglishMessages.format(session, error.getMessage(), error.getMessageParameters()));
        }
        return messages.stream().distinct().collect(Collectors.joining(" "));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
