package dev.platformauth.common.security;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.ConfigValues;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;

/**
 * How long the auth token lives and how long after its expiry our refresh routes still accept it
 * (see {@code docs/account-api.md}, "Token lifetimes"). The lifetime is Keycloak's per-client access-token
 * lifespan (client attribute {@value OIDCConfigAttributes#ACCESS_TOKEN_LIFESPAN}, else the realm's); the
 * grace period is the client attribute {@value #GRACE_PERIOD} in seconds, by default the client
 * session idle time, never more than {@value #MAX_GRACE_PERIOD} seconds (30 days).
 */
public final class RefreshWindow {

    /** Client attribute: seconds after its expiry an auth token may still be refreshed (0: not at all). */
    public static final String GRACE_PERIOD = PlatformAuth.PREFIX + ".refresh.grace-period";

    /** The longest grace period, whatever the settings say: 30 days. */
    public static final int MAX_GRACE_PERIOD = 30 * 24 * 3600;

    /** The longest access-token lifespan the client-settings page accepts: one year. */
    public static final int MAX_ACCESS_TOKEN_LIFESPAN = 365 * 24 * 3600;

    private RefreshWindow() {
    }

    /** The grace period of {@code client}: its attribute, else the client session idle time; at most 30 days. */
    public static int gracePeriod(RealmModel realm, ClientModel client) {
        int fallback = Math.min(clientSessionIdle(realm, client), MAX_GRACE_PERIOD);
        return ConfigValues.intIn(client.getAttribute(GRACE_PERIOD), 0, MAX_GRACE_PERIOD, fallback);
    }

    /** Whether a token that expired at {@code expiry} (epoch seconds) may still be refreshed at {@code now}. */
    public static boolean allows(long expiry, long now, int gracePeriod) {
        return now <= expiry + gracePeriod;
    }

    /** Seconds the access tokens of {@code client} live: its own lifespan when set, else the realm's. */
    public static int accessTokenLifespan(RealmModel realm, ClientModel client) {
        return ConfigValues.intIn(client.getAttribute(OIDCConfigAttributes.ACCESS_TOKEN_LIFESPAN), 1, Integer.MAX_VALUE,
                realm.getAccessTokenLifespan());
    }

    /**
     * How long Keycloak keeps the client session of an idle user session: the client's own idle timeout,
     * else the realm's client session idle timeout, else the SSO session idle timeout (never longer than that).
     */
    static int clientSessionIdle(RealmModel realm, ClientModel client) {
        int ssoIdle = realm.getSsoSessionIdleTimeout();
        int clientIdle = ConfigValues.intIn(client.getAttribute(OIDCConfigAttributes.CLIENT_SESSION_IDLE_TIMEOUT), 1,
                Integer.MAX_VALUE, realm.getClientSessionIdleTimeout());
        return clientIdle > 0 && (ssoIdle <= 0 || clientIdle < ssoIdle) ? clientIdle : Math.max(ssoIdle, 0);
    }
}
