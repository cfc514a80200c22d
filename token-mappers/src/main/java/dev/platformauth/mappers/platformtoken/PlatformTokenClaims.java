package dev.platformauth.mappers.platformtoken;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.entitytoken.EntityGrantNotes;
import org.keycloak.representations.JsonWebToken;

import java.util.List;
import java.util.Map;

/**
 * Builds the platform token's claims from plain values (no Keycloak session needed, so it is unit
 * tested on its own). {@code typ} is {@value #TYPE}: Keycloak only accepts {@code Bearer} (and DPoP)
 * tokens, so the platform token is refused wherever an access token is expected. A token issued
 * through the entity-token grant also carries that grant's {@code entity} and {@code flags}, like
 * the grant's access token; one issued in a login-as session carries the RFC 8693 {@code act} claim
 * naming the impersonator, like the login-as access token.
 */
final class PlatformTokenClaims {

    static final String TYPE = PlatformAuth.PLATFORM_TOKEN_TYPE;

    private PlatformTokenClaims() {
    }

    /**
     * What the claims are made of. {@code sessionId} is null for a transient session (client
     * credentials), which has no {@code sid}; {@code lifetimeSeconds} comes from {@link #lifetime};
     * {@code grant} is the entity-token grant that opened the session, or null; {@code impersonatorId}
     * the user who opened the session by login-as (ours or Keycloak's impersonation), or null.
     */
    record Input(String issuer, String subject, String sessionId, String clientId, String email, String name,
                 long issuedAt, long lifetimeSeconds, String tokenId, List<Map<String, String>> organizations,
                 String termsVersion, Map<String, Object> userAttributes, EntityGrantNotes.Grant grant,
                 String impersonatorId) {
    }

    /**
     * The platform token's lifetime: the configured one, but never longer than {@code capSeconds} when
     * there is a cap (the access token's {@code expires_in} in a session that must stay short-lived:
     * an entity-token grant's or a login-as session's).
     */
    static long lifetime(PlatformTokenConfig config, Long capSeconds) {
        long configured = config.lifetimeSeconds();
        return capSeconds == null ? configured : Math.max(0L, Math.min(configured, capSeconds));
    }

    static JsonWebToken build(PlatformTokenConfig config, Input in) {
        JsonWebToken token = new JsonWebToken();
        token.id(in.tokenId());
        token.issuer(in.issuer());
        token.subject(in.subject());
        token.audience(config.audiences().toArray(String[]::new));
        token.type(TYPE);
        token.iat(in.issuedAt());
        token.exp(in.issuedAt() + in.lifetimeSeconds());
        token.issuedFor(in.clientId());
        putIfPresent(token, "sid", in.sessionId());
        putIfPresent(token, "email", in.email());
        putIfPresent(token, "name", in.name());
        // user attributes first, so they can never shadow the registered claims set below
        in.userAttributes().forEach((claim, value) -> {
            if (!RESERVED.contains(claim)) {
                token.setOtherClaims(claim, value);
            }
        });
        if (config.organizations()) {
            token.setOtherClaims("organizations", in.organizations());
        }
        if (config.termsVersion() && in.termsVersion() != null) {
            token.setOtherClaims("terms_version", in.termsVersion());
        }
        if (in.grant() != null) {
            token.setOtherClaims("entity", in.grant().entityId());
            token.setOtherClaims("flags", in.grant().flags());
        }
        if (in.impersonatorId() != null) {
            token.setOtherClaims("act", Map.of("sub", in.impersonatorId()));
        }
        return token;
    }

    static final List<String> RESERVED = List.of("iss", "sub", "aud", "typ", "iat", "exp", "nbf", "jti", "azp",
            "sid", "email", "name", "organizations", "terms_version", "act", "amr", "entity", "flags");

    private static void putIfPresent(JsonWebToken token, String claim, String value) {
        if (value != null && !value.isBlank()) {
            token.setOtherClaims(claim, value);
        }
    }
}
