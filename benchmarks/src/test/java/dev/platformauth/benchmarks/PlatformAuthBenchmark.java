package dev.platformauth.benchmarks;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * Every sign-in flow of the bundle next to Keycloak's own grants, on one server in one run: each
 * flow runs alone, {@code bench.concurrency} virtual users in a closed loop, after a warm-up. The
 * request names are the flow names of the report (docs/benchmarks.md).
 */
public class PlatformAuthBenchmark extends Simulation {

    static final String CLIENT_CREDENTIALS = "stock: client credentials";
    static final String PASSWORD_DEFAULT_HASH = "stock: password grant, default hash";
    static final String PASSWORD_NEGLIGIBLE_HASH = "stock: password grant, negligible hash";
    static final String EXCHANGE_CODE_API = "exchange code: API";
    static final String EXCHANGE_CODE_GRANT = "exchange code: grant";
    static final String MAGIC_LINK = "magic link: validate";
    static final String EMAIL_OTP = "email OTP: verify";
    static final String WITHOUT_PLATFORM_TOKEN = "platform token: grant without mapper";
    static final String WITH_PLATFORM_TOKEN = "platform token: grant with mapper (RS256)";
    static final String WITH_PLATFORM_TOKEN_ES256 = "platform token: grant with mapper (ES256)";
    static final String WITH_PLATFORM_TOKEN_EDDSA = "platform token: grant with mapper (EdDSA, Ed25519)";
    /** The same grants, one request at a time (one user alternating them): latency without queueing. */
    static final String ALONE = ", one at a time";
    static final String ENTITY_GRANT = "entity token: grant";
    static final String INTROSPECTION = "entity token: introspection, %s stored";

    static final int[] STORED_TOKENS = {1_000, 10_000, 100_000};

    private static final String TOKEN_ENDPOINT = "/realms/" + BenchmarkRealm.REALM + "/protocol/openid-connect/token";
    private static final String API = "/realms/" + BenchmarkRealm.REALM + "/auth-service/api/v2";

    private final int concurrency = Integer.getInteger("bench.concurrency", 8);
    private final int requests = Integer.getInteger("bench.requests", 600);
    private final int warmup = Integer.getInteger("bench.warmup", 200);
    private final BenchmarkServer server;
    private final BenchmarkMail mail;

