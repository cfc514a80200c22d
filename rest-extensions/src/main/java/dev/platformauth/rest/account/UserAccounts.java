package dev.platformauth.rest.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.platformauth.common.account.Passwords;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.MailedSignIn;
import dev.platformauth.common.text.EnglishMessages;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.util.JsonSerialization;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Accounts as the auth-service API sees them: the public user {@code {id, email, full_name, is_active,
 * is_superuser, created_at}}, new accounts through Keycloak's user profile (its validators and the realm's
 * rules apply), and the changes of an address or a name that self-service and administrators share.
 */
final class UserAccounts {

    /** The answer when the realm's user profile does not let the caller change the address (no template text). */
    static final String EMAIL_READ_ONLY = "The email address cannot be changed here";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GlobalAdmins admins;

    UserAccounts(KeycloakSession session, RealmModel realm, GlobalAdmins admins) {
        this.session = session;
        this.realm = realm;
        this.admins = admins;
    }

    /**
     * The public user; {@code created_at} is Keycloak's creation time in ISO-8601 (UTC). A JSON node, so
     * that a missing email, name or time is written as {@code null} (Keycloak's serializer leaves out Java nulls).
     */
    ObjectNode json(UserModel user) {
        ObjectNode json = JsonSerialization.mapper.createObjectNode();
        json.put("id", user.getId());
        json.put("email", user.getEmail());
        json.put("full_name", ProfileNames.read(user));
        json.put("is_active", user.isEnabled());
        json.put("is_superuser", admins.isSuperuser(user));
        Long created = user.getCreatedTimestamp();
        json.put("created_at", created == null ? null : Instant.ofEpochMilli(created).toString());
        return json;
    }

    /** 200 with the public user. */
    Response ok(UserModel user) {
        return Response.ok(json(user), MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    /**
     * Creates an account with username = email, {@code fullName} split as the realm's profile demands and
     * the password set; enabled when {@code active}. 400 when the address is taken (the template's text), on
     * policy or profile errors; each refusal is reported on {@code event} when there is one.
     */
    UserModel create(String email, String password, String fullName, boolean active, EventBuilder event) {
        if (emailTaken(email, null)) {
            throw refusedAsTaken(event);
        }
        try {
            Passwords.requireAcceptable(session, email, password);
        } catch (RuntimeException e) {
            report(event, Errors.PASSWORD_REJECTED);
            throw e;
        }
        Map<String, List<String>> attributes = new HashMap<>();
        attributes.put(UserModel.USERNAME, List.of(email));
        attributes.put(UserModel.EMAIL, List.of(email));
        FullName names = new ProfileNames(session).forRegistration(attributes, fullName);
        if (names.firstName() != null) {
            attributes.put(UserModel.FIRST_NAME, List.of(names.firstName()));
        }
        if (names.lastName() != null) {
            attributes.put(UserModel.LAST_NAME, List.of(names.lastName()));
        }
        UserModel user;
        try {
            user = session.getProvider(UserProfileProvider.class).create(UserProfileContext.REGISTRATION, attributes).create();
        } catch (ValidationException e) {
            report(event, Errors.INVALID_REGISTRATION);
            throw JsonErrors.badRequest(describe(e.getErrors()));
        } catch (ModelDuplicateException e) {
            // a concurrent request with the same address won the race
            throw refusedAsTaken(event);
        }
        ProfileNames.store(user, fullName, names);
        user.setEnabled(active);
        Passwords.set(session, user, password, false);
        return user;
    }

    /**
     * Sets {@code user}'s address to {@code newEmail}, unverified; when the username was the old address
     * (accounts made by sign-up) it follows, so the new address logs in. The caller checked {@link #emailTaken}.
     */
    static void changeEmail(UserModel user, String newEmail) {
        String oldEmail = user.getEmail();
        MailedSignIn.addressChanging(user);
        if (oldEmail != null && oldEmail.equalsIgnoreCase(user.getUsername())) {
            user.setUsername(newEmail.toLowerCase(Locale.ROOT));
        }
        user.setEmail(newEmail);
        user.setEmailVerified(false);
    }

    /**
     * Refuses {@code newEmail} for {@code user} where Keycloak's own surfaces would: the realm's user profile
     * in {@code context}, {@link UserProfileContext#ACCOUNT} when users change their own address (as in
     * Keycloak's account console) or {@link UserProfileContext#USER_API} for administrators (as in its admin
     * API). 403 when the profile does not let that caller change the address: an address that is the
     * username while usernames cannot be edited, the realm's Update Email action (which verifies a new
     * address first), the attribute's permissions, a read-only user federation. 400 with the profile's
     * messages when the validators of the address refuse it (such as a pattern the realm sets). Each
     * refusal is reported on {@code event} when there is one. Whether another account has the address is
     * {@link #emailTaken}'s to answer.
     */
    void requireEmailAllowed(UserModel user, String newEmail, UserProfileContext context, EventBuilder event) {
        Map<String, List<String>> attributes = new HashMap<>(user.getAttributes());
        attributes.put(UserModel.EMAIL, List.of(newEmail));
        UserProfile profile = session.getProvider(UserProfileProvider.class).create(context, attributes, user);
        if (profile.getAttributes().isReadOnly(UserModel.EMAIL)) {
            report(event, Errors.NOT_ALLOWED);
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, EMAIL_READ_ONLY);
        }
        try {
            profile.validate();
        } catch (ValidationException e) {
            List<ValidationException.Error> refusals = e.getErrors().stream()
                    .filter(error -> UserModel.EMAIL.equals(error.getAttribute())).toList();
            if (!refusals.isEmpty()) {
                report(event, Errors.INVALID_INPUT);
                throw JsonErrors.badRequest(describe(refusals));
            }
        }
    }

    /** {@code email} unless it is {@code user}'s address already (any letter case); null then. */
    static String newEmail(UserModel user, String email) {
        return email == null || email.equalsIgnoreCase(user.getEmail() == null ? "" : user.getEmail()) ? null : email;
    }

    /** Whether another account than {@code except} has {@code email} as its address or username. */
    boolean emailTaken(String email, UserModel except) {
        UserModel byEmail;
        try {
            byEmail = session.users().getUserByEmail(realm, email);
        } catch (ModelDuplicateException e) {
            return true;
        }
        UserModel byUsername = session.users().getUserByUsername(realm, email);
        return (byEmail != null && !isSame(byEmail, except)) || (byUsername != null && !isSame(byUsername, except));
    }

    /** 409 of an update to an address another account has. */
    static RuntimeException emailConflict() {
        return JsonErrors.exception(Response.Status.CONFLICT, JsonErrors.CONFLICT, TemplateTexts.EMAIL_TAKEN);
    }

    private static RuntimeException refusedAsTaken(EventBuilder event) {
        report(event, Errors.EMAIL_IN_USE);
        return JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.CONFLICT, TemplateTexts.EMAIL_REGISTERED);
    }

    private static void report(EventBuilder event, String error) {
        if (event != null) {
            event.error(error);
        }
    }

    private static boolean isSame(UserModel user, UserModel other) {
        return other != null && other.getId().equals(user.getId());
    }

    private String describe(List<ValidationException.Error> errors) {
        List<String> messages = new ArrayList<>();
        for (ValidationException.Error error : errors) {
            messages.add(EnglishMessages.format(session, error.getMessage(), error.getMessageParameters()));
        }
        return messages.stream().distinct().collect(Collectors.joining(" "));
    }
}
