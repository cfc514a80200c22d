package dev.platformauth.mappers.platformtoken;

import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;

/**
 * Platform tokens started early (when Keycloak builds the access token), kept in the request's client
 * session context until the token response takes them: one per mapper, delivered once, and only to
 * the user session it was made for.
 */
final class PendingTokens {

    /** A platform token whose signature runs, or waits to run, on {@link EarlySigning}. */
    record Pending(Minting minting, EarlySigning<Minting.Signed> signing) {
    }

    private record Stored(String userSessionId, Pending pending) {
    }

    private PendingTokens() {
    }

    /** Starts signing {@code minting} with {@code signer} and keeps it for {@link #take}. */
    static void start(ClientSessionContext clientSessionCtx, ProtocolMapperModel mapperModel, UserSessionModel userSession,
                      Minting minting, SignatureSignerContext signer) {
        clientSessionCtx.setAttribute(key(mapperModel), new Stored(userSession.getId(),
                new Pending(minting, EarlySigning.start(() -> minting.sign(signer)))));
    }

    /** The token this mapper started for this user session, if any; taken out, so it is delivered once. */
    static Pending take(ClientSessionContext clientSessionCtx, ProtocolMapperModel mapperModel, UserSessionModel userSession) {
        if (mapperModel.getId() == null) {
            return null;
        }
        String key = key(mapperModel);
        Stored stored = clientSessionCtx.getAttribute(key, Stored.class);
        if (stored == null) {
            return null;
        }
        clientSessionCtx.setAttribute(key, null);
        return stored.userSessionId().equals(userSession.getId()) ? stored.pending() : null;
    }

    private static String key(ProtocolMapperModel mapperModel) {
        return PlatformTokenMapper.PROVIDER_ID + ":" + mapperModel.getId();
    }
}