    public PlatformAuthBenchmark() {
        server = BenchmarkServer.fromSystemProperties();
        mail = BenchmarkMail.start();
        try {
            int perFlow = warmup + requests;
            BenchmarkRealm realm = new BenchmarkRealm(server);
            realm.create(2 * perFlow, mail.smtpPort);
            List<String> exchangeCodes = realm.exchangeCodes(mail, 0, 2 * perFlow);
            List<String> magicLinks = realm.magicLinkTokens(mail, perFlow);
            List<String> otps = realm.emailOtps(mail, perFlow);
            List<String> entityTokens = realm.entityTokens(BenchmarkRealm.PASSWORD_USERS);
            realm.seedStoredTokens(STORED_TOKENS[0]);

            HttpProtocolBuilder protocol = http.baseUrl(server.baseUri.toString()).acceptHeader("application/json");
            List<PopulationBuilder> steps = new ArrayList<>();
            steps.add(flow(CLIENT_CREDENTIALS, 2 * requests, PlatformAuthBenchmark::clientCredentials, null));
            steps.add(flow(PASSWORD_NEGLIGIBLE_HASH, requests, password(BenchmarkRealm.REALM, BenchmarkRealm.AUTH_SERVICE), null));
            steps.add(flow(PASSWORD_DEFAULT_HASH, Math.max(concurrency, requests / 6),
                    password(BenchmarkRealm.HASH_REALM, BenchmarkRealm.PLAIN_CLIENT), null));
            steps.add(flow(EXCHANGE_CODE_API, requests, n -> http(n).post(API + "/login/passwordless/exchange-tokens")
                    .body(StringBody("{\"code\":\"#{secret}\"}")).asJson().check(status().is(200)),
                    secrets(exchangeCodes.subList(0, perFlow))));
            steps.add(flow(EXCHANGE_CODE_GRANT, requests, n -> http(n).post(TOKEN_ENDPOINT)
                    .formParam("grant_type", "urn:platform-auth:grant-type:exchange-code")
                    .formParam("client_id", BenchmarkRealm.AUTH_SERVICE).formParam("code", "#{secret}").check(status().is(200)),
                    secrets(exchangeCodes.subList(perFlow, 2 * perFlow))));
            steps.add(flow(MAGIC_LINK, requests, n -> http(n).post(API + "/login/magic-link/validate")
                    .body(StringBody("{\"token\":\"#{secret}\"}")).asJson().check(status().is(200)), secrets(magicLinks)));
            steps.add(flow(EMAIL_OTP, requests, n -> http(n).post(API + "/login/email-otp/verify")
                    .body(StringBody("{\"email\":\"#{email}\",\"otp\":\"#{secret}\"}")).asJson().check(status().is(200)),
                    secrets(otps)));
            Map<String, Function<String, HttpRequestActionBuilder>> platformToken = new LinkedHashMap<>();
            platformToken.put(WITHOUT_PLATFORM_TOKEN, password(BenchmarkRealm.REALM, BenchmarkRealm.PLAIN_CLIENT));
            platformToken.put(WITH_PLATFORM_TOKEN, password(BenchmarkRealm.REALM, BenchmarkRealm.PLATFORM_CLIENT));
            platformToken.put(WITH_PLATFORM_TOKEN_ES256, password(BenchmarkRealm.REALM, BenchmarkRealm.PLATFORM_ES256_CLIENT));
            platformToken.put(WITH_PLATFORM_TOKEN_EDDSA, password(BenchmarkRealm.REALM, BenchmarkRealm.PLATFORM_EDDSA_CLIENT));
            platformToken.forEach((name, request) -> steps.add(flow(name, requests, request, null)));
            steps.add(oneAtATime(platformToken, requests));
            steps.add(flow(ENTITY_GRANT, requests, n -> http(n).post(TOKEN_ENDPOINT)
                    .basicAuth(BenchmarkRealm.CONFIDENTIAL_CLIENT, BenchmarkRealm.CONFIDENTIAL_SECRET)
                    .formParam("grant_type", "urn:platform-auth:grant-type:entity-token")
                    .formParam("entity_token", "#{secret}").check(status().is(200)), randomOf(entityTokens)));
            for (int stored : STORED_TOKENS) {
                if (stored != STORED_TOKENS[0]) {
                    steps.add(scenario("seed " + stored).exec(session -> {
                        realm.seedStoredTokens(stored);
                        return session;
                    }).injectOpen(atOnceUsers(1)));
                }
                String name = String.format(INTROSPECTION, stored >= 1000 ? stored / 1000 + "k" : stored);
                steps.add(flow(name, 2 * requests, n -> http(n).post("/realms/" + BenchmarkRealm.REALM + "/entities/introspect")
                        .basicAuth(BenchmarkRealm.CONFIDENTIAL_CLIENT, BenchmarkRealm.CONFIDENTIAL_SECRET)
                        .formParam("token", "#{secret}")
                        .check(status().is(200), jsonPath("$.active").ofBoolean().is(true)), randomOf(entityTokens)));
            }
            PopulationBuilder chain = steps.get(steps.size() - 1);
            for (int i = steps.size() - 2; i >= 0; i--) {
                chain = steps.get(i).andThen(chain);
            }
            setUp(chain).protocols(protocol);
        } catch (RuntimeException e) {
            mail.close();
            server.close();
            throw e;
        }
    }

    @Override
    public void after() {
        FlowResults.write(Path.of(System.getProperty("bench.output.dir", "target")));
        mail.close();
        server.close();
    }

    private static HttpRequestActionBuilder clientCredentials(String name) {
        return http(name).post(TOKEN_ENDPOINT)
                .basicAuth(BenchmarkRealm.CONFIDENTIAL_CLIENT, BenchmarkRealm.CONFIDENTIAL_SECRET)
                .formParam("grant_type", "client_credentials").check(status().is(200));
    }

