package dev.platformauth.rest.account;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.error.InputError;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.security.Caller;
import dev.platformauth.common.security.PrivilegeBoundary;
import dev.platformauth.rest.authservice.AuthServiceApi;
import dev.platformauth.rest.http.BearerAuth;
import dev.platformauth.rest.http.JsonRequest;
import dev.platformauth.rest.http.TokenResponses;
import jakarta.ws.rs.DELETE;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code users/...}: the FastAPI template's user API (sign-up, the caller's own account, and the global
 * admin's list, create, read, update and delete) plus {@code refresh-access-token}. The Bearer endpoints
 * take the auth token (an access token issued to the {@code auth-service} client). Who may do what is
 * {@link GlobalAdmins}' and, for what a session may mint and whom it may act for, {@link PrivilegeBoundary}'s;
 * the work is {@link UserAccounts}', {@link OwnAccount}'s and {@link UserAdministration}'s.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class UsersResource {

    /** Client attribute of {@code auth-service} switching {@code users/signup} off ({@code "false"}); on by default. */
    public static final String SIGNUP_ENABLED = PlatformAuth.PREFIX + ".signup.enabled";

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;

    public UsersResource(KeycloakSession session, ClientModel client) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.client = client;
    }

    /** Whether the API offers sign-up: the client attribute {@value #SIGNUP_ENABLED}, on unless {@code "false"}. */
    public static boolean signupEnabled(ClientModel client) {
        String value = client.getAttribute(SIGNUP_ENABLED);
        return value == null || value.isBlank() || ConfigValues.isTrue(value);
    }

    /** Sign-up: 200 and the new user; whatever the realm's login-page registration switch says. */
    @POST
    @Path("signup")
    public Response signup(InputStream body) {
        TemplateFields fields = fields(body);
        String email = fields.email();
        String password = fields.newPassword("password");
        String fullName = fields.fullName().orElse(null);
        EventBuilder event = event(EventType.REGISTER)
                .detail(Details.REGISTER_METHOD, "api")
                .detail(Details.USERNAME, email)
                .detail(Details.EMAIL, email);
        if (!signupEnabled(client)) {
            event.error(Errors.REGISTRATION_DISABLED);
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, TemplateTexts.REGISTRATION_CLOSED);
        }
        UserAccounts accounts = accounts();
        UserModel user = accounts.create(email, password, fullName, true, event);
        event.user(user).success();
        return accounts.ok(user);
    }

    /**
     * Both tokens, fresh, in the caller's user session; the auth token may have expired within the
     * client's grace period ({@link BearerAuth#requireForRefresh}).
     */
    @POST
    @Path("refresh-access-token")
    public Response refresh() {
        EventBuilder event = event(EventType.REFRESH_TOKEN).detail(PlatformAuth.DETAIL_LOGIN_METHOD, "refresh");
        Caller caller = BearerAuth.requireForRefresh(session, client, event);
        UserSessionModel userSession = caller.userSession();
        AccessTokenResponse tokens = TokenResponses.refresh(session, client, userSession, caller.token().getScope(), event);
        event.success();
        return AuthServiceApi.tokenResponse(tokens);
    }

    @GET
    @Path("me")
    public Response me() {
        return accounts().ok(authToken().user());
    }

    /** {@code {full_name?, email?}}: the caller's updated user. */
    @PATCH
    @Path("me")
    public Response updateMe(InputStream body) {
        Caller caller = authToken();
        return own(caller).update(fields(body));
    }

    /** Deletes the caller's account (not a global admin's). */
    @DELETE
    @Path("me")
    public Response deleteMe() {
        return own(authToken()).delete();
    }

    /** {@code {current_password, new_password}}: 200 with a message; the user's other sessions end. */
    @PATCH
    @Path("me/password")
    public Response changeOwnPassword(InputStream body) {
        Caller caller = authToken();
        return own(caller).changePassword(fields(body));
    }

    /** {@code {"data": [users, newest first], "count": all}}: global admins and {@code view-users} holders. */
    @GET
    public Response list(@QueryParam("skip") String skip, @QueryParam("limit") String limit) {
        Caller caller = authToken();
        if (!admins().mayListUsers(caller)) {
            throw notEnoughPrivileges();
        }
        int first = paging("skip", skip, 0, Integer.MAX_VALUE);
        int max = paging("limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
        UserListing listing = new UserListing(session, realm);
        UserAccounts accounts = accounts();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("data", listing.page(first, max).stream().map(accounts::json).toList());
        page.put("count", listing.count());
        return Response.ok(page, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    /** Creates an account: {@code {email, password, full_name?, is_active?, is_superuser?}}; global admins only. */
    @POST
    public Response create(InputStream body) {
        Caller caller = globalAdmin();
        PrivilegeBoundary.requireFullSignIn(caller, "create users");
        TemplateFields fields = fields(body);
        String email = fields.email();
        String password = fields.newPassword("password");
        String fullName = fields.fullName().orElse(null);
        boolean active = fields.flag("is_active").orElse(true);
        boolean superuser = fields.flag("is_superuser").orElse(false);
        UserModel user = new UserAdministration(session, admins(), caller).create(email, password, fullName, active, superuser);
        return accounts().ok(user);
    }

    /** A user by id: the caller themself, or any user for a global admin. */
    @GET
    @Path("{user_id}")
    public Response read(@PathParam("user_id") String userId) {
        Caller caller = authToken();
        if (caller.user().getId().equals(userId)) {
            return accounts().ok(caller.user());
        }
        if (!admins().actsAsGlobalAdmin(caller)) {
            throw notEnoughPrivileges();
        }
        return accounts().ok(user(userId, TemplateTexts.USER_NOT_FOUND));
    }

    /**
     * Any subset of {@code {email, is_active, is_superuser, full_name, password}}; global admins only, never
     * from a login-as session, and only for users within login-as containment of the caller.
     */
    @PATCH
    @Path("{user_id}")
    public Response update(@PathParam("user_id") String userId, InputStream body) {
        Caller caller = globalAdmin();
        PrivilegeBoundary.requireFullSignIn(caller, "update users");
        UserAdministration.Changes changes = UserAdministration.Changes.from(fields(body));
        UserModel target = user(userId, TemplateTexts.NO_USER_WITH_ID);
        PrivilegeBoundary.requireMayActFor(caller, target, "update users");
        new UserAdministration(session, admins(), caller).update(target, changes);
        return accounts().ok(target);
    }

    /** Deletes a user; global admins only, not themselves, within login-as containment. */
    @DELETE
    @Path("{user_id}")
    public Response delete(@PathParam("user_id") String userId) {
        Caller caller = globalAdmin();
        UserModel target = user(userId, TemplateTexts.USER_NOT_FOUND);
        if (target.getId().equals(caller.user().getId())) {
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, TemplateTexts.NO_SELF_DELETE);
        }
        PrivilegeBoundary.requireMayActFor(caller, target, "delete users");
        new UserAdministration(session, admins(), caller).delete(target);
        return OwnAccount.message(TemplateTexts.USER_DELETED);
    }

    /** The caller's auth token: an access token of a live session issued to the auth-service client. */
    Caller authToken() {
        return BearerAuth.require(session, client);
    }

    private Caller globalAdmin() {
        Caller caller = authToken();
        if (!admins().actsAsGlobalAdmin(caller)) {
            throw notEnoughPrivileges();
        }
        return caller;
    }

    /** The user {@code userId}; 404 with {@code notFound} when there is none. */
    private UserModel user(String userId, String notFound) {
        UserModel user = userId == null || userId.length() > 64 ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND, notFound);
        }
        return user;
    }

    private OwnAccount own(Caller caller) {
        return new OwnAccount(session, client, caller, admins());
    }

    private TemplateFields fields(InputStream body) {
        return new TemplateFields(JsonRequest.read(session.getContext().getRequestHeaders(), body));
    }

    private UserAccounts accounts() {
        return new UserAccounts(session, realm, admins());
    }

    private GlobalAdmins admins() {
        return new GlobalAdmins(realm, client);
    }

    private EventBuilder event(EventType type) {
        return new EventBuilder(realm, session, session.getContext().getConnection()).event(type).client(client);
    }

    private static RuntimeException notEnoughPrivileges() {
        return JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, TemplateTexts.NOT_ENOUGH_PRIVILEGES);
    }

    /** A paging query parameter: absent or empty is {@code defaultValue}; else an integer from 0 to {@code max}. */
    static int paging(String name, String value, int defaultValue, int max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        List<Object> loc = List.of("query", name);
        String description = "'" + name + "' must be an integer from 0 to " + max;
        long parsed = ConfigValues.wholeNumber(value)
                .orElseThrow(() -> JsonErrors.invalidInput(InputError.intParsing(loc, value, description)));
        if (parsed < 0) {
            throw JsonErrors.invalidInput(InputError.atLeast(loc, value, 0, description));
        }
        if (parsed > max) {
            throw JsonErrors.invalidInput(InputError.atMost(loc, value, max, description));
        }
        return (int) parsed;
    }
}
