package dev.platformauth.common.security;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.account.UserSessions;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserConsentModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;

/**
 * What the first proof of an address undoes. Whoever set a password or enrolled a second factor on
 * an account before its address was verified may not own the address (anyone can sign up with
 * someone else's email): when the owner proves it, those credentials go, and so do the sessions
 * they opened, with its links to identity providers and its consents. An account that proved an
 * address before and then took on a new one keeps its OTP and WebAuthn second factors: whoever proves
 * the new address (perhaps with a stolen token that changed it) gets past no second factor the
 * account's owner enrolled. What signs in on its own (a passkey, an identity-provider link) goes
 * either way: it may be a pre-claimer's who moved their own account to the owner's address. See
 * {@code docs/security.md}, "No pre-claimed accounts".
 */
final class PreClaimedAccounts {

    /** Credential types an account that proved an address before keeps: second factors that sign in with a password only. */
    static final List<String> KEPT_WHEN_PROVEN_BEFORE = List.of(OTPCredentialModel.TYPE, WebAuthnCredentialModel.TYPE_TWOFACTOR);

    /** {@code reason} detail of the REMOVE_CREDENTIAL, REMOVE_FEDERATED_IDENTITY, REVOKE_GRANT and LOGOUT events. */
    static final String REASON = "email_address_proven";

    /** User attribute: the account has proven an address (a mailed secret, or a verified address it changed). */
    static final String PROVEN_ATTRIBUTE = PlatformAuth.PREFIX + ".address-proven";

    private static final Logger LOG = Logger.getLogger(PreClaimedAccounts.class);

    private PreClaimedAccounts() {
    }

    /** Whether {@code user} has proven an address before ({@link #PROVEN_ATTRIBUTE}). */
    static boolean provenBefore(UserModel user) {
        return user.getFirstAttribute(PROVEN_ATTRIBUTE) != null;
    }

    /** Notes on {@code user} that it has proven an address. */
    static void rememberProof(UserModel user) {
        if (!provenBefore(user)) {
            user.setSingleAttribute(PROVEN_ATTRIBUTE, "true");
        }
    }

    /**
     * Removes the stored credentials of {@code user} (REMOVE_CREDENTIAL per credential), all of them or,
     * when the account {@link #provenBefore proved an address before}, all but {@link #KEPT_WHEN_PROVEN_BEFORE},
     * its links to identity providers (REMOVE_FEDERATED_IDENTITY each: the pre-claimer could have linked their
     * own) and its consents to clients (REVOKE_GRANT each), and ends every session of the user, offline ones
     * included (LOGOUT per session), but the login this request continues in the browser, if any.
     */
    static void release(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client) {
        KeycloakContext context = session.getContext();
        EventBuilder event = new EventBuilder(realm, session, context.getConnection()).user(user)
                .detail(Details.USERNAME, user.getUsername()).detail(Details.REASON, REASON);
        if (client != null) {
            event.client(client);
        }
        boolean keepSecondFactors = provenBefore(user);
        List<CredentialModel> credentials = user.credentialManager().getStoredCredentialsStream()
                .filter(credential -> !keepSecondFactors || !KEPT_WHEN_PROVEN_BEFORE.contains(credential.getType())).toList();
        for (CredentialModel credential : credentials) {
            user.credentialManager().removeStoredCredentialById(credential.getId());
            event.clone().event(EventType.REMOVE_CREDENTIAL)
                    .detail(Details.CREDENTIAL_TYPE, credential.getType())
                    .detail(Details.CREDENTIAL_ID, credential.getId())
                    .success();
        }
        releaseLinksAndConsents(session, realm, user, event);
        String keep = continuedLogin(context);
        int ended = UserSessions.endMatching(session, realm, user, userSession -> !userSession.getId().equals(keep), event);
        LOG.infof("Address of user %s in realm %s proven: %d credential(s) from before removed, %d session(s) ended",
                user.getId(), realm.getId(), credentials.size(), ended);
    }

    private static void releaseLinksAndConsents(KeycloakSession session, RealmModel realm, UserModel user, EventBuilder event) {
        for (FederatedIdentityModel link : session.users().getFederatedIdentitiesStream(realm, user).toList()) {
            session.users().removeFederatedIdentity(realm, user, link.getIdentityProvider());
            event.clone().event(EventType.REMOVE_FEDERATED_IDENTITY)
                    .detail(Details.IDENTITY_PROVIDER, link.getIdentityProvider()).success();
        }
        for (UserConsentModel consent : session.users().getConsentsStream(realm, user.getId()).toList()) {
            session.users().revokeConsentForClient(realm, user.getId(), consent.getClient().getId());
            event.clone().event(EventType.REVOKE_GRANT).detail(Details.REVOKED_CLIENT, consent.getClient().getClientId()).success();
        }
    }

    /** The user session a browser login in progress resumes (its id is the root authentication session's). */
    private static String continuedLogin(KeycloakContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return authSession == null ? null : authSession.getParentSession().getId();
    }
}
