package dev.platformauth.it.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.platformauth.it.contract.BadRequests.Body;
import dev.platformauth.it.contract.OpenApiOperations.Operation;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error contract ({@code docs/error-contract.md}) over every route of {@code docs/openapi.yaml}: bad input never gives a 5xx,
 * and every error of our routes is JSON with a string {@code error} (routes documented to answer HTML
 * for a status excepted). For each operation the test sends malformed, empty and non-object JSON,
 * each documented field with a wrong type or a very long string, unknown and oversized content, form
 * bodies where JSON is expected and vice versa, bad query values; without credentials, with garbage
 * ones and with valid ones; with the fixture's real path values and with nonsense ones.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputContractIT {

    /** Operations of the document the test does not exercise, with the reason. */
    private static final Map<String, String> NOT_EXERCISED = Map.of();
    private static final String NONSENSE_REALM = "no-such-realm-contract";
    private static final String CALLBACK = "https://app.example.test/callback";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final List<String> NONSENSE_PATH_VALUES = List.of(UUID.randomUUID().toString(), "0",
            BadRequests.longString(300), "%C3%A9%22%27%3C%3E%7B%7D", "%20");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Java stack frame or exception class name, as a body must never show them. */
    private static final java.util.regex.Pattern STACK_TRACE =
            java.util.regex.Pattern.compile("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\([\\w$]+\\.java:\\d+\\)|\\b(java|jakarta|org\\.keycloak|org\\.jboss)\\.[\\w.$]*(Exception|Error)\\b");

    private KeycloakServer keycloak;
    private ContractRealm fixture;
    private String resetToken;
    private String entityTokenId;
    /** The user the DELETE operations get as {@code user_id}, so that they delete nobody the other operations need. */
    private String disposableUserId;
    private String unknownRouteBody;

    @RegisterExtension
    static final ClassRealm<ContractRealm> REALM = ClassRealm.of((keycloak, mail) -> ContractRealm.create(keycloak, mail, "contract-input"));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        fixture = REALM.get();
        HttpResult created = Http.postEmpty(fixture.url() + "/entities/" + ContractRealm.ORGANIZATION + "/users/"
                + fixture.alice.id() + "/authentication-token", Http.bearer(fixture.accessToken(fixture.alice)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        entityTokenId = created.json().get("id").asText();
        HttpResult reset = Http.postJson(fixture.sentinelUrl("/passwordReset"),
                "{\"username\":\"" + fixture.alice.username() + "\"}", Map.of());
        assertThat(reset.status()).as(reset.toString()).isEqualTo(202);
        resetToken = tokenParameter(MailServer.textPart(mail.awaitOneTo(fixture.alice.email())));
        unknownRouteBody = Http.get(fixture.url() + "/auth-service/api/v2/no-such-route-contract", Map.of()).body();
        disposableUserId = fixture.realm.createUser("disposable", "disposable@" + fixture.realm.name() + ".test", "Disposable-pass-0123");
    }

    @Test
    void everyDocumentedOperationIsExercisedOrListedWithAReason() {
        Set<String> documented = new LinkedHashSet<>();
        OpenApiOperations.load().operations().forEach(operation -> documented.add(operation.key()));
        assertThat(documented).as("operations in docs/openapi.yaml").isNotEmpty();
        assertThat(documented).as("operations listed as not exercised must exist").containsAll(NOT_EXERCISED.keySet());
        assertThat(operations().stream().map(Operation::key).toList())
                .as("every documented operation is exercised unless listed with a reason")
                .containsExactlyInAnyOrderElementsOf(documented.stream().filter(key -> !NOT_EXERCISED.containsKey(key)).toList());
    }

    @TestFactory
    Stream<DynamicTest> badInputNeverGivesA5xxAndErrorsAreJson() {
        return operations().stream().map(operation -> DynamicTest.dynamicTest(operation.key(), () -> exercise(operation)));
    }

    private List<Operation> operations() {
        return OpenApiOperations.load().operations().stream().filter(op -> !NOT_EXERCISED.containsKey(op.key())).toList();
    }

    // ---------------------------------------------------------------- one operation

    private void exercise(Operation operation) {
        OpenApiOperations api = OpenApiOperations.load();
        Run run = new Run(operation);
        String realPath = path(operation, Map.of());
        Map<String, Map<String, String>> auth = authVariants(operation);
        for (Map.Entry<String, Map<String, String>> credentials : auth.entrySet()) {
            boolean full = credentials.getKey().startsWith("valid") || auth.size() == 1;
            if (operation.hasBody()) {
                for (Body body : bodies(api, operation, full)) {
                    run.send(realPath, "", body, credentials, true);
                }
            } else {
                for (String query : queries(operation, full)) {
                    run.send(realPath, query, null, credentials, true);
                }
            }
        }
        Map.Entry<String, Map<String, String>> best = auth.entrySet().stream()
                .filter(e -> e.getKey().startsWith("valid")).findFirst().orElse(auth.entrySet().iterator().next());
        for (Map<String, Object> parameter : operation.parameters("path")) {
            String name = (String) parameter.get("name");
            List<String> values = "realm".equals(name) ? List.of(NONSENSE_REALM) : NONSENSE_PATH_VALUES;
            for (String value : values) {
                String path = path(operation, Map.of(name, value));
                boolean ours = !"realm".equals(name);
                if (operation.hasBody()) {
                    for (Body body : nonsensePathBodies(api, operation)) {
                        run.send(path, "", body, best, ours);
                    }
                } else {
                    run.send(path, plausibleQuery(operation), null, best, ours);
                    run.send(path, "unknown_param=zzz", null, best, ours);
                }
            }
        }
        System.out.printf("%s: %d requests, statuses %s%n", operation.key(), run.count, run.statuses);
        if (auth.keySet().stream().anyMatch(name -> name.startsWith("valid"))) {
            assertThat(run.credentialsAccepted).as("%s: no request with valid credentials got past authentication, "
                    + "so the validation code never ran", operation.key()).isTrue();
        }
        assertThat(run.routeFound).as("%s: every request to the real path got Keycloak's unknown-route answer; "
                + "the route could not be exercised (requests: %s)", operation.key(), run.count).isTrue();
        assertThat(run.offenders).as("%s: %d of %d requests broke the contract (status < 500; errors are JSON "
                + "with a string 'error'):\n%s", operation.key(), run.offenders.size(), run.count,
                String.join("\n", run.offenders.stream().limit(60).toList())).isEmpty();
    }

    /** The requests of one operation and what went wrong. */
    private final class Run {

        final Operation operation;
        final List<String> offenders = new ArrayList<>();
        final Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        boolean routeFound;
        /** Whether a request with valid credentials got past authentication (anything but 401). */
        boolean credentialsAccepted;
        int count;

        Run(Operation operation) {
            this.operation = operation;
        }

        void send(String path, String query, Body body, Map.Entry<String, Map<String, String>> credentials, boolean ours) {
            String url = keycloak.baseUri() + path + (query.isEmpty() ? "" : "?" + query);
            Map<String, String> headers = new HashMap<>(credentials.getValue());
            String what = operation.method() + " " + shorten(path + (query.isEmpty() ? "" : "?" + query)) + " auth="
                    + credentials.getKey() + " body=" + (body == null ? "-" : body.summary());
            count++;
            HttpResult result;
            try {
                result = Http.request(operation.method(), url, body == null ? null : body.contentType(),
                        body == null ? null : body.bytes(), headers);
            } catch (UncheckedIOException e) {
                offenders.add(what + " -> no response: " + e.getCause());
                return;
            }
            statuses.merge(result.status(), 1, Integer::sum);
            if (credentials.getKey().startsWith("valid") && ours && result.status() != 401) {
                credentialsAccepted = true;
            }
            if (ours && path.equals(path(operation, Map.of()))
                    && (!Set.of(404, 405).contains(result.status()) || !result.body().equals(unknownRouteBody))) {
                routeFound = true;
            }
            String problem = problem(result, ours);
            if (problem != null) {
                offenders.add(what + " -> HTTP " + result.status() + " " + problem + ": " + shorten(result.body()));
            }
        }

        private String problem(HttpResult result, boolean ours) {
            if (result.status() >= 500) {
                return "(5xx)";
            }
            if (STACK_TRACE.matcher(result.body()).find()) {
                return "(stack trace in the body)";
            }
            if (result.status() < 400 || result.body().isEmpty() || !ours) {
                return null;
            }
            Set<String> documented = operation.responseMediaTypes(result.status());
            if (!documented.isEmpty() && documented.stream().noneMatch(type -> type.contains("json"))) {
                return null;
            }
            try {
                JsonNode json = JSON.readTree(result.body());
                if (json == null || !json.isObject() || !json.path("error").isTextual()) {
                    return "(JSON without a string 'error')";
                }
                return null;
            } catch (java.io.IOException e) {
                return "(not JSON)";
            }
        }
    }

    private static String shorten(String text) {
        String flat = text.replace("\n", "\\n");
        return flat.length() > 160 ? flat.substring(0, 160) + "…(" + flat.length() + " chars)" : flat;
    }

    // ---------------------------------------------------------------- requests

    private List<Body> bodies(OpenApiOperations api, Operation operation, boolean full) {
        boolean formRoute = operation.requestMediaTypes().contains(BadRequests.FORM);
        List<Body> bodies = new ArrayList<>(BadRequests.generic(formRoute));
        if (!full) {
            return bodies;
        }
        for (String mediaType : operation.requestMediaTypes()) {
            Map<String, Object> schema = api.schema(operation.requestSchema(mediaType));
            List<Map<String, Object>> alternatives = new ArrayList<>();
            OpenApiOperations.list(schema.get("oneOf")).forEach(alternative -> alternatives.add(OpenApiOperations.map(alternative)));
            if (alternatives.isEmpty()) {
                alternatives.add(schema);
            }
            for (Map<String, Object> alternative : alternatives) {
                bodies.addAll(BadRequests.FORM.equals(mediaType) ? BadRequests.badForms(alternative, hints())
                        : BadRequests.wrongTypes(alternative, hints()));
            }
        }
        return bodies;
    }

    private List<Body> nonsensePathBodies(OpenApiOperations api, Operation operation) {
        List<Body> bodies = new ArrayList<>();
        for (String mediaType : operation.requestMediaTypes()) {
            bodies.add(BadRequests.plausible(api.schema(operation.requestSchema(mediaType)), mediaType, hints()));
        }
        bodies.add(Body.of("malformed JSON", BadRequests.JSON, "{\"email\": "));
        bodies.add(Body.of("text/plain", "text/plain", "hello"));
        bodies.add(Body.of("no body, no content type", null, null));
        return bodies;
    }

    private List<String> queries(Operation operation, boolean full) {
        List<String> queries = new ArrayList<>();
        String plausible = plausibleQuery(operation);
        queries.add(plausible);
        queries.add(join(plausible, "unknown_param=zzz"));
        if (!full) {
            return queries;
        }
        for (Map<String, Object> parameter : operation.parameters("query")) {
            String name = (String) parameter.get("name");
            for (String value : BadRequests.badQueryValues()) {
                queries.add(join(queryWithout(operation, name), BadRequests.encode(name) + "=" + value));
            }
            queries.add(join(queryWithout(operation, name), name + "=1&" + name + "=2"));
            queries.add(queryWithout(operation, name));
        }
        return queries;
    }

    private static String join(String query, String more) {
        return query.isEmpty() ? more : query + "&" + more;
    }

    private String plausibleQuery(Operation operation) {
        return queryWithout(operation, null);
    }

    private String queryWithout(Operation operation, String left) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map<String, Object> parameter : operation.parameters("query")) {
            String name = (String) parameter.get("name");
            if (!name.equals(left)) {
                Object hint = hints().apply(name);
                Map<String, Object> schema = OpenApiOperations.map(parameter.get("schema"));
                List<Object> allowed = OpenApiOperations.list(schema.get("enum"));
                values.put(name, hint != null ? hint : !allowed.isEmpty() ? allowed.get(0)
                        : BadRequests.types(schema).contains("integer") ? 1 : "probe");
            }
        }
        return BadRequests.form(values);
    }

    /** Values that let a plausible request get past the first checks. */
    private Function<String, Object> hints() {
        return name -> switch (name) {
            case "client_id", "clientId" -> ContractRealm.API_CLIENT;
            case "client_secret", "clientSecret" -> ContractRealm.API_SECRET;
            case "redirect_uri", "redirectUri" -> CALLBACK;
            case "code_challenge", "codeChallenge" -> CHALLENGE;
            case "username" -> "contract-probe-nobody";
            case "corpId", "organization", "entity" -> ContractRealm.ORGANIZATION;
            case "from" -> "2020-01-01";
            case "to" -> "2100-01-01";
            default -> null;
        };
    }

    /** The operation's path with the fixture's real values, except those in {@code overrides}. */
    private String path(Operation operation, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
                "realm", fixture.realm.name(),
                "user_id", "DELETE".equals(operation.method()) ? disposableUserId : fixture.bob.id(),
                "email", fixture.alice.email(),
                "provider", ContractRealm.IDP,
                "entityId", ContractRealm.ORGANIZATION,
                "userId", fixture.alice.id(),
                "tokenId", entityTokenId));
        values.putAll(overrides);
        String path = operation.path();
        for (Map<String, Object> parameter : operation.parameters("path")) {
            String name = (String) parameter.get("name");
            String value = values.get(name);
            if (value == null) {
                throw new AssertionError(operation.key() + ": no fixture value for the path parameter '" + name + "'");
            }
            path = path.replace("{" + name + "}", value);
        }
        return path;
    }

    /** Credential variants: none, garbage and valid ones for each security scheme the operation documents. */
    private Map<String, Map<String, String>> authVariants(Operation operation) {
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("none", Map.of());
        if (operation.securitySchemes().isEmpty() && !operation.path().startsWith("/admin/")) {
            return variants;
        }
        variants.put("garbage", Map.of("Authorization", "Bearer not.a.token"));
        for (String scheme : operation.securitySchemes()) {
            switch (scheme) {
                case "authToken" -> variants.put("valid bearer", Http.bearer(fixture.accessToken(fixture.admin)));
                case "resetToken" -> variants.put("valid reset token", Http.bearer(resetToken));
                case "oktaHookSecret" -> variants.put("valid hook secret", Map.of("Authorization", ContractRealm.HOOK_SECRET));
                case "adminToken" -> variants.put("valid admin token", Http.bearer(adminToken()));
                case "platformToken" -> variants.put("valid platform token", Http.bearer(fixture.platformToken(fixture.admin)));
                case "callerHeaders" -> {
                    variants.put("garbage caller headers", Map.of("token", "garbage", "userid", "x", "apikey", "y"));
                    variants.put("valid caller headers", Map.of("token", fixture.accessToken(fixture.admin),
                            "userid", fixture.admin.id(), "apikey", TestRealm.AUTH_CLIENT));
                }
                default -> throw new AssertionError(operation.key() + ": unknown security scheme " + scheme);
            }
        }
        if (operation.path().startsWith("/admin/") && !variants.containsKey("valid admin token")) {
            variants.put("valid admin token", Http.bearer(adminToken()));
        }
        return variants;
    }

    /** A master-realm admin token; Keycloak's admin client renews it before it expires. */
    private String adminToken() {
        return keycloak.admin().tokenManager().getAccessTokenString();
    }

    private static String tokenParameter(String mailText) {
        for (String line : mailText.split("\\R")) {
            int at = line.indexOf("token=");
            if (line.strip().startsWith("http") && at >= 0) {
                String value = line.substring(at + "token=".length()).strip();
                int end = value.indexOf('&');
                return URLDecoder.decode(end >= 0 ? value.substring(0, end) : value, StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no reset link in the mail:\n" + mailText);
    }
}
