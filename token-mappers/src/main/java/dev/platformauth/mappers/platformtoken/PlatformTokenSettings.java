package dev.platformauth.mappers.platformtoken;

import org.jboss.logging.Logger;
import org.keycloak.TokenCategory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the platform-token mapper (a singleton, run on every token response) reads once and keeps: each
 * mapper's parsed configuration, each realm's issuer URL, and which refused algorithms it has already
 * warned about. The memos are bounded and start over past {@link #MEMO_LIMIT}.
 */
final class PlatformTokenSettings {

    /** Bound of the per-mapper and per-issuer memos: past it they start over (the server's URL may follow the request). */
    static final int MEMO_LIMIT = 256;

    private static final Logger LOG = Logger.getLogger(PlatformTokenMapper.class);

    /** Parsed configuration by mapper id, parsed again when the mapper's configuration changes. */
    private final Map<String, ParsedConfig> configs = new ConcurrentHashMap<>();

    /** Realm issuer URL by base URI and realm name (building it with a URI builder costs more than the claims). */
    private final Map<String, String> issuers = new ConcurrentHashMap<>();

    /** Mapper id and refused algorithm already warned about: one WARN line each. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private record ParsedConfig(Map<String, String> source, PlatformTokenConfig config) {
    }

    /** The mapper's configuration, parsed once per mapper and configuration. */
    PlatformTokenConfig config(ProtocolMapperModel mapperModel) {
        Map<String, String> source = mapperModel.getConfig() == null ? Map.of() : mapperModel.getConfig();
        String id = mapperModel.getId();
        ParsedConfig cached = id == null ? null : configs.get(id);
        if (cached != null && cached.source().equals(source)) {
            return cached.config();
        }
        PlatformTokenConfig parsed = PlatformTokenConfig.from(source);
        if (id != null) {
            remember(configs, id, new ParsedConfig(new HashMap<>(source), parsed));
        }
        return parsed;
    }

    /** The realm's issuer URL ({@code iss}) for requests to {@code baseUri}, as Keycloak writes it in its own tokens. */
    String issuer(URI baseUri, String realmName) {
        String key = baseUri + " " + realmName;
        String issuer = issuers.get(key);
        if (issuer == null) {
            issuer = Urls.realmIssuer(baseUri, realmName);
            remember(issuers, key, issuer);
        }
        return issuer;
    }

    /** The asymmetric algorithm to sign with; one WARN line per mapper and algorithm when an HMAC (or unknown) one was asked for. */
    String algorithm(PlatformTokenConfig config, ProtocolMapperModel mapperModel, KeycloakSession session, RealmModel realm) {
        String realmDefault = config.algorithm() != null ? null : session.tokens().signatureAlgorithm(TokenCategory.ACCESS);
        PlatformTokenAlgorithm.Choice choice = PlatformTokenAlgorithm.choose(config.algorithm(), realmDefault);
        if (choice.refused() != null && warned.add(mapperModel.getId() + ":" + choice.refused())) {
            LOG.warnf("Platform token mapper %s in realm %s: %s is not an asymmetric algorithm (%s); signing with %s instead",
                    mapperModel.getId(), realm.getName(), choice.refused(),
                    config.algorithm() != null ? "configured" : "the realm's default", choice.algorithm());
        }
        return choice.algorithm();
    }

    private static <V> void remember(Map<String, V> memo, String key, V value) {
        if (memo.size() >= MEMO_LIMIT) {
            memo.clear();
        }
        memo.put(key, value);
    }
}
