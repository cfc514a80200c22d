package dev.platformauth.it.contract;

import dev.platformauth.it.contract.BadRequests.Body;
import dev.platformauth.it.contract.OpenApiOperations.Operation;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.TestRealm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The requests {@link BadInputContractIT} sends for one documented operation: bodies, queries, paths with
 * the fixture's real or nonsense values, and the credentials each security scheme accepts.
 */
final class ContractRequests {

    static final String CALLBACK = "https://app.example.test/callback";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private final KeycloakServer keycloak;
    private final ContractRealm fixture;
    private final String resetToken;
    private final String entityTokenId;
    private final String disposableUserId;

    ContractRequests(KeycloakServer keycloak, ContractRealm fixture, String resetToken, String entityTokenId,
            String disposableUserId) {
        this.keycloak = keycloak;
        this.fixture = fixture;
        this.resetToken = resetToken;
        this.entityTokenId = entityTokenId;
        this.disposableUserId = disposableUserId;
    }

    List<Body> bodies(OpenApiOperations api, Operation operation, boolean full) {
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

    List<Body> nonsensePathBodies(OpenApiOperations api, Operation operation) {
        List<Body> bodies = new ArrayList<>();
        for (String mediaType : operation.requestMediaTypes()) {
            bodies.add(BadRequests.plausible(api.schema(operation.requestSchema(mediaType)), mediaType, hints()));
        }
        bodies.add(Body.of("malformed JSON", BadRequests.JSON, "{\"email\": "));
        bodies.add(Body.of("text/plain", "text/plain", "hello"));
        bodies.add(Body.of("no body, no content type", null, null));
        return bodies;
    }

    List<String> queries(Operation operation, boolean full) {
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

    static String join(String query, String more) {
        return query.isEmpty() ? more : query + "&" + more;
    }

    String plausibleQuery(Operation operation) {
        return queryWithout(operation, null);
    }

    String queryWithout(Operation operation, String left) {
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
    Function<String, Object> hints() {
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
    String path(Operation operation, Map<String, String> overrides) {
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
    Map<String, Map<String, String>> authVariants(Operation operation) {
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("none", Map.of());
        if (operation.securitySchemes().isEmpty() && !operation.path().startsWith("/admin/")) {
            return variants;
        }
        variants.put("garbage", Map.of("Authorization", "Bearer not.a.token"));
        for (String scheme : operation.securitySchemes()) {
            switch (scheme) {
                case "authToken" -> variants.put("valid bearer", Http.bearer(fixture.accessToken(fixture.admin)));
                case "sentinelToken" -> variants.put("valid sentinel token", Http.bearer(fixture.sentinelToken(fixture.admin)));
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
    String adminToken() {
        return keycloak.admin().tokenManager().getAccessTokenString();
    }
}
