package dev.platformauth.it.support;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One OIDC authorization-code flow with PKCE (S256) in a {@link BrowserSession}: open the
 * authorization endpoint, sign in on Keycloak's login form, take the code off the redirect and
 * exchange it at the token endpoint.
 */
public final class AuthorizationCodeFlow {

    /** Matches the {@code http://127.0.0.1/*} redirect URI of {@value TestRealm#AUTH_CLIENT}. */
    public static final String DEFAULT_REDIRECT_URI = "http://127.0.0.1/callback";
    public static final String LOGIN_FORM = "#kc-form-login";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final BrowserSession browser;
    /** The realm's URL ({@code …/realms/<name>}). */
    private final String realmUrl;
    private final String clientId;
    private final String redirectUri;
    private final String state = random(16);
    private final String nonce = random(16);
    private final String codeVerifier = random(32);

    AuthorizationCodeFlow(BrowserSession browser, String realmUrl, String clientId, String redirectUri) {
        this.browser = browser;
        this.realmUrl = realmUrl;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
    }

    /** The authorization request URL (scope {@code openid}, S256 challenge, state and nonce). */
    public String authorizationUrl() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("response_type", "code");
        query.put("scope", "openid");
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", codeChallenge());
        query.put("code_challenge_method", "S256");
        return realmUrl + "/protocol/openid-connect/auth?" + Http.formEncode(query);
    }

    /** Opens the authorization endpoint; without an SSO session this is the login page. */
    public Page start() {
        return browser.get(authorizationUrl());
    }

    /** Submits Keycloak's username/password form on {@code loginPage}. */
    public Page login(Page loginPage, String username, String password) {
        return browser.submit(loginPage, LOGIN_FORM, Map.of("username", username, "password", password));
    }

    /** The code from the redirect back to the client, after checking the redirect URI and the state. */
    public String code(Page redirect) {
        URI location = redirect.redirectLocation();
        if (location == null || !location.toString().startsWith(redirectUri)) {
            throw new AssertionError("expected a redirect to " + redirectUri + " but got " + redirect);
        }
        return code(location);
    }

    /** The code from {@code location}, the address the client was sent back to, after checking the state. */
    public String code(URI location) {
        if (!location.toString().startsWith(redirectUri)) {
            throw new AssertionError("expected a redirect to " + redirectUri + " but got " + location);
        }
        Map<String, String> query = query(location);
        if (query.containsKey("error")) {
            throw new AssertionError("authorization failed: " + query);
        }
        if (!state.equals(query.get("state"))) {
            throw new AssertionError("state mismatch in " + location);
        }
        String code = query.get("code");
        if (code == null) {
            throw new AssertionError("no code in " + location);
        }
        return code;
    }

    /** Exchanges the code (with the PKCE verifier) at the token endpoint; returns the raw response. */
    public HttpResult exchange(String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", clientId);
        form.put("redirect_uri", redirectUri);
        form.put("code", code);
        form.put("code_verifier", codeVerifier);
        return Http.postForm(realmUrl + "/protocol/openid-connect/token", form, Map.of());
    }

    /** The whole flow: login page, sign-in, code, token response JSON (fails unless HTTP 200). */
    public JsonNode signIn(String username, String password) {
        Page loginPage = start();
        Page afterLogin = login(loginPage, username, password);
        HttpResult tokens = exchange(code(afterLogin));
        if (tokens.status() != 200) {
            throw new AssertionError("code exchange failed: " + tokens);
        }
        return tokens.json();
    }

    public String state() {
        return state;
    }

    public String nonce() {
        return nonce;
    }

    public String codeVerifier() {
        return codeVerifier;
    }

    private String codeChallenge() {
        return Pkce.challenge(codeVerifier);
    }

    /** The decoded query parameters of {@code uri}, in order (the last of a repeated name wins). */
    public static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int at = pair.indexOf('=');
            String key = at < 0 ? pair : pair.substring(0, at);
            String value = at < 0 ? "" : pair.substring(at + 1);
            query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
