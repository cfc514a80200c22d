package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.account.Accounts;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.secret.SecretCodes;
import dev.platformauth.common.security.Caller;
import dev.platformauth.common.security.PrivilegeBoundary;
import dev.platformauth.rest.http.AdminEvents;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of docs/entity-tokens.md for one request: a user manages their own token in an organization
 * they belong to; holders of realm-management {@code manage-users} manage anyone's. Tokens are created,
 * changed and rotated only for members, only from a full sign-in (not a login-as session) and, for
 * another user, only within login-as containment ({@link PrivilegeBoundary}); reading and revoking
 * need neither. Every change is an admin event naming the caller (resource type
 * {@value #RESOURCE_TYPE}, never with the secret).
 */
final class EntityTokens {

    static final String RESOURCE_TYPE = "PLATFORM_AUTH_ENTITY_TOKEN";
    private static final Logger LOG = Logger.getLogger(EntityTokens.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Caller caller;
    private final OrganizationModel organization;
    private final UserModel user;
    private final EntityTokenStore store;

    /** Authorises {@code caller} for the token of {@code userId} in {@code entityId}: 404 / 403 JSON otherwise. */
    EntityTokens(KeycloakSession session, Caller caller, String entityId, String userId) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.caller = caller;
        this.organization = Entities.require(session, entityId);
        boolean admin = caller.holds(Accounts.realmManagementRole(realm, AdminRoles.MANAGE_USERS));
        boolean self = caller.user().getId().equals(userId) && Entities.isMember(session, organization, caller.user());
        if (!admin && !self) {
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN,
                    "Only the user, while a member of the entity, or a user manager may manage this token");
        }
        this.user = userId == null || userId.length() > 255 ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND, "Unknown user");
        }
        this.store = new EntityTokenStore(session);
    }

    Map<String, Object> get() {
        return EntityTokenView.of(existing());
    }

    Map<String, Object> create(EntityTokenInput input) {
        PrivilegeBoundary.requireMayActFor(caller, user, "create entity tokens");
        requireMember();
        if (store.find(realm.getId(), organization.getId(), user.getId()) != null) {
            throw EntityTokenStore.conflict();
        }
        String secret = EntityTokenSecrets.generate();
        EntityTokenEntity token = store.create(realm.getId(), organization.getId(), user.getId(), secret, input,
                Time.currentTimeMillis());
        event(OperationType.CREATE, token);
        LOG.debugf("entity token %s created for user %s in entity %s by %s", token.getId(), user.getId(),
                organization.getId(), caller.user().getId());
        return EntityTokenView.of(token, secret);
    }

    Map<String, Object> update(EntityTokenInput input) {
        PrivilegeBoundary.requireMayActFor(caller, user, "change entity tokens");
        requireMember();
        EntityTokenEntity token = existing();
        String flagsBefore = token.getFlags();
        Long expiryBefore = token.getExpiresAt();
        store.update(token, input);
        // grant sessions carry the flags they were opened with and may outlive a shortened expiry: a
        // change of either ends them, as a rotation does; the caller runs the grant again
        if (!Objects.equals(flagsBefore, token.getFlags()) || !Objects.equals(expiryBefore, token.getExpiresAt())) {
            EntityTokenSessions.end(session, token);
        }
        event(OperationType.UPDATE, token);
        return EntityTokenView.of(token);
    }

    /** A new secret for the token, same expiry and flags; {@code presented}, when given, must be the current secret. */
    Map<String, Object> refresh(Optional<String> presented) {
        PrivilegeBoundary.requireMayActFor(caller, user, "rotate entity tokens");
        requireMember();
        EntityTokenEntity token = existing();
        if (presented.isPresent() && (!EntityTokenSecrets.wellFormed(presented.get())
                || !SecretCodes.constantTimeEquals(EntityTokenSecrets.hash(presented.get()), token.getSecretHash()))) {
            throw JsonErrors.badRequest("Field 'authenticationToken' is not this token's current secret");
        }
        String secret = EntityTokenSecrets.generate();
        store.rotate(token, secret);
        EntityTokenSessions.end(session, token);
        event(OperationType.ACTION, token);
        LOG.debugf("entity token %s rotated by %s", token.getId(), caller.user().getId());
        return EntityTokenView.of(token, secret);
    }

    Map<String, Object> delete() {
        EntityTokenEntity token = existing();
        Map<String, Object> revoked = EntityTokenView.of(token);
        store.delete(token);
        EntityTokenSessions.end(session, token);
        event(OperationType.DELETE, token);
        LOG.debugf("entity token %s revoked by %s", token.getId(), caller.user().getId());
        return revoked;
    }

    /** Used by the resource to check a body's expiry against the same clock. */
    static Instant now() {
        return Instant.ofEpochMilli(Time.currentTimeMillis());
    }

    private EntityTokenEntity existing() {
        EntityTokenEntity token = store.find(realm.getId(), organization.getId(), user.getId());
        if (token == null) {
            throw JsonErrors.exception(Response.Status.NOT_FOUND, JsonErrors.NOT_FOUND,
                    "This user has no authentication token for this entity");
        }
        return token;
    }

    private void requireMember() {
        if (!Entities.isMember(session, organization, user)) {
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN,
                    "The user is not a member of this entity");
        }
    }

    private void event(OperationType operation, EntityTokenEntity token) {
        AdminEvents.by(session, realm, caller).operation(operation).resource(RESOURCE_TYPE)
                .resourcePath(path(token)).representation(EntityTokenView.of(token)).success();
    }

    static String path(EntityTokenEntity token) {
        return "entities/" + token.getEntityId() + "/users/" + token.getUserId() + "/authentication-token";
    }
}
