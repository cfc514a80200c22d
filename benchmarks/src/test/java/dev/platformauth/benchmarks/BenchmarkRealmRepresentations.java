package dev.platformauth.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON representations of the benchmark's realms, as {@link BenchmarkRealm} imports them. */
final class BenchmarkRealmRepresentations {

    private BenchmarkRealmRepresentations() {
    }

    /** The demo realm ({@code -Dbench.demo.realm}) as JSON. */
    static ObjectNode demoRealm() {
        try {
            return (ObjectNode) AdminApi.JSON.readTree(Files.readString(Path.of(BenchmarkServer.required("bench.demo.realm"))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo realm", e);
        }
    }

    /** Realm {@value BenchmarkRealm#REALM}: the demo realm's clients and flows, a negligible hash, no throttles, the load's clients. */
    static ObjectNode benchRealm(ObjectNode demo, int smtpPort) {
        ObjectNode realm = demo.deepCopy();
        realm.put("realm", BenchmarkRealm.REALM).put("displayName", "Platform Auth benchmark");
        realm.remove(List.of("users", "organizations", "identityProviders", "id"));
        realm.put("bruteForceProtected", false);
        realm.put("passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        ((ObjectNode) realm.get("smtpServer")).put("port", String.valueOf(smtpPort));
        ArrayNode clients = (ArrayNode) realm.get("clients");
        JsonNode platformMapper = null;
        for (JsonNode client : clients) {
            if (BenchmarkRealm.AUTH_SERVICE.equals(client.get("clientId").asText())) {
                ObjectNode authService = (ObjectNode) client;
                authService.put("directAccessGrantsEnabled", true);
                ((ArrayNode) authService.get("redirectUris")).add(BenchmarkRealm.MAGIC_LINK_REDIRECT);
                ObjectNode attributes = (ObjectNode) authService.get("attributes");
                // the load requests many secrets from one IP: lift the send throttles of the API
                attributes.put("platform-auth.exchange-code.resend-interval", "0");
                attributes.put("platform-auth.magic-link.resend-interval", "0");
                attributes.put("platform-auth.email-otp.resend-interval", "0");
                attributes.put("platform-auth.send-limit.per-ip", "10000");
                for (JsonNode mapper : authService.withArray("protocolMappers")) {
                    if ("platform-auth-platform-token-mapper".equals(mapper.get("protocolMapper").asText())) {
                        platformMapper = mapper;
                    }
                }
            }
        }
        if (platformMapper == null) {
            throw new IllegalStateException("the demo realm's auth-service client has no platform-token mapper");
        }
        clients.add(AdminApi.JSON.createObjectNode()
                .put("clientId", BenchmarkRealm.CONFIDENTIAL_CLIENT).put("publicClient", false).put("secret", BenchmarkRealm.CONFIDENTIAL_SECRET)
                .put("serviceAccountsEnabled", true).put("standardFlowEnabled", false).put("directAccessGrantsEnabled", false)
                .set("attributes", AdminApi.JSON.createObjectNode().put("platform-auth.entity-token.grant.enabled", "true")));
        clients.add(publicPasswordClient(BenchmarkRealm.PLAIN_CLIENT));
        // the demo's mapper as it is (the realm's default algorithm, RS256), and signing with ES256 and EdDSA (Ed25519)
        clients.add(withMapper(BenchmarkRealm.PLATFORM_CLIENT, platformMapper, ""));
        clients.add(withMapper(BenchmarkRealm.PLATFORM_ES256_CLIENT, platformMapper, "ES256"));
        clients.add(withMapper(BenchmarkRealm.PLATFORM_EDDSA_CLIENT, platformMapper, "EdDSA"));
        return realm;
    }

    private static ObjectNode withMapper(String clientId, JsonNode platformMapper, String algorithm) {
        ObjectNode mapper = platformMapper.deepCopy();
        if (!algorithm.isEmpty()) {
            ((ObjectNode) mapper.get("config")).put("platform-auth.token.algorithm", algorithm);
        }
        ObjectNode client = publicPasswordClient(clientId);
        client.putArray("protocolMappers").add(mapper);
        return client;
    }

    private static ObjectNode publicPasswordClient(String clientId) {
        return AdminApi.JSON.createObjectNode().put("clientId", clientId).put("publicClient", true)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", true);
    }

    /** Realm {@value BenchmarkRealm#HASH_REALM}: Keycloak's default password hash. */
    static ObjectNode hashRealm() {
        ObjectNode realm = AdminApi.JSON.createObjectNode().put("realm", BenchmarkRealm.HASH_REALM).put("enabled", true)
                .put("bruteForceProtected", false).put("eventsEnabled", true);
        realm.putArray("clients").add(publicPasswordClient(BenchmarkRealm.PLAIN_CLIENT));
        return realm;
    }
}
