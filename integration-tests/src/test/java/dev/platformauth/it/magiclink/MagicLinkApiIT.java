package dev.platformauth.it.magiclink;

import dev.platformauth.it.support.BackgroundWork;

import dev.platformauth.it.support.ServerClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.platformauth.it.support.ApiRealmTest;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.Concurrently;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.TestRealm;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The magic link over the auth-service API, against the real Keycloak. */
class MagicLinkApiIT extends ApiRealmTest {

    private static final String REQUEST = "/auth-service/api/v2/login/magic-link";
    private static final String VALIDATE = "/auth-service/api/v2/login/magic-link/validate";
    private static final String APP = "https://app.example.test/magic";

    @Override
    protected String realmPrefix() {
        return "magic-api";
    }

    private Account newUser() {
        return Account.create(realm);
    }

    private HttpResult request(String path, String email, String redirectUri) {
        String body = redirectUri == null ? "{\"email\":\"" + email + "\"}"
                : "{\"email\":\"" + email + "\",\"redirect_uri\":\"" + redirectUri + "\"}";
        return Http.postJson(realm.url() + path, body, Map.of());
    }

    private HttpResult validate(String path, String token) {
        return Http.postJson(realm.url() + path, "{\"token\":\"" + token + "\"}", Map.of());
    }

    private String tokenFor(Account user) {
        HttpResult requested = request(REQUEST, user.email(), APP);
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        String link = MailedLogins.linkIn(mail.awaitOneTo(user.email()));
        assertThat(link).startsWith(APP + "?token=");
        return AuthorizationCodeFlow.query(URI.create(link)).get("token");
    }

    @HappyPath
    @Test
    @DisplayName("given a user when a link is requested, read from the mail and validated then both tokens come back")
    void happyPath() throws Exception {
        Account user = newUser();
        HttpResult requested = request(REQUEST, user.email(), APP);
        assertThat(requested.status()).isEqualTo(202);
        assertThat(requested.json().get("expires_in").asInt()).isEqualTo(600);
        var message = mail.awaitOneTo(user.email());
        String link = MailedLogins.linkIn(message);
        String token = AuthorizationCodeFlow.query(URI.create(link)).get("token");
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(MailServer.htmlPart(message)).contains(token);

        HttpResult tokens = validate(VALIDATE, token);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        JsonNode body = tokens.json();
        assertThat(body.get("refresh_token").asText()).isNotBlank();
        JWTClaimsSet access = Jwt.verify(body.get("access_token").asText(), realm.jwksUri());
        assertThat(access.getSubject()).isEqualTo(user.id());
        JWTClaimsSet platform = Jwt.verify(body.get("platform_access_token").asText(), realm.jwksUri());
        assertThat(platform.getStringClaim("typ")).isEqualTo("Platform");
        assertThat(platform.getStringClaim("email")).isEqualTo(user.email());

        EventRepresentation login = realm.awaitEvents("LOGIN", Duration.ofSeconds(10)).stream()
                .filter(e -> user.id().equals(e.getUserId())).findFirst().orElseThrow();
        assertThat(login.getClientId()).isEqualTo("auth-service");
        assertThat(login.getDetails()).containsEntry("login_method", "magic-link");

        String log = String.join("\n", keycloak.logTail(1_000_000));
        assertThat(log).doesNotContain(token);
    }

    @Test
    @DisplayName("given the legacy api prefix when used then request and validation work the same")
    void legacyPrefix() {
        Account user = newUser();
        assertThat(request("/auth-service/api/login/magic-link", user.email(), APP).status()).isEqualTo(202);
        String token = AuthorizationCodeFlow.query(URI.create(MailedLogins.linkIn(mail.awaitOneTo(user.email())))).get("token");
        HttpResult tokens = validate("/auth-service/api/login/magic-link/validate", token);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
    }

