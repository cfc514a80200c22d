package dev.platformauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Plain HTTP calls without cookies and without following redirects. */
public final class Http {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Http() {
    }

    public static HttpResult get(String url, Map<String, String> headers) {
        return send(url, "GET", null, BodyPublishers.noBody(), headers);
    }

    public static HttpResult delete(String url, Map<String, String> headers) {
        return send(url, "DELETE", null, BodyPublishers.noBody(), headers);
    }

    public static HttpResult postJson(String url, String json, Map<String, String> headers) {
        return send(url, "POST", "application/json", BodyPublishers.ofString(json, StandardCharsets.UTF_8), headers);
    }

    public static HttpResult patchJson(String url, String json, Map<String, String> headers) {
        return send(url, "PATCH", "application/json", BodyPublishers.ofString(json, StandardCharsets.UTF_8), headers);
    }

    public static HttpResult postForm(String url, Map<String, String> form, Map<String, String> headers) {
        return send(url, "POST", "application/x-www-form-urlencoded",
                BodyPublishers.ofString(formEncode(form), StandardCharsets.UTF_8), headers);
    }

    /** A POST without a body and without a content type. */
    public static HttpResult postEmpty(String url, Map<String, String> headers) {
        return send(url, "POST", null, BodyPublishers.noBody(), headers);
    }

    /** A PATCH with any content type and body (for content-type and size errors). */
    public static HttpResult patchRaw(String url, String contentType, byte[] body, Map<String, String> headers) {
        return send(url, "PATCH", contentType, BodyPublishers.ofByteArray(body), headers);
    }

    public static HttpResult postRaw(String url, String contentType, byte[] body, Map<String, String> headers) {
        return send(url, "POST", contentType, BodyPublishers.ofByteArray(body), headers);
    }

    /** Any method with any content type (or none, when null) and body, for contract tests of odd requests. */
    public static HttpResult request(String method, String url, String contentType, byte[] body,
            Map<String, String> headers) {
        BodyPublisher publisher = body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body);
        return send(url, method, contentType, publisher, headers);
    }

    /** POSTs a form with the header {@code name} sent once for each of {@code values}, in order. */
    public static HttpResult postFormRepeatingHeader(String url, Map<String, String> form, String name, List<String> values) {
        return send(url, "POST", "application/x-www-form-urlencoded", BodyPublishers.ofString(formEncode(form), StandardCharsets.UTF_8),
                request -> values.forEach(value -> request.header(name, value)));
    }

    /** {@code Authorization: Bearer <token>} as a header map. */
    public static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static HttpResult send(String url, String method, String contentType, BodyPublisher body,
            Map<String, String> headers) {
        return send(url, method, contentType, body, request -> headers.forEach(request::setHeader));
    }

    private static HttpResult send(String url, String method, String contentType, BodyPublisher body,
            Consumer<HttpRequest.Builder> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.accept(request);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new HttpResult(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + url, e);
        }
    }
}
