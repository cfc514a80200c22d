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
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
    private ContractRequests requests;

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
        requests = new ContractRequests(keycloak, fixture, resetToken, entityTokenId, disposableUserId);
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
        String realPath = requests.path(operation, Map.of());
        Map<String, Map<String, String>> auth = requests.authVariants(operation);
        for (Map.Entry<String, Map<String, String>> credentials : auth.entrySet()) {
            boolean full = credentials.getKey().startsWith("valid") || auth.size() == 1;
            if (operation.hasBody()) {
                for (Body body : requests.bodies(api, operation, full)) {
                    run.send(realPath, "", body, credentials, true);
                }
            } else {
                for (String query : requests.queries(operation, full)) {
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
                String path = requests.path(operation, Map.of(name, value));
                boolean ours = !"realm".equals(name);
                if (operation.hasBody()) {
                    for (Body body : requests.nonsensePathBodies(api, operation)) {
                        run.send(path, "", body, best, ours);
                    }
                } else {
                    run.send(path, requests.plausibleQuery(operation), null, best, ours);
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
            if (ours && path.equals(requests.path(operation, Map.of()))
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
