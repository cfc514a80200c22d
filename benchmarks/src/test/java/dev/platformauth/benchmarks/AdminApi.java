package dev.platformauth.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The few HTTP calls the preparation makes: Keycloak's admin REST API and our public API. */
final class AdminApi {

    static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, String body, HttpResponse<String> response) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + ")", e);
            }
        }

        Answer expect(int... statuses) {
            for (int s : statuses) {
                if (s == status) {
                    return this;
                }
            }
            throw new IllegalStateException("unexpected status " + status + ": " + body);
        }
    }

    private final URI base;
    private final String username;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String adminToken;
    private Instant adminTokenExpiry = Instant.EPOCH;

    AdminApi(BenchmarkServer server) {
        this.base = server.baseUri;
        this.username = server.adminUsername;
        this.password = server.adminPassword;
    }

    /** A call of the admin REST API ({@code /admin/realms...}) as the bootstrap admin. */
    Answer admin(String method, String path, Object body) {
        return send(request(path, method, body).header("Authorization", "Bearer " + adminToken()));
    }

    /** A JSON call of a public endpoint (no credentials, or the given bearer token). */
    Answer json(String path, Object body, String bearer) {
        HttpRequest.Builder request = request(path, "POST", body);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    /** A form POST, e.g. to a token endpoint. */
    Answer form(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private synchronized String adminToken() {
        if (Instant.now().isAfter(adminTokenExpiry)) {
            JsonNode token = form("/realms/master/protocol/openid-connect/token", Map.of(
                    "grant_type", "password", "client_id", "admin-cli", "username", username, "password", password))
                    .expect(200).json();
            adminToken = token.get("access_token").asText();
            adminTokenExpiry = Instant.now().plusSeconds(Math.max(5, token.get("expires_in").asLong() - 20));
        }
        return adminToken;
    }

    private HttpRequest.Builder request(String path, String method, Object body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").method(method, publisher);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
