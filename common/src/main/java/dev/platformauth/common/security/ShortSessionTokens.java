package dev.platformauth.common.security;

import dev.platformauth.common.PlatformAuth;
import org.keycloak.Config;
import org.keycloak.models.AccountRoles;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The access tokens of sessions that act for someone (login-as) or for an API key (the entity-token grant)
 * change nothing through Keycloak's own REST APIs (see {@code docs/security.md}, "Login-as sessions mint
 * no lasting credentials"): they carry none of the roles those APIs read from a token to let it change an
 * account, read an identity provider's stored tokens or administer a realm, and Keycloak reads them as
 * they are instead of rebuilding their roles from the session.
 */
public final class ShortSessionTokens {

    /** The roles of Keycloak's {@code account} client that let a token change the account through Keycloak's account API. */
    static final Set<String> ACCOUNT_MANAGEMENT_ROLES = Set.of(AccountRoles.MANAGE_ACCOUNT, AccountRoles.MANAGE_ACCOUNT_LINKS,
            AccountRoles.MANAGE_CONSENT, AccountRoles.DELETE_ACCOUNT, AccountRoles.MANAGE_VERIFIABLE_CREDENTIALS);

    /** The realm roles of Keycloak's administration realm that administer every realm, or create realms. */
    static final Set<String> ADMINISTRATION_REALM_ROLES = Set.of(AdminRoles.ADMIN, AdminRoles.CREATE_REALM);

    /** The suffix of the clients of Keycloak's administration realm that administer one realm each ({@code <realm>-realm}). */
    private static final String REALM_ADMINISTRATION_CLIENT_SUFFIX = "-realm";

    /** User-session note of the sessions the bundle's login-as opens (Keycloak's own impersonation sets none). */
    static final String LOGIN_AS_NOTE = PlatformAuth.PREFIX + ".login-as";

    private ShortSessionTokens() {
    }

    /**
     * Whether a login-as or entity-token grant token may serve a request to {@code path} (decoded, relative to
     * Keycloak's root, as Keycloak routes it). Keycloak (26.7 on) asks the grant type that issued a token when
     * its bearer-token authenticator checks it (the admin, account and protection APIs, the broker token
     * endpoints, verifiable-credential issuance), and both grant types answer with this: not at Keycloak's
     * admin API, nor at the protection API of Authorization Services, where fine-grained admin permissions
     * and user-managed access grant powers that are not roles in the token ({@link #limit} takes the roles
     * out), nor where a lasting credential is handed out: an identity provider's stored tokens (the broker
     * token endpoints) or a verifiable credential. Earlier lines do not ask; there the roles taken out of the
     * token are the limit.
     */
    public static boolean allowedAt(String path) {
        return !servesKeycloakApi(path);
    }

