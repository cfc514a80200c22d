package dev.platformauth.mappers.platformtoken;

import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.JsonWebToken;

/**
 * One platform token: its claims, read on the request thread, the algorithm to sign them with, and
 * how long reading them took.
 */
record Minting(RealmModel realm, JsonWebToken token, long lifetime, String algorithm, long preparedNanos) {

    /** A signed platform token and the time its signature took. */
    record Signed(String jwt, long nanos) {
    }

    /** A signer with the realm's active key for the algorithm; throws when the realm has none. Request thread only. */
    SignatureSignerContext signer(KeycloakSession session) {
        RealmKeySigner signer = RealmKeySigner.of(session.keys().getActiveKey(realm, KeyUse.SIG, algorithm), algorithm);
        return signer != null ? signer : session.getProvider(SignatureProvider.class, algorithm).signer();
    }

    /** Touches no Keycloak session: it may run on another thread than the request's. */
    Signed sign(SignatureSignerContext signer) {
        long started = System.nanoTime();
        String jwt = new JWSBuilder().type("JWT").jsonContent(token).sign(signer);
        return new Signed(jwt, System.nanoTime() - started);
    }
}
