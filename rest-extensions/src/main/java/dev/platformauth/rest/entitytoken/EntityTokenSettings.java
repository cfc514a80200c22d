package dev.platformauth.rest.entitytoken;

import dev.platformauth.common.PlatformAuth;

/**
 * The entity-token feature's client settings: the lifetime of the access tokens its grant issues,
 * read by {@link EntityTokenGrantType} and offered on the client's Platform Auth settings page.
 */
public final class EntityTokenSettings {

    /** Client attribute: the grant's access-token lifetime in seconds. */
    public static final String LIFETIME_ATTRIBUTE = PlatformAuth.PREFIX + ".entity-token.grant.lifetime";
    /** Seconds, when the client sets none (or an unusable value). */
    public static final int DEFAULT_LIFETIME = 300;
    /** The largest lifetime the settings page accepts. */
    public static final int MAX_LIFETIME = 9_999_999;

    private EntityTokenSettings() {
    }
}
