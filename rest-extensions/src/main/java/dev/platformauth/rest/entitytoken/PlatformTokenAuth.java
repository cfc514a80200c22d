package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.security.Caller;
import dev.platformauth.common.security.PrivilegeBoundary;
import dev.platformauth.rest.http.BearerAuth;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.List;

/**
 * Authenticates a caller of a platform API (the entity-token API) by the <em>platform token</em>
 * (see {@code docs/platform-token.md}): its signature with the realm's public keys (asymmetric
 * algorithms only), issuer, expiry, {@code typ} {@value PlatformAuth#PLATFORM_TOKEN_TYPE}, an audience the
 * realm expects (realm attribute {@value #AUDIENCE}, default
 * {@value PlatformAuth#PLATFORM_TOKEN_DEFAULT_AUDIENCE}), revocation, and a live user session
 * ({@code sid}) of an enabled user at an enabled client, as {@link BearerAuth} checks an access token.
 * The caller it gives carries that user session, so {@link PrivilegeBoundary} judges a platform token
 * exactly as the access token of the same session (a login-as session stays a login-as session).
 * Platform tokens without a session (client credentials) are refused: such callers send their access token.
 */
final class PlatformTokenAuth {

    /** Realm attribute: the audience a platform token must carry to call the entity-token API. */
    static final String AUDIENCE = PlatformAuth.PREFIX + ".entities.audience";

    private static final String INVALID = "The platform token is invalid, expired or its session has ended";
    private static final String BOUND = "A platform token bound to a key or certificate needs its proof, which this API does not take";

    private PlatformTokenAuth() {
    }

    /** Whether {@code token} claims to be a platform token ({@code typ}); says nothing of its validity. */
    static boolean claimsPlatformType(String token) {
        try {
            return PlatformAuth.PLATFORM_TOKEN_TYPE.equalsIgnoreCase(
                    TokenVerifier.create(token, JsonWebToken.class).getToken().getType());
        } catch (VerificationException | RuntimeException e) {
            return false;
        }
    }

    /** The audience platform tokens must carry in {@code realm}. */
    static String audience(RealmModel realm) {
        String configured = realm.getAttribute(AUDIENCE);
        return configured == null || configured.isBlank() ? PlatformAuth.PLATFORM_TOKEN_DEFAULT_AUDIENCE : configured.trim();
    }

    /** Verifies {@code token} as a platform token of the current realm; 401 JSON when it is not a valid one. */
    static Caller verify(KeycloakSession session, String token) {
        KeycloakContext context = session.getContext();
        RealmModel realm = context.getRealm();
        AccessToken parsed = signed(session, realm, token);
        UserSessionModel userSession = parsed.getSessionId() == null ? null
                : session.sessions().getUserSession(realm, parsed.getSessionId());
        if (userSession == null || !AuthenticationManager.isSessionValid(realm, userSession)
                || parsed.getIat() < userSession.getStarted()) {
            throw BearerAuth.unauthorized(INVALID);
        }
        UserModel user = userSession.getUser();
        ClientModel client = parsed.getIssuedFor() == null ? null : realm.getClientByClientId(parsed.getIssuedFor());
        if (!user.getId().equals(parsed.getSubject()) || parsed.getIat() < realm.getNotBefore()
                || !TokenManager.isUserValid(session, realm, parsed, user)
                || client == null || !client.isEnabled() || parsed.getIat() < client.getNotBefore()) {
            throw BearerAuth.unauthorized(INVALID);
        }
        // the client's session in this sign-in, as Keycloak checks its own tokens: one that ended (a revoked
        // refresh token, a revoked consent) and started again later in the same sign-in does not revive tokens
        // issued before
        AuthenticatedClientSessionModel clientSession = userSession.getAuthenticatedClientSessionByClient(client.getId());
        if (clientSession == null || parsed.isIssuedBeforeSessionStart(clientSession.getStarted())) {
            throw BearerAuth.unauthorized(INVALID);
        }
        return new Caller(parsed, user, userSession, client);
    }

    /** The token's claims once its signature, issuer, expiry, type, audience and revocation are checked. */
    private static AccessToken signed(KeycloakSession session, RealmModel realm, String token) {
        AccessToken verified = null;
        try {
            TokenVerifier<AccessToken> verifier = TokenVerifier.create(token, AccessToken.class)
                    .withDefaultChecks()
                    .realmUrl(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()))
                    .tokenType(List.of(PlatformAuth.PLATFORM_TOKEN_TYPE))
                    .audience(audience(realm))
                    .withChecks(new TokenManager.TokenRevocationCheck(session));
            SignatureProvider provider = session.getProvider(SignatureProvider.class,
                    verifier.getHeader().getAlgorithm().name());
            if (provider != null && provider.isAsymmetricAlgorithm()) {
                verifier.verifierContext(provider.verifier(verifier.getHeader().getKeyId()));
                verified = verifier.verify().getToken();
            }
        } catch (VerificationException | RuntimeException e) {
            // unparseable, foreign or badly signed: not a platform token of this realm
        }
        if (verified == null) {
            throw BearerAuth.unauthorized(INVALID);
        }
        if (verified.getConfirmation() != null) {
            // bound to a key or certificate like its access token: this API takes no proof of either
            throw BearerAuth.unauthorized(BOUND);
        }
        return verified;
    }
}