    /** A password grant of one of the first users, at {@code client} of {@code realm}. */
    private static Function<String, HttpRequestActionBuilder> password(String realm, String client) {
        return name -> http(name).post("/realms/" + realm + "/protocol/openid-connect/token")
                .formParam("grant_type", "password").formParam("client_id", client)
                .formParam("username", "u#{user}").formParam("password", "Bench-pw-#{user}").check(status().is(200));
    }

    /**
     * The {@code requests}, each measured under its name + {@value #ALONE}: one virtual user sends them in
     * turn, {@code count} rounds after a warm-up, so each request's latency is its own (no queue) and the
     * grants are compared under the same conditions at every moment.
     */
    private PopulationBuilder oneAtATime(Map<String, Function<String, HttpRequestActionBuilder>> requests, int count) {
        ChainBuilder warm = exec(session -> session);
        ChainBuilder measured = exec(session -> session);
        for (Map.Entry<String, Function<String, HttpRequestActionBuilder>> request : requests.entrySet()) {
            String name = request.getKey() + ALONE;
            warm = warm.exec(feedThen(randomUsers(), request.getValue().apply("warm-up: " + name)));
            measured = measured.exec(timed(name, request.getValue(), randomUsers()));
        }
        List<String> names = requests.keySet().stream().map(name -> name + ALONE).toList();
        return scenario("platform token" + ALONE)
                .repeat(Math.max(1, warmup / 4)).on(warm)
                .exec(session -> {
                    names.forEach(FlowResults::started);
                    return session;
                })
                .repeat(count).on(measured)
                .exec(session -> {
                    names.forEach(FlowResults::ended);
                    return session;
                })
                .injectOpen(atOnceUsers(1));
    }

    /** One request of flow {@code name}, its response time recorded for the report. */
    private static ChainBuilder timed(String name, Function<String, HttpRequestActionBuilder> request,
            Iterator<Map<String, Object>> input) {
        return exec(feedThen(input, request.apply(name).check(responseTimeInMillis().saveAs("millis"))))
                .exec(session -> {
                    FlowResults.record(name, session.contains("millis") ? session.getLong("millis") : -1, session.isFailed() || !session.contains("millis"));
                    return session.remove("millis").markAsSucceeded();
                });
    }

    /**
     * One measured flow: a warm-up of {@code bench.warmup} requests (named "warm-up: …", left out of
     * the report), then {@code count} requests by {@code concurrency} users, timed from the first
     * user's start to the last one's end.
     */
    private PopulationBuilder flow(String name, int count, Function<String, HttpRequestActionBuilder> request,
            Iterator<Map<String, Object>> feeder) {
        int perUser = Math.max(1, count / concurrency);
        int warmupPerUser = Math.max(1, warmup / concurrency);
        Iterator<Map<String, Object>> input = feeder != null ? feeder : randomUsers();
        ChainBuilder warm = exec(feedThen(input, request.apply("warm-up: " + name)));
        ChainBuilder measured = timed(name, request, input);
        return scenario(name)
                .repeat(warmupPerUser).on(warm)
                .exec(session -> {
                    FlowResults.started(name);
                    return session;
                })
                .repeat(perUser).on(measured)
                .exec(session -> {
                    FlowResults.ended(name);
                    return session;
                })
                .injectOpen(atOnceUsers(concurrency));
    }

    private static ChainBuilder feedThen(Iterator<Map<String, Object>> feeder, HttpRequestActionBuilder request) {
        return exec(io.gatling.javaapi.core.CoreDsl.feed(feeder)).exec(request);
    }

    private static Iterator<Map<String, Object>> secrets(List<String> secrets) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            records.add(Map.of("secret", secrets.get(i), "email", BenchmarkRealm.email(i)));
        }
        return records.iterator();
    }

    private static Iterator<Map<String, Object>> randomOf(List<String> secrets) {
        return Stream.generate(() -> Map.<String, Object>of("secret",
                secrets.get(ThreadLocalRandom.current().nextInt(secrets.size())))).iterator();
    }

    private static Iterator<Map<String, Object>> randomUsers() {
        return Stream.generate(() -> Map.<String, Object>of("user",
                ThreadLocalRandom.current().nextInt(BenchmarkRealm.PASSWORD_USERS))).iterator();
    }
}
