package dev.platformauth.rest.loginas;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.account.Accounts;
import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.config.RealmWideSettings;
import dev.platformauth.common.security.Caller;
import dev.platformauth.common.security.PrivilegeBoundary;
import dev.platformauth.common.security.ShortSessionTokens;
import dev.platformauth.rest.http.AdminEvents;
import dev.platformauth.rest.http.JsonRequest;
import dev.platformauth.rest.http.TokenResponses;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.ImpersonationSessionNote;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessTokenResponse;

import java.util.Map;
import java.util.Optional;

/**
 * Audited login-as (see docs/sentinel-api.md). Only holders of the configured role (default realm-management
 * {@code impersonation}) may use it, never from a login-as session; never for a disabled user or the
 * caller, and only within login-as containment ({@link PrivilegeBoundary}: no service account, no
 * user holding any role the caller lacks), which keeps realm admins out of reach of anyone but their
 * peers. The token is the target's, in a
 * new user session that carries Keycloak's impersonator notes, with the RFC 8693 {@code act} claim
 * naming the caller, a short lifetime, no refresh token and no management role of Keycloak's account
 * API (the account can be read there, not changed). Every attempt leaves an IMPERSONATE or
 * IMPERSONATE_ERROR event with caller, target and reason.
 */
public final class LoginAs {

    private static final Logger LOG = Logger.getLogger(LoginAs.class);

    /** Realm attribute ({@link RealmWideSettings}): the role that allows login-as, as {@code client.role} or a realm role name. */
    public static final String ROLE_ATTRIBUTE = PlatformAuth.PREFIX + ".login-as.role";
    public static final String DEFAULT_ROLE = "realm-management.impersonation";
    /** sentinel client attribute: lifetime of a login-as token in seconds. */
    public static final String LIFETIME_ATTRIBUTE = PlatformAuth.PREFIX + ".login-as.lifetime";
    public static final int DEFAULT_LIFETIME = 900;
    public static final int MAX_LIFETIME = 3600;

    static final String DETAIL_IMPERSONATOR_ID = AdminEvents.DETAIL_IMPERSONATOR_ID;
    static final String DETAIL_REASON = "login_as_reason";
    static final String METHOD = "login-as";

    private static final int MAX_REASON_LENGTH = 500;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;

    public LoginAs(KeycloakSession session, ClientModel client) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.client = client;
    }

    public AccessTokenResponse impersonate(Caller caller, JsonRequest request) {
        UserModel impersonator = caller.user();
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.IMPERSONATE).client(client)
                .detail(Details.IMPERSONATOR, impersonator.getUsername())
                .detail(Details.IMPERSONATOR_REALM, realm.getName())
                .detail(DETAIL_IMPERSONATOR_ID, impersonator.getId());
        PrivilegeBoundary.sessionRefusal(caller.userSession(), "start another login-as").ifPresent(refusal -> {
            throw refusal.refuse(event);
        });
        if (!caller.holds(KeycloakModelUtils.getRoleFromString(realm, roleName()))) {
            event.error(Errors.NOT_ALLOWED);
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN, "Login-as needs the " + roleName() + " role");
        }
        String username = request.requiredString("username");
        Optional<String> reason = request.optionalString("reason", MAX_REASON_LENGTH);
        reason.ifPresent(text -> event.detail(DETAIL_REASON, text));
        event.detail(Details.USERNAME, username);

        UserModel target = Accounts.byNameOrEmail(session, realm, username);
        if (target == null) {
            event.error(Errors.USER_NOT_FOUND);
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND, "No such user");
        }
        event.user(target);
        if (target.getId().equals(impersonator.getId())) {
            event.detail(Details.REASON, "self").error(Errors.NOT_ALLOWED);
            throw JsonErrors.badRequest("Login-as cannot target the caller");
        }
        PrivilegeBoundary.targetRefusal(impersonator, target).ifPresent(refusal -> {
            throw refusal.refuse(event);
        });
        if (!target.isEnabled()) {
            event.error(Errors.USER_DISABLED);
            throw JsonErrors.badRequest("Login-as cannot target a disabled user");
        }

        ClientSessionContext context = TokenResponses.attach(session, client, target, METHOD, null, event);
        event.event(EventType.IMPERSONATE);
        UserSessionModel userSession = context.getClientSession().getUserSession();
        userSession.setNote(ImpersonationSessionNote.IMPERSONATOR_ID.toString(), impersonator.getId());
        userSession.setNote(ImpersonationSessionNote.IMPERSONATOR_USERNAME.toString(), impersonator.getUsername());
        userSession.setNote(ImpersonationSessionNote.IMPERSONATOR_CLIENT.toString(), caller.client().getClientId());
        ShortSessionTokens.markLoginAs(userSession);
        // in the token id: Keycloak 26.7 asks this grant type whether a token may serve each bearer request
        context.setAttribute(Constants.GRANT_TYPE, LoginAsGrantTypeFactory.GRANT_TYPE);

        TokenManager.AccessTokenResponseBuilder builder = new TokenManager()
                .responseBuilder(realm, client, event, session, userSession, context)
                .generateAccessToken();
        TokenResponses.capExpiry(builder, (long) Time.currentTime() + lifetime());
        builder.getAccessToken().setOtherClaims("act", Map.of("sub", impersonator.getId()));
        // acts as the user, changes nothing lasting: no account changes or administration at Keycloak's APIs either
        ShortSessionTokens.limit(session, userSession, builder.getAccessToken());
        AccessTokenResponse response = builder.build();
        event.session(userSession).success();
        LOG.infof("login-as: user %s signed in as user %s in realm %s", impersonator.getId(), target.getId(), realm.getId());
        return response;
    }

    private String roleName() {
        String configured = RealmWideSettings.read(realm, client, ROLE_ATTRIBUTE);
        return configured == null ? DEFAULT_ROLE : configured;
    }

    private int lifetime() {
        return ConfigValues.intIn(client.getAttribute(LIFETIME_ATTRIBUTE), 1, MAX_LIFETIME, DEFAULT_LIFETIME);
    }
}
