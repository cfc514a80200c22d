package dev.platformauth.benchmarks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Prepares what the load needs, on the server under test: realm {@value #REALM} (the demo realm's
 * clients and flows, a negligible password hash, no brute-force lock so one user may sign in in
 * parallel), realm {@value #HASH_REALM} (Keycloak's default password hash), users, mailed secrets
 * requested through the API and read from the mail server, entity tokens created through the API,
 * and stored entity tokens inserted in bulk into the database.
 */
final class BenchmarkRealm {

    static final String REALM = "bench";
    static final String HASH_REALM = "bench-hash";
    static final String CONFIDENTIAL_CLIENT = "bench-cc";
    static final String CONFIDENTIAL_SECRET = "bench-cc-secret";
    static final String PLAIN_CLIENT = "bench-plain";
    static final String PLATFORM_CLIENT = "bench-platform";
    static final String PLATFORM_ES256_CLIENT = "bench-platform-es256";
    static final String PLATFORM_EDDSA_CLIENT = "bench-platform-eddsa";
    static final String AUTH_SERVICE = "auth-service";
    static final String MAGIC_LINK_REDIRECT = "https://app.bench.test/magic";
    static final int PASSWORD_USERS = 20;

    private static final String API = "/realms/" + REALM + "/auth-service/api/v2";
    private static final int REQUEST_BATCH = 400;

    private final AdminApi api;
    private final BenchmarkServer server;
    private String realmId;

    BenchmarkRealm(BenchmarkServer server) {
        this.server = server;
        this.api = new AdminApi(server);
    }

    static String email(int user) {
        return "u" + user + "@bench.test";
    }

    static String password(int user) {
        return "Bench-pw-" + user;
    }

    /** Both realms and {@code users} users in the main realm (the first {@value #PASSWORD_USERS} also in the other). */
    void create(int users, int smtpPort) {
        ObjectNode realm = BenchmarkRealmRepresentations.benchRealm(BenchmarkRealmRepresentations.demoRealm(), smtpPort);
        api.admin("DELETE", "/admin/realms/" + REALM, null).expect(204, 404);
        api.admin("DELETE", "/admin/realms/" + HASH_REALM, null).expect(204, 404);
        api.admin("POST", "/admin/realms", realm).expect(201);
        api.admin("POST", "/admin/realms", BenchmarkRealmRepresentations.hashRealm()).expect(201);
        realmId = api.admin("GET", "/admin/realms/" + REALM, null).expect(200).json().get("id").asText();
        // the ES256 and EdDSA mappers' keys (added after the realm exists: a realm imported with keys gets no default ones)
        addKey("ecdsa-generated", "ecdsaEllipticCurveKey", "P-256");
        addKey("eddsa-generated", "eddsaEllipticCurveKey", "Ed25519");
        importUsers(REALM, users);
        importUsers(HASH_REALM, PASSWORD_USERS);
    }

    private void addKey(String providerId, String curveKey, String curve) {
        ObjectNode key = AdminApi.JSON.createObjectNode().put("name", "bench-" + curve).put("providerId", providerId)
                .put("providerType", "org.keycloak.keys.KeyProvider").put("parentId", realmId);
        ObjectNode keyConfig = key.putObject("config");
        keyConfig.putArray("priority").add("50");
        keyConfig.putArray(curveKey).add(curve);
        api.admin("POST", "/admin/realms/" + REALM + "/components", key).expect(201);
    }

    private void importUsers(String realm, int count) {
        for (int from = 0; from < count; from += 500) {
            ObjectNode body = AdminApi.JSON.createObjectNode().put("ifResourceExists", "SKIP");
            ArrayNode users = body.putArray("users");
            for (int i = from; i < Math.min(count, from + 500); i++) {
                ObjectNode user = users.addObject().put("username", "u" + i).put("email", email(i))
                        .put("emailVerified", true).put("enabled", true).put("firstName", "Bench").put("lastName", "User " + i);
                user.putArray("credentials").addObject().put("type", "password").put("value", password(i)).put("temporary", false);
            }
            api.admin("POST", "/admin/realms/" + realm + "/partialImport", body).expect(200);
        }
    }

    /** The user id of {@code u<i>}. */
    String userId(int user) {
        JsonNode found = api.admin("GET", "/admin/realms/" + REALM + "/users?exact=true&username=u" + user, null).expect(200).json();
        return found.get(0).get("id").asText();
    }

    /** Exchange codes of users {@code [from, to)}, requested through the API; user index to code. */
    List<String> exchangeCodes(BenchmarkMail mail, int from, int to) {
        return mailed(mail, from, to, BenchmarkMail.EXCHANGE_CODE,
                i -> "{\"email\":\"" + email(i) + "\"}", API + "/login/passwordless/request-token");
    }

    List<String> magicLinkTokens(BenchmarkMail mail, int count) {
        return mailed(mail, 0, count, BenchmarkMail.MAGIC_LINK_TOKEN,
                i -> "{\"email\":\"" + email(i) + "\",\"redirect_uri\":\"" + MAGIC_LINK_REDIRECT + "\"}", API + "/login/magic-link");
    }

    List<String> emailOtps(BenchmarkMail mail, int count) {
        return mailed(mail, 0, count, BenchmarkMail.OTP, i -> "{\"email\":\"" + email(i) + "\"}", API + "/login/email-otp");
    }

    private List<String> mailed(BenchmarkMail mail, int from, int to, Pattern secret, IntFunction<String> body, String path) {
        mail.clear();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int batch = from; batch < to; batch += REQUEST_BATCH) {
                List<Future<?>> sent = new ArrayList<>();
                for (int i = batch; i < Math.min(to, batch + REQUEST_BATCH); i++) {
                    int user = i;
                    sent.add(pool.submit(() -> requestUntilAccepted(path, body.apply(user))));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
                mail.collect(Math.min(to, batch + REQUEST_BATCH) - from, secret, Duration.ofMinutes(5));
            }
        } catch (Exception e) {
            throw new IllegalStateException("requesting mailed secrets failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        Map<String, String> byAddress = mail.collect(to - from, secret, Duration.ofMinutes(5));
        List<String> secrets = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String value = byAddress.get(email(i));
            if (value == null) {
                throw new IllegalStateException("no mail for " + email(i));
            }
            secrets.add(value);
        }
        return secrets;
    }

    private void requestUntilAccepted(String path, String body) {
        for (int attempt = 0; attempt < 20; attempt++) {
            AdminApi.Answer answer = api.json(path, body, null);
            if (answer.status() == 202) {
                return;
            }
            if (answer.status() != 429) {
                throw new IllegalStateException("request for a mailed secret answered " + answer.status() + ": " + answer.body());
            }
            long wait = answer.response().headers().firstValueAsLong("Retry-After").orElse(5);
            try {
                Thread.sleep(Math.min(wait, 30) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the mail requests stayed throttled");
    }

    /** An organization whose first {@code members} users each get an entity token through the API. */
    List<String> entityTokens(int members) {
        String location = api.admin("POST", "/admin/realms/" + REALM + "/organizations", AdminApi.JSON.createObjectNode()
                .put("name", "Bench entity").put("alias", "bench-entity").put("enabled", true)
                .set("domains", AdminApi.JSON.createArrayNode().add(AdminApi.JSON.createObjectNode().put("name", "bench.test"))))
                .expect(201).response().headers().firstValue("Location").orElseThrow();
        String organizationId = location.substring(location.lastIndexOf('/') + 1);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String userId = userId(i);
            api.admin("POST", "/admin/realms/" + REALM + "/organizations/" + organizationId + "/members", "\"" + userId + "\"").expect(201);
            String accessToken = api.form("/realms/" + REALM + "/protocol/openid-connect/token", Map.of(
                    "grant_type", "password", "client_id", AUTH_SERVICE, "username", "u" + i, "password", password(i)))
                    .expect(200).json().get("access_token").asText();
            tokens.add(api.json("/realms/" + REALM + "/entities/" + organizationId + "/users/" + userId + "/authentication-token",
                    "{}", accessToken).expect(201).json().get("authenticationToken").asText());
        }
        return tokens;
    }

    /**
     * Inserts stored entity tokens straight into the database until the table holds {@code total}
     * rows (of unknown owners and secrets: they only make the table large).
     */
    void seedStoredTokens(int total) {
        if (server.database == null) {
            throw new IllegalStateException("no database access (-Dbench.db.url) to seed stored tokens");
        }
        SecureRandom random = new SecureRandom();
        try (Connection connection = server.database.connect()) {
            int existing;
            try (var count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM pa_entity_token")) {
                count.next();
                existing = count.getInt(1);
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO pa_entity_token (id, realm_id, entity_id, user_id, secret_hash, prefix, created_at) VALUES (?,?,?,?,?,?,?)")) {
                long now = System.currentTimeMillis();
                for (int i = existing; i < total; i++) {
                    byte[] secret = new byte[32];
                    random.nextBytes(secret);
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, realmId);
                    insert.setString(3, UUID.randomUUID().toString());
                    insert.setString(4, UUID.randomUUID().toString());
                    insert.setString(5, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret)));
                    insert.setString(6, "pae_seeded");
                    insert.setLong(7, now);
                    insert.addBatch();
                    if ((i - existing) % 5000 == 4999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
            connection.setAutoCommit(true);
            connection.createStatement().execute("ANALYZE pa_entity_token");
        } catch (SQLException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("seeding stored tokens failed: " + e.getMessage(), e);
        }
        System.out.println("benchmark: the entity-token table holds " + total + " tokens");
    }
}
