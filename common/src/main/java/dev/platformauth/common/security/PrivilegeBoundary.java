package dev.platformauth.common.security;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.error.JsonErrors;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ImpersonationSessionNote;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.services.ErrorResponseException;

import java.util.Optional;

/**
 * The one place that decides who may mint credentials and act for whom (see {@code docs/security.md},
 * "Privilege boundaries"). Every route that creates a lasting credential (entity tokens, passwords,
 * email addresses, terms acceptances, login-as) or changes another user asks it.
 *
 * <ul>
 *   <li>Only a full sign-in mints: a session that carries an impersonator (login-as, or Keycloak's own
 *       impersonation) or that the entity-token grant opened may read and act inside the APIs, but
 *       creates, rotates or sets no credential, changes no account and starts no further login-as.</li>
 *   <li>Acting for another user obeys login-as containment: never a service account, never a target
 *       holding a role (realm or client role, composites and group roles expanded; realm-management
 *       permissions are client roles) that the caller does not hold. So nobody reaches a realm admin
 *       but a realm admin, and an application role such as {@code superuser} reaches plain users and
 *       its peers only.</li>
 *   <li>Granting or revoking a role needs the caller to hold it.</li>
 * </ul>
 *
 * Roles are read from the users' current mappings, never from a token.
 */
public final class PrivilegeBoundary {

    /** User-session note the entity-token grant sets on the sessions it opens: the entity token's id. */
    static final String ENTITY_TOKEN_SESSION_NOTE = PlatformAuth.ENTITY_TOKEN_SESSION_NOTE;

    /** Event {@code reason} details of the refusals. */
    static final String REASON_LOGIN_AS = "login-as session";
    static final String REASON_ENTITY_TOKEN = "entity-token session";
    static final String REASON_SERVICE_ACCOUNT = "service account";
    static final String REASON_ROLE_BEYOND_CALLER = "target holds a role the caller lacks";
    static final String REASON_GRANT_BEYOND_CALLER = "role the caller lacks";

    private PrivilegeBoundary() {
    }

    /** Why a request may not go ahead: the event's {@code reason} detail and the 403 description. */
    public record Refusal(String reason, String description) {

        /** 403 {@code forbidden} with the description. */
        ErrorResponseException exception() {
            return JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, description);
        }

        /** Records the refusal as the error of {@code event} ({@code not_allowed} with the reason) and returns the 403 to throw. */
        public ErrorResponseException refuse(EventBuilder event) {
            event.detail(Details.REASON, reason).error(Errors.NOT_ALLOWED);
            return exception();
        }
    }

    /** Whether {@code session} carries an impersonator: our login-as, or Keycloak's impersonation. */
    public static boolean isLoginAs(UserSessionModel session) {
        return session.getNote(ImpersonationSessionNote.IMPERSONATOR_ID.toString()) != null;
    }

    /** Whether the entity-token grant opened {@code session}. */
    public static boolean isEntityTokenSession(UserSessionModel session) {
        return session.getNote(ENTITY_TOKEN_SESSION_NOTE) != null;
    }

    /**
     * The refusal when {@code session} is not a full sign-in of its user (login-as or the entity-token
     * grant), so it may not {@code action} ("create entity tokens", "change passwords", ...); empty otherwise.
     */
    public static Optional<Refusal> sessionRefusal(UserSessionModel session, String action) {
        if (isLoginAs(session)) {
            return Optional.of(new Refusal(REASON_LOGIN_AS, "A login-as session cannot " + action));
        }
        if (isEntityTokenSession(session)) {
            return Optional.of(new Refusal(REASON_ENTITY_TOKEN, "A session opened with an entity token cannot " + action));
        }
        return Optional.empty();
    }

    /**
     * The refusal when {@code caller} may not act for {@code target} (login-as containment); empty when
     * they may, and always for the caller themself.
     */
    public static Optional<Refusal> targetRefusal(UserModel caller, UserModel target) {
        if (caller.getId().equals(target.getId())) {
            return Optional.empty();
        }
        if (target.getServiceAccountClientLink() != null) {
            return Optional.of(new Refusal(REASON_SERVICE_ACCOUNT, "Nobody acts for a service account"));
        }
        if (roleBeyondCaller(target, caller).isPresent()) {
            return Optional.of(new Refusal(REASON_ROLE_BEYOND_CALLER, "The user holds a role the caller does not hold"));
        }
        return Optional.empty();
    }

    /**
     * The refusal when {@code caller} would grant or revoke {@code role} without holding it (composites and
     * groups included): nobody hands out, or takes away, more than they have. Empty when they hold it.
     */
    public static Optional<Refusal> roleChangeRefusal(UserModel caller, RoleModel role) {
        if (role != null && caller.hasRole(role)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(REASON_GRANT_BEYOND_CALLER, "Only a holder of a role grants or revokes it"));
    }

    /** Both rules for one request: {@code caller}'s session may {@code action}, and for {@code target}. */
    static Optional<Refusal> refusal(Caller caller, UserModel target, String action) {
        return sessionRefusal(caller.userSession(), action).or(() -> targetRefusal(caller.user(), target));
    }

    /** 403 unless {@code caller}'s session is a full sign-in that may {@code action}. */
    public static void requireFullSignIn(Caller caller, String action) {
        sessionRefusal(caller.userSession(), action).ifPresent(refusal -> {
            throw refusal.exception();
        });
    }

    /** 403 unless {@code caller} may {@code action} for {@code target} (see {@link #refusal}). */
    public static void requireMayActFor(Caller caller, UserModel target, String action) {
        refusal(caller, target, action).ifPresent(refusal -> {
            throw refusal.exception();
        });
    }

    /** A role of the target (direct, via groups, or inside a composite) that the caller does not hold. */
    static Optional<RoleModel> roleBeyondCaller(UserModel target, UserModel caller) {
        return RoleUtils.getDeepUserRoleMappings(target).stream()
                .filter(role -> !caller.hasRole(role))
                .findFirst();
    }
}