    @Test
    @DisplayName("given a spent token when validated again then 400 invalid_grant and a LOGIN_ERROR event")
    void replay() {
        Account user = newUser();
        String token = tokenFor(user);
        assertThat(validate(VALIDATE, token).status()).isEqualTo(200);
        realm.clearEvents();
        HttpResult again = validate(VALIDATE, token);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("error").asText()).isEqualTo("invalid_grant");
        EventRepresentation error = realm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0);
        assertThat(error.getError()).isEqualTo("invalid_code");
        assertThat(error.getDetails()).containsEntry("login_method", "magic-link");
    }

    @Test
    @DisplayName("given 12 concurrent validations of one token then exactly one succeeds")
    void concurrentValidation() throws Exception {
        Account user = newUser();
        String token = tokenFor(user);
        int parallel = 12;
        Map<Integer, Integer> byStatus = new HashMap<>();
        Concurrently.run(parallel, () -> validate(VALIDATE, token)).forEach(r -> byStatus.merge(r.status(), 1, Integer::sum));
        assertThat(byStatus).containsEntry(200, 1).containsEntry(400, parallel - 1);
    }

    @Test
    @DisplayName("given a short link lifetime when the token is validated after it then 400 invalid_grant")
    void expiry() throws Exception {
        realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.magic-link.lifetime", "2"));
        try {
            Account user = newUser();
            String token = tokenFor(user);
            ServerClock.awaitExpiryOfSecretsIssuedBefore(keycloak, Duration.ofSeconds(2));
            HttpResult expired = validate(VALIDATE, token);
            assertThat(expired.status()).isEqualTo(400);
            assertThat(expired.json().get("error").asText()).isEqualTo("invalid_grant");
        } finally {
            realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.magic-link.lifetime", ""));
        }
    }

    @Test
    @DisplayName("given a redirect_uri the client does not list when a link is requested then 400 and no mail")
    void unregisteredRedirect() {
        Account user = newUser();
        BackgroundWork.settle(keycloak, () -> {
            HttpResult refused = request(REQUEST, user.email(), "https://evil.example.test/steal");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).isEqualTo("invalid_request");
        }, () -> assertThat(request(REQUEST, user.email(), APP).status()).isEqualTo(202));
        // the marker's link is the only mail
        assertThat(mail.messagesTo(user.email())).hasSize(1);
        assertThat(MailedLogins.linkIn(mail.messagesTo(user.email()).get(0))).startsWith(APP + "?token=");
    }

    @Test
    @DisplayName("given no redirect_uri when the client lists several then 400; when it lists one then the link uses it")
    void defaultRedirect() {
        Account user = newUser();
        HttpResult several = request(REQUEST, user.email(), null);
        assertThat(several.status()).isEqualTo(400);
        assertThat(several.json().get("error").asText()).isEqualTo("invalid_request");

        List<String> before = realm.client("auth-service").getRedirectUris();
        realm.updateClient("auth-service", c -> c.setRedirectUris(List.of("https://app.example.test/only")));
        try {
            assertThat(request(REQUEST, user.email(), null).status()).isEqualTo(202);
            assertThat(MailedLogins.linkIn(mail.awaitOneTo(user.email()))).startsWith("https://app.example.test/only?token=");
        } finally {
            realm.updateClient("auth-service", c -> c.setRedirectUris(before));
        }
    }

    @Test
    @DisplayName("given an unknown address when a link is requested then the answer is identical and no mail is sent")
    void enumeration() {
        Account user = newUser();
        int jobs = BackgroundWork.mark(keycloak);
        HttpResult known = request(REQUEST, user.email(), APP);
        String unknownEmail = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        HttpResult unknown = request(REQUEST, unknownEmail, APP);
        assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(202);
        assertThat(unknown.body()).isEqualTo(known.body());
        mail.awaitOneTo(user.email());
        BackgroundWork.awaitIdle(keycloak, jobs);
        mail.assertNoMessageTo(unknownEmail, Duration.ZERO);
    }

    @Test
    @DisplayName("given magic links switched off when called then 404 not_found and the feature flag says false")
    void featureOff() {
        realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.magic-link.enabled", ""));
        try {
            HttpResult off = request(REQUEST, "a@example.test", APP);
            assertThat(off.status()).isEqualTo(404);
            assertThat(off.json().get("error").asText()).isEqualTo("not_found");
            assertThat(validate(VALIDATE, "x".repeat(43)).status()).isEqualTo(404);
            HttpResult flags = Http.get(realm.url() + "/auth-service/api/v2/login/feature-flags", Map.of());
            assertThat(flags.json().get("magic_link").asBoolean()).isFalse();
        } finally {
            realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.magic-link.enabled", "true"));
        }
        HttpResult flags = Http.get(realm.url() + "/auth-service/api/v2/login/feature-flags", Map.of());
        assertThat(flags.json().get("magic_link").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("given bad input then 422 (pydantic's shape), 413 and 415 JSON errors")
    void badInput() {
        assertThat(Http.postRaw(realm.url() + REQUEST, "text/plain", "x".getBytes(StandardCharsets.UTF_8), Map.of()).status()).isEqualTo(415);
        FastApiErrors.assertInvalid(Http.postJson(realm.url() + REQUEST, "{\"email\":", Map.of()), "json_invalid", "body", 0);
        FastApiErrors.assertInvalid(request(REQUEST, "not-an-email", APP), "value_error", "body", "email");
        FastApiErrors.assertInvalid(Http.postJson(realm.url() + VALIDATE, "{}", Map.of()), "missing", "body", "token");
        assertThat(Http.postJson(realm.url() + VALIDATE, "{\"token\":\"" + "a".repeat(70 * 1024) + "\"}", Map.of()).status()).isEqualTo(413);
        HttpResult unknown = validate(VALIDATE, "A".repeat(43));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asText()).isEqualTo("invalid_grant");
    }
}
