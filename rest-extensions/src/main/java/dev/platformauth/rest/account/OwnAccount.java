package dev.platformauth.rest.account;

import dev.platformauth.common.account.Passwords;
import dev.platformauth.common.account.UserSessions;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.Caller;
import dev.platformauth.common.security.PrivilegeBoundary;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.UserProfileContext;

import java.util.Map;

/**
 * What users do to their own account with their auth token: change the name or address, the password,
 * or delete the account. User events (UPDATE_PROFILE, UPDATE_EMAIL, UPDATE_PASSWORD, DELETE_ACCOUNT)
 * at the {@code auth-service} client. A new address or password is a credential change, and deleting
 * the account is final: a login-as or entity-token session may do neither ({@link PrivilegeBoundary}).
 */
public final class OwnAccount {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;
    private final Caller caller;
    private final GlobalAdmins admins;

    OwnAccount(KeycloakSession session, ClientModel client, Caller caller, GlobalAdmins admins) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.client = client;
        this.caller = caller;
        this.admins = admins;
    }

    /**
     * {@code {full_name?, email?}}: the updated user; 409 when another account has the address, 403 or 400
     * when the realm's user profile does not let users change theirs or refuses the new one
     * ({@link UserAccounts#requireEmailAllowed}).
     */
    Response update(TemplateFields fields) {
        UserModel user = caller.user();
        UserAccounts accounts = new UserAccounts(session, realm, admins);
        String newEmail = UserAccounts.newEmail(user, fields.optionalEmail().orElse(null));
        boolean nameGiven = fields.fullNameGiven();
        String fullName = fields.fullName().orElse(null);
        if (newEmail != null) {
            EventBuilder refused = event(EventType.UPDATE_EMAIL).detail(Details.PREVIOUS_EMAIL, user.getEmail())
                    .detail(Details.UPDATED_EMAIL, newEmail);
            PrivilegeBoundary.sessionRefusal(caller.userSession(), "change the email address").ifPresent(refusal -> {
                throw refusal.refuse(refused);
            });
            if (accounts.emailTaken(newEmail, user)) {
                refused.error(Errors.EMAIL_IN_USE);
                throw UserAccounts.emailConflict();
            }
            accounts.requireEmailAllowed(user, newEmail, UserProfileContext.ACCOUNT, refused);
        }
        FullName names = nameGiven ? new ProfileNames(session).forUser(user, fullName) : null;
        if (newEmail != null) {
            String previous = user.getEmail();
            UserAccounts.changeEmail(user, newEmail);
            event(EventType.UPDATE_EMAIL).detail(Details.PREVIOUS_EMAIL, previous).detail(Details.UPDATED_EMAIL, newEmail).success();
        }
        if (names != null) {
            EventBuilder event = event(EventType.UPDATE_PROFILE).detail(Details.PREVIOUS_FIRST_NAME, user.getFirstName())
                    .detail(Details.PREVIOUS_LAST_NAME, user.getLastName());
            ProfileNames.store(user, fullName, names);
            event.detail(Details.UPDATED_FIRST_NAME, user.getFirstName()).detail(Details.UPDATED_LAST_NAME, user.getLastName()).success();
        }
        return accounts.ok(user);
    }

    /**
     * {@code {current_password, new_password}}: 200 with the template's message; the user's other sessions
     * end, offline ones included. 400 for a wrong current password (counted by the brute-force detector) or
     * an unchanged one, or a new one the policy refuses.
     */
    Response changePassword(TemplateFields fields) {
        UserModel user = caller.user();
        EventBuilder event = event(EventType.UPDATE_PASSWORD);
        PrivilegeBoundary.sessionRefusal(caller.userSession(), "change the password").ifPresent(refusal -> {
            throw refusal.refuse(event);
        });
        String current = fields.currentPassword();
        String replacement = fields.newPassword("new_password");
        if (!Passwords.verifyCurrent(session, realm, user, current)) {
            event.error(Errors.INVALID_USER_CREDENTIALS);
            throw JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_GRANT, TemplateTexts.INCORRECT_PASSWORD);
        }
        if (current.equals(replacement)) {
            event.error(Errors.PASSWORD_REJECTED);
            throw JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_PASSWORD, TemplateTexts.SAME_PASSWORD);
        }
        try {
            Passwords.requireAcceptable(session, realm, user, replacement);
        } catch (RuntimeException e) {
            event.error(Errors.PASSWORD_REJECTED);
            throw e;
        }
        Passwords.set(session, user, replacement, false);
        event.success();
        UserSessions.endOnPasswordChange(session, realm, user, caller);
        return message(TemplateTexts.PASSWORD_UPDATED);
    }

    /** Deletes the caller's account: 403 for global admins (the template's superusers) and login-as sessions. */
    Response delete() {
        UserModel user = caller.user();
        EventBuilder event = event(EventType.DELETE_ACCOUNT);
        if (admins.isGlobalAdmin(user)) {
            event.detail(Details.REASON, "global admin").error(Errors.NOT_ALLOWED);
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, TemplateTexts.NO_SELF_DELETE);
        }
        PrivilegeBoundary.sessionRefusal(caller.userSession(), "delete the account").ifPresent(refusal -> {
            throw refusal.refuse(event);
        });
        new UserManager(session).removeUser(realm, user);
        event.success();
        return message(TemplateTexts.USER_DELETED);
    }

    private EventBuilder event(EventType type) {
        return new EventBuilder(realm, session, session.getContext().getConnection()).event(type).client(client)
                .user(caller.user()).session(caller.userSession());
    }

    /** 200 {@code {"message": "..."}}, the template's {@code Message} model. */
    public static Response message(String text) {
        return Response.ok(Map.of("message", text), MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }
}