    /**
     * Whether {@code path} is under Keycloak's admin API ({@code admin/...}), a realm's protection API
     * ({@code realms/<realm>/authz/protection/...}), broker token endpoint ({@code realms/<realm>/broker/<alias>/token})
     * or verifiable-credential issuance ({@code realms/<realm>/protocol/oid4vc/...}); matrix parameters are
     * dropped and dot segments resolved first, so no spelling of the path hides it (Keycloak itself answers
     * 400 to a request path that is not normalized, such as {@code /admin/%72ealms/...}).
     */
    static boolean servesKeycloakApi(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String raw : path.split("/")) {
            int matrix = raw.indexOf(';');
            String segment = matrix < 0 ? raw : raw.substring(0, matrix);
            if ("..".equals(segment)) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !".".equals(segment)) {
                segments.addLast(segment);
            }
        }
        List<String> resolved = List.copyOf(segments);
        if (!resolved.isEmpty() && "admin".equals(resolved.get(0))) {
            return true;
        }
        if (resolved.size() < 4 || !"realms".equals(resolved.get(0))) {
            return false;
        }
        String area = resolved.get(2);
        return "authz".equals(area) && "protection".equals(resolved.get(3))
                || "broker".equals(area) && resolved.size() == 5 && "token".equals(resolved.get(4))
                || "protocol".equals(area) && "oid4vc".equals(resolved.get(3));
    }

    /** Notes on {@code userSession} that the bundle's login-as opened it. */
    public static void markLoginAs(UserSessionModel userSession) {
        userSession.setNote(LOGIN_AS_NOTE, "true");
    }

    /** Whether the tokens of {@code userSession} are limited: the bundle's login-as or the entity-token grant opened it. */
    public static boolean isLimited(UserSessionModel userSession) {
        return userSession.getNote(LOGIN_AS_NOTE) != null || PrivilegeBoundary.isEntityTokenSession(userSession);
    }

    /**
     * Takes out of {@code token}, issued to {@code userSession} (login-as or the entity-token grant), every
     * power at Keycloak's own REST APIs: account management, reading stored identity-provider tokens, and
     * realm administration; and makes it a regular token with a subject, so that Keycloak reads its roles
     * from it instead of the session.
     */
    public static void limit(KeycloakSession session, UserSessionModel userSession, AccessToken token) {
        RealmModel realm = userSession.getRealm();
        withoutAccountManagement(token);
        withoutAdministration(token, clientId -> administersARealm(session, realm, clientId), isAdministrationRealm(realm));
        asRegularToken(session, token);
        if (token.getSubject() == null) {
            token.subject(userSession.getUser().getId());
        }
    }

    /**
     * The token changes no account at Keycloak's account API (email, credentials, linked identity providers,
     * consents) and reads no stored identity-provider token at Keycloak's broker endpoint: the {@code account}
     * client's management roles and the {@code broker} client's {@code read-token} leave it. The account entry
     * stays, even empty, and {@code aud} is never left empty, because Keycloak's account API rebuilds a token's
     * roles from its session (management roles included) when either is missing.
     */
    static void withoutAccountManagement(AccessToken token) {
        token.addAccess(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID).roles(rolesWithout(token, Constants.ACCOUNT_MANAGEMENT_CLIENT_ID,
                ACCOUNT_MANAGEMENT_ROLES));
        if (token.getResourceAccess(Constants.BROKER_SERVICE_CLIENT_ID) != null) {
            token.addAccess(Constants.BROKER_SERVICE_CLIENT_ID).roles(rolesWithout(token, Constants.BROKER_SERVICE_CLIENT_ID,
                    Set.of(Constants.READ_TOKEN_ROLE)));
        }
        if (token.getAudience() == null || token.getAudience().length == 0) {
            token.audience(token.getIssuedFor());
        }
    }

    /**
     * The token administers nothing at Keycloak's admin API, which judges a caller by the roles in its token:
     * the entries of the clients that {@code administersARealm} leave it, with their audience, and in the
     * administration realm the realm roles that administer every realm too.
     */
    static void withoutAdministration(AccessToken token, Predicate<String> administersARealm, boolean administrationRealm) {
        Map<String, AccessToken.Access> access = new HashMap<>(token.getResourceAccess());
        access.keySet().removeIf(administersARealm);
        token.setResourceAccess(access);
        if (token.getAudience() != null) {
            String[] kept = Arrays.stream(token.getAudience()).filter(administersARealm.negate()).toArray(String[]::new);
            token.audience(kept.length > 0 ? kept : new String[]{token.getIssuedFor()});
        }
        AccessToken.Access realmAccess = token.getRealmAccess();
        if (administrationRealm && realmAccess != null && realmAccess.getRoles() != null) {
            Set<String> kept = new HashSet<>(realmAccess.getRoles());
            kept.removeAll(ADMINISTRATION_REALM_ROLES);
            realmAccess.roles(kept);
        }
    }

    private static Set<String> rolesWithout(AccessToken token, String clientId, Set<String> removed) {
        AccessToken.Access access = token.getResourceAccess(clientId);
        Set<String> kept = new HashSet<>(access == null || access.getRoles() == null ? Set.of() : access.getRoles());
        kept.removeAll(removed);
        return kept;
    }

    private static boolean isAdministrationRealm(RealmModel realm) {
        return Config.getAdminRealm().equals(realm.getName());
    }

    /**
     * Whether {@code clientId} of {@code realm} administers a realm: the realm's {@code realm-management}, or in
     * the administration realm the {@code <realm>-realm} client Keycloak made to administer that realm.
     */
    private static boolean administersARealm(KeycloakSession session, RealmModel realm, String clientId) {
        if (Constants.REALM_MANAGEMENT_CLIENT_ID.equals(clientId)) {
            return true;
        }
        if (!isAdministrationRealm(realm) || !clientId.endsWith(REALM_ADMINISTRATION_CLIENT_SUFFIX)) {
            return false;
        }
        RealmModel administered = session.realms().getRealmByName(
                clientId.substring(0, clientId.length() - REALM_ADMINISTRATION_CLIENT_SUFFIX.length()));
        ClientModel client = administered == null ? null : administered.getMasterAdminClient();
        return client != null && clientId.equals(client.getClientId());
    }

    /**
     * Re-marks a lightweight token (a client or client policy that asks for lightweight access tokens) as a
     * regular one: Keycloak's admin API rebuilds the roles of a lightweight token, or of one without a
     * subject, from its session, which would give back every role taken out here. The token then holds the
     * claims it carries, no more.
     */
    private static void asRegularToken(KeycloakSession session, AccessToken token) {
        TokenContextEncoderProvider encoder = session.getProvider(TokenContextEncoderProvider.class);
        AccessTokenContext context = encoder.getTokenContextFromTokenId(token.getId());
        if (context.getTokenType() == AccessTokenContext.TokenType.LIGHTWEIGHT) {
            token.id(encoder.encodeTokenId(new AccessTokenContext(context.getSessionType(), AccessTokenContext.TokenType.REGULAR,
                    context.getGrantType(), context.getRawTokenId())));
        }
    }
}
