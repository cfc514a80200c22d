package dev.platformauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.jsoup.nodes.Element;

/**
 * A browser without JavaScript: one cookie jar, redirects followed while they stay on the Keycloak
 * host, stopping when a redirect leaves it.
 *
 * <p>The jar is our own: Keycloak marks its cookies {@code Secure} (and {@code SameSite=None}), and
 * {@link java.net.CookieManager} would not send them back over plain http, so cookies are kept by
 * host, name and path and sent to the same host whatever their {@code Secure} flag says.
 */
public final class BrowserSession {

    private static final int MAX_REDIRECTS = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KeycloakServer server;
    private final URI keycloak;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final List<Cookie> cookies = new ArrayList<>();

    public BrowserSession(KeycloakServer server) {
        this.server = server;
        this.keycloak = server.baseUri();
    }

    /** GET {@code url}, following redirects on the Keycloak host. */
    public Page get(String url) {
        return navigate(server.route(URI.create(url)), "GET", null);
    }

    /**
     * Submits the form matched by {@code formCssSelector}: its action, its current inputs (hidden
     * ones, filled ones, checked boxes), with {@code fields} overriding or adding values.
     */
    public Page submit(Page page, String formCssSelector, Map<String, String> fields) {
        Element form = page.element(formCssSelector);
        String action = form.hasAttr("action") ? server.route(URI.create(form.absUrl("action"))).toString() : page.url().toString();
        if (action.isEmpty()) {
            throw new AssertionError("form '" + formCssSelector + "' has an unusable action on " + page);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name], select[name], textarea[name]")) {
            String type = input.attr("type").toLowerCase(Locale.ROOT);
            boolean button = type.equals("submit") || type.equals("button") || type.equals("image") || type.equals("reset");
            boolean unchecked = (type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked");
            if (!button && !unchecked && !input.hasAttr("disabled")) {
                values.put(input.attr("name"), input.tagName().equals("textarea") ? input.text() : input.val());
            }
        }
        values.putAll(fields);
        String method = form.attr("method").isEmpty() ? "GET" : form.attr("method").toUpperCase(Locale.ROOT);
        if (method.equals("GET")) {
            String separator = action.contains("?") ? "&" : "?";
            return navigate(URI.create(action + separator + Http.formEncode(values)), "GET", null);
        }
        return navigate(URI.create(action), "POST", Http.formEncode(values));
    }

    /** Starts an authorization-code flow with PKCE for {@value TestRealm#AUTH_CLIENT} in {@code realm}. */
    public AuthorizationCodeFlow authorizationCodeFlow(TestRealm realm) {
        return authorizationCodeFlow(realm, AuthorizationCodeFlow.DEFAULT_REDIRECT_URI);
    }

    /** As {@link #authorizationCodeFlow(TestRealm)}, returning to {@code redirectUri}. */
    public AuthorizationCodeFlow authorizationCodeFlow(TestRealm realm, String redirectUri) {
        return authorizationCodeFlow(realm.url(), TestRealm.AUTH_CLIENT, redirectUri);
    }

    /** An authorization code flow of {@code clientId} at the realm whose URL is {@code realmUrl}, returning to {@code redirectUri}. */
    public AuthorizationCodeFlow authorizationCodeFlow(String realmUrl, String clientId, String redirectUri) {
        return new AuthorizationCodeFlow(this, realmUrl, clientId, redirectUri);
    }

    /**
     * Keeps the cookies that {@code response}, fetched from {@code url} outside this browser (e.g. an admin
     * REST call that signs a user in), set, as if this browser had received them.
     */
    public void adoptCookies(String url, HttpResult response) {
        storeCookies(URI.create(url), response.headers());
    }

    /** Current value of the cookie {@code name} for the Keycloak host, or {@code null}. */
    public String cookie(String name) {
        return cookies.stream()
                .filter(cookie -> cookie.host.equals(hostKey(keycloak)) && cookie.name.equals(name))
                .map(cookie -> cookie.value)
                .findFirst()
                .orElse(null);
    }

