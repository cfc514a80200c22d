package dev.platformauth.mappers.platformtoken;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.ConfigValues;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Typed, null-safe view of the mapper's configuration. Every key is optional: a mapper added with no
 * config at all (REST or realm import) gets the defaults.
 *
 * @param audiences       the {@code aud} of the platform token
 * @param lifetimeSeconds its lifetime
 * @param algorithm       the configured JWS algorithm, or {@code null} for the realm's default access-token
 *                        algorithm; {@link PlatformTokenAlgorithm} decides what is actually used
 * @param organizations   whether to add the user's organization memberships
 * @param termsVersion    whether to add the user's accepted terms version
 * @param userAttributes  user attributes copied into claims of the same name
 */
record PlatformTokenConfig(List<String> audiences, long lifetimeSeconds, String algorithm,
                           boolean organizations, boolean termsVersion, List<String> userAttributes) {

    static final String AUDIENCE = "platform-auth.token.audience";
    static final String LIFETIME = "platform-auth.token.lifetime";
    static final String ALGORITHM = "platform-auth.token.algorithm";
    static final String ORGANIZATIONS = "platform-auth.token.organizations";
    static final String TERMS_VERSION = "platform-auth.token.terms-version";
    static final String USER_ATTRIBUTES = "platform-auth.token.user-attributes";

    static final String DEFAULT_AUDIENCE = PlatformAuth.PLATFORM_TOKEN_DEFAULT_AUDIENCE;
    static final long DEFAULT_LIFETIME = 604_800L;
    static final long MAX_LIFETIME = 31_536_000L;

    /** Keycloak stores multivalued string config joined with this separator. */
    private static final String MULTIVALUE_SEPARATOR = "##";

    static PlatformTokenConfig from(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        return new PlatformTokenConfig(
                audiences(c.get(AUDIENCE)),
                lifetime(c.get(LIFETIME)),
                blankToNull(c.get(ALGORITHM)),
                bool(c.get(ORGANIZATIONS), true),
                bool(c.get(TERMS_VERSION), true),
                list(c.get(USER_ATTRIBUTES), MULTIVALUE_SEPARATOR));
    }

    /** Problems that make the config unusable, for the admin console; empty when valid. */
    static List<String> problems(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        List<String> problems = new ArrayList<>();
        ConfigValues.checkLong(c.get(LIFETIME), 1, MAX_LIFETIME, "Platform token lifetime", "seconds", problems);
        String algorithm = blankToNull(c.get(ALGORITHM));
        if (algorithm != null && !PlatformTokenAlgorithm.allowed(algorithm)) {
            problems.add("Platform token signature algorithm must be asymmetric (one of "
                    + String.join(", ", PlatformTokenAlgorithm.ALLOWED) + "): its verifiers use the realm's public keys");
        }
        return List.copyOf(problems);
    }

    private static List<String> audiences(String value) {
        List<String> parsed = list(value, ",");
        return parsed.isEmpty() ? List.of(DEFAULT_AUDIENCE) : parsed;
    }

    private static long lifetime(String value) {
        return ConfigValues.longIn(value, 1, MAX_LIFETIME, DEFAULT_LIFETIME);
    }

    private static boolean bool(String value, boolean fallback) {
        String v = blankToNull(value);
        return v == null ? fallback : Boolean.parseBoolean(v.trim());
    }

    private static List<String> list(String value, String separator) {
        String v = blankToNull(value);
        if (v == null) {
            return List.of();
        }
        return Arrays.stream(v.split(java.util.regex.Pattern.quote(separator)))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
