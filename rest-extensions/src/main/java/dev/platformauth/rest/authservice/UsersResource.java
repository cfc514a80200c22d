package dev.platformauth.rest.authservice;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.auth.BearerAuth;
import dev.platformauth.common.auth.PrivilegeBoundary;
import dev.platformauth.common.http.JsonErrors;
import dev.platformauth.common.http.JsonRequest;
import dev.platformauth.common.token.TokenResponses;
import dev.platformauth.common.user.Passwords;
import dev.platformauth.common.user.UserSessions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessTokenResponse;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * {@code users/...} of seeds 000/001: sign-up, refresh, own password, and the admin list and update.
 * The Bearer endpoints take the auth token (an access token issued to the {@code auth-service}
 * client); the work is done by {@link UserAccounts}, checks of who may do it by {@link GlobalAdmins} and,
 * for what a session may mint and whom it may act for, {@link PrivilegeBoundary}.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class UsersResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;

    UsersResource(KeycloakSession session, ClientModel client) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.client = client;
    }

    /** Seed 000/001 "Sign Up": 201 and the new user. */
    @POST
    @Path("signup")
    public Response signup(InputStream body) {
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String email = request.requiredEmail("email");
        String password = request.requiredString("password");
        String fullName = request.optionalString("full_name", FullName.MAX_LENGTH).orElse(null);
        EventBuilder event = event(EventType.REGISTER)
                .detail(Details.REGISTER_METHOD, "api")
                .detail(Details.USERNAME, email)
                .detail(Details.EMAIL, email);
        if (!realm.isRegistrationAllowed()) {
            event.error(Errors.REGISTRATION_DISABLED);
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, "Registration is disabled for this realm");
        }
        UserModel user = new UserAccounts(session, realm, admins()).register(email, FullName.parse(fullName), password, event);
        event.user(user).success();
        return Response.status(Response.Status.CREATED)
                .entity(new UserAccounts(session, realm, admins()).json(user))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .build();
    }

    /** Seed 000/001 "Refresh Access Token": both tokens, fresh, in the caller's user session. */
    @POST
    @Path("refresh-access-token")
    public Response refresh() {
        BearerAuth.Caller caller = authToken();
        UserSessionModel userSession = caller.userSession();
        EventBuilder event = event(EventType.REFRESH_TOKEN).user(caller.user()).session(userSession)
                .detail(PlatformAuth.DETAIL_LOGIN_METHOD, "refresh");
        AccessTokenResponse tokens = TokenResponses.refresh(session, client, userSession, caller.token().getScope(), event);
        event.success();
        return AuthServiceApi.tokenResponse(tokens);
    }

    /** Seed 000/001 "Update Own Password": 204; the user's other sessions end, offline ones included. */
    @PATCH
    @Path("me/password")
    public Response changeOwnPassword(InputStream body) {
        BearerAuth.Caller caller = authToken();
        UserModel user = caller.user();
        EventBuilder event = event(EventType.UPDATE_PASSWORD).user(user).session(caller.userSession());
        PrivilegeBoundary.sessionRefusal(caller.userSession(), "change the password").ifPresent(refusal -> {
            throw refusal.refuse(event);
        });
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String current = request.requiredString("current_password");
        String replacement = request.requiredString("new_password");
        if (!Passwords.verifyCurrent(session, realm, user, current)) {
            event.error(Errors.INVALID_USER_CREDENTIALS);
            throw JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_GRANT, "The current password is incorrect");
        }
        if (current.equals(replacement)) {
            event.error(Errors.PASSWORD_REJECTED);
            throw JsonErrors.exception(Response.Status.BAD_REQUEST, JsonErrors.INVALID_PASSWORD,
                    "The new password must differ from the current one");
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
        return Response.noContent().header("Cache-Control", "no-store").build();
    }

    /** Seed 001 "Read All Users": global admins and {@code view-users} holders; paged by skip and limit. */
    @GET
    public Response list(@QueryParam("skip") String skip, @QueryParam("limit") String limit) {
        BearerAuth.Caller caller = authToken();
        GlobalAdmins admins = admins();
        if (!admins.mayListUsers(caller.user())) {
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, "Listing users needs an administrator");
        }
        int first = paging("skip", skip, 0, Integer.MAX_VALUE);
        int max = paging("limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
        UserAccounts accounts = new UserAccounts(session, realm, admins);
        List<Map<String, Object>> users = max == 0 ? List.of() : session.users()
                .searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"), first, max)
                .map(accounts::json)
                .toList();
        return Response.ok(users, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    /**
     * Seed 001 "Update Any User": global admins only, never from a login-as session, and only for users
     * within login-as containment of the caller; any subset of the fields; the updated user.
     */
    @PATCH
    @Path("{user_id}")
    public Response update(@PathParam("user_id") String userId, InputStream body) {
        BearerAuth.Caller caller = authToken();
        GlobalAdmins admins = admins();
        if (!admins.isGlobalAdmin(caller.user())) {
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, "Updating users needs a global administrator");
        }
        PrivilegeBoundary.requireFullSignIn(caller, "update users");
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        UserAccounts.Changes changes = UserAccounts.Changes.from(request);
        UserModel target = userId == null || userId.length() > 64 ? null : session.users().getUserById(realm, userId);
        if (target == null) {
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND, "No user with this id");
        }
        PrivilegeBoundary.requireMayActFor(caller, target, "update users");
        UserAccounts accounts = new UserAccounts(session, realm, admins);
        accounts.apply(target, changes, caller);
        return Response.ok(accounts.json(target), MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    /** The caller's auth token: an access token of a live session issued to the auth-service client. */
    private BearerAuth.Caller authToken() {
        return BearerAuth.require(session, client);
    }

    private GlobalAdmins admins() {
        return new GlobalAdmins(realm, client);
    }

    private EventBuilder event(EventType type) {
        return new EventBuilder(realm, session, session.getContext().getConnection()).event(type).client(client);
    }

    static int paging(String name, String value, int defaultValue, int max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw JsonErrors.badRequest("'" + name + "' must be an integer from 0 to " + max);
    }
}
