package dev.platformauth.common;

/**
 * Names shared by every module: provider ids, client ids, attribute keys, event details.
 * Provider ids are part of the public contract (realm exports reference them).
 */
public final class PlatformAuth {

    /** The prefix of every provider id, config key, message key and template name. */
    public static final String PREFIX = "platform-auth";

    /** The realm's client the {@code auth-service} REST endpoints act as. */
    public static final String AUTH_SERVICE_CLIENT_ID = "auth-service";

    /** The realm's client the {@code sentinel} REST endpoints (the sentinel API) act as. */
    public static final String SENTINEL_CLIENT_ID = "sentinel";

    /** Client attribute switching the exchange-code grant on at the token endpoint. */
    public static final String EXCHANGE_CODE_GRANT_ENABLED = PREFIX + ".exchange-code.grant.enabled";

    /** Provider id of the magic-link authenticator (browser-flow step). */
    public static final String MAGIC_LINK_AUTHENTICATOR = PREFIX + "-magic-link";

    /** Provider id of the email-OTP authenticator (browser-flow step). */
    public static final String EMAIL_OTP_AUTHENTICATOR = PREFIX + "-email-otp";

    /** Client attribute of {@code auth-service} offering magic links over the REST API ({@code "true"}). */
    public static final String MAGIC_LINK_ENABLED = PREFIX + ".magic-link.enabled";

    /** Client attribute of {@code auth-service} offering email OTPs over the REST API ({@code "true"}). */
    public static final String EMAIL_OTP_ENABLED = PREFIX + ".email-otp.enabled";

    /** Client attribute switching the entity-token grant on at the token endpoint. */
    public static final String ENTITY_TOKEN_GRANT_ENABLED = PREFIX + ".entity-token.grant.enabled";

    /**
     * User-session note naming the entity token a session was opened with (by the entity-token
     * grant). Such sessions are never refreshed and end when the token is revoked, rotated, expires
     * or its user leaves the entity.
     */
    public static final String ENTITY_TOKEN_SESSION_NOTE = PREFIX + ".entity-token.id";

    /** User-session note of an entity-token session: the entity (organization id) of the token. */
    public static final String ENTITY_TOKEN_ENTITY_NOTE = PREFIX + ".entity-token.entity";

    /** User-session note of an entity-token session: the token's flags as a JSON array of strings. */
    public static final String ENTITY_TOKEN_FLAGS_NOTE = PREFIX + ".entity-token.flags";

    /** The {@code typ} of the platform token (Keycloak's own access tokens are {@code Bearer}). */
    public static final String PLATFORM_TOKEN_TYPE = "Platform";

    /** The platform token's audience when its mapper does not name one. */
    public static final String PLATFORM_TOKEN_DEFAULT_AUDIENCE = "platform-api";

    /** User attribute holding the terms version the user accepted last. */
    public static final String TERMS_VERSION_ATTRIBUTE = PREFIX + ".terms.version";

    /** Event detail naming the sign-in method of a LOGIN event. */
    public static final String DETAIL_LOGIN_METHOD = "login_method";

    /** {@link #DETAIL_LOGIN_METHOD} value of the email exchange code. */
    public static final String METHOD_EXCHANGE_CODE = "exchange-code";

    /** {@link #DETAIL_LOGIN_METHOD} value of the magic link. */
    public static final String METHOD_MAGIC_LINK = "magic-link";

    /** {@link #DETAIL_LOGIN_METHOD} value of the email OTP. */
    public static final String METHOD_EMAIL_OTP = "email-otp";

    private PlatformAuth() {
    }
}