    private Page navigate(URI url, String method, String formBody) {
        URI current = url;
        String currentMethod = method;
        String body = formBody;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<String> response = send(current, currentMethod, body);
            storeCookies(current, response.headers());
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElse(null);
            if (status < 300 || status >= 400 || location == null) {
                return new Page(status, current, response.headers(), response.body(), null);
            }
            URI next = server.route(current.resolve(location));
            if (!sameOrigin(next, keycloak)) {
                return new Page(status, current, response.headers(), response.body(), next);
            }
            boolean keepMethod = status == 307 || status == 308;
            currentMethod = keepMethod ? currentMethod : "GET";
            body = keepMethod ? body : null;
            current = next;
        }
        throw new AssertionError("more than " + MAX_REDIRECTS + " redirects starting at " + url);
    }

    private HttpResponse<String> send(URI url, String method, String formBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .header("Accept-Language", "en");
        if (formBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(formBody, StandardCharsets.UTF_8));
        }
        String cookieHeader = cookiesFor(url);
        if (!cookieHeader.isEmpty()) {
            request.header("Cookie", cookieHeader);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + url, e);
        }
    }

    private String cookiesFor(URI url) {
        String host = hostKey(url);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return cookies.stream()
                .filter(cookie -> cookie.host.equals(host) && pathMatches(path, cookie.path))
                .map(cookie -> cookie.name + "=" + cookie.value)
                .collect(Collectors.joining("; "));
    }

    private void storeCookies(URI url, HttpHeaders headers) {
        for (String header : headers.allValues("Set-Cookie")) {
            Cookie cookie = Cookie.parse(hostKey(url), defaultPath(url), header);
            if (cookie == null) {
                continue;
            }
            cookies.removeIf(existing -> existing.sameSlot(cookie));
            if (!cookie.expired) {
                cookies.add(cookie);
            }
        }
    }

    private static boolean pathMatches(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath) || cookiePath.equals("/")) {
            return true;
        }
        String prefix = cookiePath.endsWith("/") ? cookiePath : cookiePath + "/";
        return requestPath.startsWith(prefix);
    }

    private static String defaultPath(URI url) {
        String path = url.getRawPath();
        if (path == null || !path.startsWith("/") || path.lastIndexOf('/') == 0) {
            return "/";
        }
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(hostKey(a), hostKey(b));
    }

    private static String hostKey(URI url) {
        int port = url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        return url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private record Cookie(String host, String name, String value, String path, boolean expired) {

        boolean sameSlot(Cookie other) {
            return host.equals(other.host) && name.equals(other.name) && path.equals(other.path);
        }

        static Cookie parse(String host, String defaultPath, String header) {
            String[] parts = header.split(";");
            int equals = parts[0].indexOf('=');
            if (equals <= 0) {
                return null;
            }
            String name = parts[0].substring(0, equals).trim();
            String value = parts[0].substring(equals + 1).trim();
            String path = defaultPath;
            boolean expired = false;
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].trim();
                int at = attribute.indexOf('=');
                String key = (at < 0 ? attribute : attribute.substring(0, at)).trim().toLowerCase(Locale.ROOT);
                String attributeValue = at < 0 ? "" : attribute.substring(at + 1).trim();
                switch (key) {
                    case "path" -> path = attributeValue.isEmpty() ? defaultPath : attributeValue;
                    case "max-age" -> expired = expired || maxAgeExpired(attributeValue);
                    case "expires" -> expired = expired || dateExpired(attributeValue);
                    default -> {
                        // Secure, HttpOnly, SameSite, Domain: deliberately ignored, see the class comment
                    }
                }
            }
            return new Cookie(host, name, value, path, expired);
        }

        private static boolean maxAgeExpired(String value) {
            try {
                return Long.parseLong(value) <= 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private static boolean dateExpired(String value) {
            try {
                return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().isBefore(Instant.now());
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
