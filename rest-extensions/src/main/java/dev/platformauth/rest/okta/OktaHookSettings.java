package dev.platformauth.rest.okta;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.secret.SecretCodes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Okta token inline hook's settings: attributes of the {@code sentinel} client (admin console:
 * the client's <em>Attributes</em>, or a realm import), read on every call.
 *
 * @param header the request header carrying the shared secret
 * @param secretHash the SHA-256 (hex) of the shared secret; empty when none (or one too short) is configured
 * @param claims the claims to add, in order, from {@link #KNOWN_CLAIMS}
 * @param tokens which of Okta's tokens to patch: {@code access}, {@code identity}
 */
public record OktaHookSettings(String header, Optional<String> secretHash, List<String> claims, Set<String> tokens) {

    public static final String HEADER_ATTRIBUTE = PlatformAuth.PREFIX + ".okta-hook.header";
    /**
     * The shared secret in clear: read when {@value #SECRET_HASH_ATTRIBUTE} is unset, but anyone who may
     * view the client (and the admin events of its changes) reads it too; the settings page stores the hash.
     */
    public static final String SECRET_ATTRIBUTE = PlatformAuth.PREFIX + ".okta-hook.secret";
    /** The SHA-256 (64 hex digits) of the shared secret: what the settings page stores. */
    public static final String SECRET_HASH_ATTRIBUTE = PlatformAuth.PREFIX + ".okta-hook.secret-sha256";
    public static final String CLAIMS_ATTRIBUTE = PlatformAuth.PREFIX + ".okta-hook.claims";
    public static final String TOKENS_ATTRIBUTE = PlatformAuth.PREFIX + ".okta-hook.tokens";

    public static final String DEFAULT_HEADER = "Authorization";
    /** Shorter secrets are refused as not configured: a shared secret must be hard to guess. */
    public static final int MIN_SECRET_LENGTH = 16;

    static final String ORGANIZATIONS = "organizations";
    static final String ROLES = "roles";
    static final String TERMS_VERSION = "terms_version";
    static final List<String> KNOWN_CLAIMS = List.of(ORGANIZATIONS, ROLES, TERMS_VERSION);
    /** {@value #CLAIMS_ATTRIBUTE} value that adds no claim at all. */
    static final String NO_CLAIMS = "none";

    static final String ACCESS_TOKEN = "access";
    static final String ID_TOKEN = "identity";
    static final Set<String> KNOWN_TOKENS = Set.of(ACCESS_TOKEN, ID_TOKEN);

    static OktaHookSettings from(Map<String, String> attributes) {
        String header = trimmed(attributes.get(HEADER_ATTRIBUTE)).orElse(DEFAULT_HEADER);
        Optional<String> secretHash = trimmed(attributes.get(SECRET_HASH_ATTRIBUTE))
                .map(hash -> hash.toLowerCase(Locale.ROOT)).filter(hash -> hash.matches("[0-9a-f]{64}"))
                .or(() -> trimmed(attributes.get(SECRET_ATTRIBUTE)).filter(s -> s.length() >= MIN_SECRET_LENGTH)
                        .map(SecretCodes::sha256Hex));
        List<String> claims = new ArrayList<>(list(attributes.get(CLAIMS_ATTRIBUTE), KNOWN_CLAIMS));
        if (claims.isEmpty()) {
            claims = new ArrayList<>(KNOWN_CLAIMS);
        }
        if (NO_CLAIMS.equalsIgnoreCase(trimmed(attributes.get(CLAIMS_ATTRIBUTE)).orElse(""))) {
            claims = List.of();
        }
        Set<String> tokens = list(attributes.get(TOKENS_ATTRIBUTE), KNOWN_TOKENS);
        if (tokens.isEmpty()) {
            tokens = new LinkedHashSet<>(List.of(ACCESS_TOKEN, ID_TOKEN));
        }
        return new OktaHookSettings(header, secretHash, List.copyOf(claims), Set.copyOf(tokens));
    }

    /** The known names in a comma- or blank-separated list, lower case, without repeats; unknown ones are dropped. */
    private static Set<String> list(String value, java.util.Collection<String> known) {
        Set<String> names = new LinkedHashSet<>();
        if (value != null) {
            Arrays.stream(value.split("[,\\s]+"))
                    .map(name -> name.trim().toLowerCase(Locale.ROOT))
                    .filter(known::contains)
                    .forEach(names::add);
        }
        return names;
    }

    private static Optional<String> trimmed(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
