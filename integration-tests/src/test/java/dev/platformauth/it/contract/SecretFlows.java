package dev.platformauth.it.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.OktaHookRequests;
import dev.platformauth.it.support.Pkce;
import dev.platformauth.it.support.TestRealm;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flows {@link SecretsNotLoggedIT} runs, each through the real API and mail, collecting every secret
 * they hand out or take (passwords, codes, links, OTPs, tokens) for the check of Keycloak's log.
 */
final class SecretFlows {

    private static final String V2 = "/auth-service/api/v2";
    private static final Pattern GROUPED_CODE = Pattern.compile("^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}-[0-9A-HJKMNP-TV-Z]{6}$|^[0-9a-f]{32}$");
    private static final Pattern OTP = Pattern.compile("^[0-9]{6}$");

    private final ContractRealm fixture;
    private final MailServer mail;
    private final Map<String, String> secrets = new LinkedHashMap<>();

    SecretFlows(ContractRealm fixture, MailServer mail) {
        this.fixture = fixture;
        this.mail = mail;
    }

    /** The secrets seen so far: value to what it is. */
    Map<String, String> secrets() {
        return secrets;
    }

    void exchangeCodes() {
        String request = fixture.url() + V2 + "/login/passwordless/request-token";
        accepted(Http.postJson(request, "{\"email\":\"" + fixture.alice.email() + "\"}", Map.of()));
        String code = mailLine(fixture.alice.email(), 1, line -> GROUPED_CODE.matcher(line).matches(), "exchange code");
        secret("exchange code", code);
        tokens("exchange-tokens", ok(Http.postJson(fixture.url() + V2 + "/login/passwordless/exchange-tokens",
                "{\"code\":\"" + code + "\"}", Map.of())));

        String wrongCode = "WRONG-" + UUID.randomUUID();
        secret("wrong exchange code", wrongCode);
        HttpResult refused = Http.postJson(fixture.url() + V2 + "/login/passwordless/exchange-tokens",
                "{\"code\":\"" + wrongCode + "\"}", Map.of());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);

        accepted(Http.postJson(request, "{\"email\":\"" + fixture.alice.email() + "\"}", Map.of()));
        String second = mailLine(fixture.alice.email(), 2, line -> GROUPED_CODE.matcher(line).matches(), "exchange code");
        secret("exchange code (grant)", second);
        tokens("exchange-code grant", ok(Http.postForm(fixture.realm.tokenEndpoint(), Map.of("grant_type",
                ContractRealm.EXCHANGE_GRANT, "client_id", TestRealm.AUTH_CLIENT, "code", second), Map.of())));

        // PKCE: the verifier is a secret too, and so is a wrong one
        String verifier = "verifier-" + UUID.randomUUID() + "-" + UUID.randomUUID();
        String wrongVerifier = "wrong-verifier-" + UUID.randomUUID() + "-" + UUID.randomUUID();
        secret("PKCE code verifier", verifier);
        secret("wrong PKCE code verifier", wrongVerifier);
        accepted(Http.postJson(request, "{\"email\":\"" + fixture.alice.email() + "\",\"code_challenge\":\""
                + Pkce.challenge(verifier) + "\",\"code_challenge_method\":\"S256\"}", Map.of()));
        String third = mailLine(fixture.alice.email(), 3, line -> GROUPED_CODE.matcher(line).matches(), "exchange code");
        secret("exchange code (PKCE)", third);
        String exchange = fixture.url() + V2 + "/login/passwordless/exchange-tokens";
        HttpResult wrong = Http.postJson(exchange, "{\"code\":\"" + third + "\",\"code_verifier\":\"" + wrongVerifier + "\"}", Map.of());
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(400);
    }

    void passwordsSetByAdmins() {
        String admin = fixture.accessToken(fixture.admin);
        String temporary = "Temporary-" + UUID.randomUUID();
        secret("temporary password (setAssociatedAccountPassword)", temporary);
        HttpResult set = Http.postJson(fixture.sentinelUrl("/setAssociatedAccountPassword"), "{\"username\":\""
                + fixture.bob.username() + "\",\"password\":\"" + temporary + "\"}", Http.bearer(admin));
        assertThat(set.status()).as(set.toString()).isEqualTo(204);
        String updated = "Updated-" + UUID.randomUUID();
        secret("password set by a global admin (PATCH users/{id})", updated);
        ok(Http.patchJson(fixture.url() + V2 + "/users/" + fixture.bob.id(), "{\"password\":\"" + updated + "\"}", Http.bearer(admin)));
        String created = "Created-" + UUID.randomUUID();
        secret("password of a user created by a global admin (POST users/)", created);
        ok(Http.postJson(fixture.url() + V2 + "/users/", "{\"email\":\"made-" + UUID.randomUUID()
                + "@example.test\",\"password\":\"" + created + "\"}", Http.bearer(admin)));
    }

    void magicLink() {
        accepted(Http.postJson(fixture.url() + V2 + "/login/magic-link", "{\"email\":\"" + fixture.bob.email()
                + "\",\"redirect_uri\":\"https://app.example.test/magic\"}", Map.of()));
        String link = mailLine(fixture.bob.email(), 1, line -> line.startsWith("https://"), "magic link");
        String token = queryParameter(link, "token");
        secret("magic link", link);
        secret("magic-link token", token);
        tokens("magic-link validate", ok(Http.postJson(fixture.url() + V2 + "/login/magic-link/validate",
                "{\"token\":\"" + token + "\"}", Map.of())));
    }

    void emailOtp() {
        accepted(Http.postJson(fixture.url() + V2 + "/login/email-otp", "{\"email\":\"" + fixture.bob.email() + "\"}", Map.of()));
        String otp = mailLine(fixture.bob.email(), 2, line -> OTP.matcher(line).matches(), "email OTP");
        String wrong = String.format("%06d", (Integer.parseInt(otp) + 500_001) % 1_000_000);
        secret("email OTP", otp);
        secret("wrong email OTP guess", wrong);
        String verify = fixture.url() + V2 + "/login/email-otp/verify";
        HttpResult refused = Http.postJson(verify, "{\"email\":\"" + fixture.bob.email() + "\",\"otp\":\"" + wrong + "\"}", Map.of());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        tokens("email-otp verify", ok(Http.postJson(verify, "{\"email\":\"" + fixture.bob.email() + "\",\"otp\":\"" + otp + "\"}", Map.of())));
    }

    void passwordReset() {
        accepted(Http.postJson(fixture.sentinelUrl("/passwordReset"), "{\"username\":\"" + fixture.bob.username() + "\"}", Map.of()));
        String link = mailLine(fixture.bob.email(), 3, line -> line.startsWith("http") && line.contains("token="), "reset link");
        String token = queryParameter(link, "token");
        secret("password-reset link", link);
        secret("password-reset token", token);
        assertThat(Http.get(fixture.sentinelUrl("/password"), Http.bearer(token)).status()).isEqualTo(204);
        assertThat(Http.get(link, Map.of()).status()).as("the reset page").isEqualTo(200);
        String newPassword = "Reset-" + UUID.randomUUID();
        secret("new password (reset)", newPassword);
        HttpResult set = Http.postJson(fixture.sentinelUrl("/password"), "{\"password\":\"" + newPassword + "\"}", Http.bearer(token));
        assertThat(set.status()).as(set.toString()).isEqualTo(204);
    }

    void usernameReminder() {
        accepted(Http.postJson(fixture.sentinelUrl("/usernameRequest"), "{\"email\":\"" + fixture.alice.email() + "\"}", Map.of()));
        mail.awaitMessagesTo(fixture.alice.email(), 4, Duration.ofSeconds(20));
    }

    void entityTokens() {
        String alice = fixture.accessToken(fixture.alice);
        secret("access token (password grant)", alice);
        String url = fixture.url() + "/entities/" + ContractRealm.ORGANIZATION + "/users/" + fixture.alice.id() + "/authentication-token";
        HttpResult created = Http.postEmpty(url, Http.bearer(alice));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String first = created.json().get("authenticationToken").asText();
        secret("entity token", first);
        HttpResult refreshed = ok(Http.postJson(url + "/refresh", "{\"authenticationToken\":\"" + first + "\"}", Http.bearer(alice)));
        String second = refreshed.json().get("authenticationToken").asText();
        secret("entity token (rotated)", second);
        HttpResult introspection = ok(Http.postForm(fixture.url() + "/entities/introspect", Map.of("token", second,
                "client_id", ContractRealm.API_CLIENT, "client_secret", ContractRealm.API_SECRET), Map.of()));
        assertThat(introspection.json().get("active").asBoolean()).isTrue();
        HttpResult old = ok(Http.postForm(fixture.url() + "/entities/introspect", Map.of("token", first,
                "client_id", ContractRealm.API_CLIENT, "client_secret", ContractRealm.API_SECRET), Map.of()));
        assertThat(old.json().get("active").asBoolean()).isFalse();
        String guessed = "pae_" + UUID.randomUUID().toString().replace("-", "") + "guessed";
        secret("guessed entity token", guessed);
        assertThat(ok(Http.postForm(fixture.url() + "/entities/introspect", Map.of("token", guessed,
                "client_id", ContractRealm.API_CLIENT, "client_secret", ContractRealm.API_SECRET), Map.of()))
                .json().get("active").asBoolean()).isFalse();
        String wrongClientSecret = "wrong-client-secret-" + UUID.randomUUID();
        secret("wrong client secret", wrongClientSecret);
        HttpResult badClient = Http.postForm(fixture.url() + "/entities/introspect", Map.of("token", second,
                "client_id", ContractRealm.API_CLIENT, "client_secret", wrongClientSecret), Map.of());
        assertThat(badClient.status()).as(badClient.toString()).isEqualTo(401);
        tokens("entity-token grant", ok(Http.postForm(fixture.realm.tokenEndpoint(), Map.of("grant_type", ContractRealm.ENTITY_GRANT,
                "entity_token", second, "client_id", ContractRealm.API_CLIENT, "client_secret", ContractRealm.API_SECRET), Map.of())));
    }

    void sentinelTokens() {
        String adminToken = fixture.sentinelToken(fixture.admin);
        secret("sentinel token", adminToken);
        HttpResult loginAs = ok(Http.postJson(fixture.sentinelUrl("/loginAs"), "{\"username\":\"" + fixture.alice.username()
                + "\",\"reason\":\"contract test\"}", Http.bearer(adminToken)));
        secret("login-as token", loginAs.json().get("token").asText());
        HttpResult client = ok(Http.postJson(fixture.sentinelUrl("/clientToken"), "{\"clientId\":\"" + ContractRealm.API_CLIENT
                + "\",\"clientSecret\":\"" + ContractRealm.API_SECRET + "\"}", Map.of()));
        secret("client token", client.json().get("token").asText());
        HttpResult refreshed = ok(Http.get(fixture.sentinelUrl("/refreshToken"), Http.bearer(adminToken)));
        secret("refreshed sentinel token", refreshed.json().get("token").asText());
        String wrong = "Wrong-sentinel-" + UUID.randomUUID();
        secret("wrong password (sentinel token)", wrong);
        HttpResult refused = Http.postJson(fixture.sentinelUrl("/token"), "{\"username\":\"" + fixture.admin.username()
                + "\",\"password\":\"" + wrong + "\"}", Map.of());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
    }

    void passwordLogins() {
        String login = fixture.url() + V2 + "/login/access-token";
        String wrong = "Wrong-login-" + UUID.randomUUID();
        secret("wrong password (login)", wrong);
        HttpResult refused = Http.postForm(login, Map.of("username", fixture.admin.email(), "password", wrong), Map.of());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        // a password with a stray '%': Keycloak's form decoder fails before any resource runs; the answer
        // is a 400 and the raw value (Keycloak's exception message) must not reach the log
        String undecodable = "Raw%zz-" + UUID.randomUUID();
        secret("undecodable password (raw form body)", undecodable);
        HttpResult malformed = Http.postRaw(login, "application/x-www-form-urlencoded",
                ("username=" + fixture.admin.username() + "&password=" + undecodable).getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        assertThat(malformed.json().path("error").asText()).as(malformed.toString()).isEqualTo("invalid_request");
        HttpResult tokens = ok(Http.postForm(login, Map.of("username", fixture.admin.username(), "password", fixture.admin.password()), Map.of()));
        tokens("password login", tokens);
        String access = tokens.json().get("access_token").asText();
        tokens("refresh-access-token", ok(Http.postJson(fixture.url() + V2 + "/users/refresh-access-token", "", Http.bearer(access))));
        String replacement = "Changed-" + UUID.randomUUID();
        secret("new password (own change)", replacement);
        HttpResult changed = Http.patchJson(fixture.url() + V2 + "/users/me/password", "{\"current_password\":\""
                + fixture.admin.password() + "\",\"new_password\":\"" + replacement + "\"}", Http.bearer(access));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    }

    void signup() {
        String password = "Signup-" + UUID.randomUUID();
        secret("password (signup)", password);
        HttpResult created = Http.postJson(fixture.url() + V2 + "/users/signup", "{\"email\":\"new-" + UUID.randomUUID()
                + "@example.test\",\"full_name\":\"New User\",\"password\":\"" + password + "\"}", Map.of());
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
    }

    void passwordRecovery() {
        ok(Http.postEmpty(fixture.url() + V2 + "/password-recovery/" + fixture.alice.email(), Map.of()));
        String link = mailLine(fixture.alice.email(), 5, line -> line.startsWith("http") && line.contains("token="), "recovery link");
        String token = queryParameter(link, "token");
        secret("password-recovery link", link);
        secret("password-recovery token", token);
        String newPassword = "Recovered-" + UUID.randomUUID();
        secret("new password (reset-password)", newPassword);
        ok(Http.postJson(fixture.url() + V2 + "/reset-password/", "{\"token\":\"" + token + "\",\"new_password\":\""
                + newPassword + "\"}", Map.of()));
        HttpResult spent = Http.postJson(fixture.url() + V2 + "/reset-password/", "{\"token\":\"" + token + "\",\"new_password\":\""
                + newPassword + "-again\"}", Map.of());
        assertThat(spent.status()).as(spent.toString()).isEqualTo(400);
    }

    void oktaHook() {
        String wrong = "wrong-okta-hook-secret-" + UUID.randomUUID();
        secret("wrong okta hook secret", wrong);
        String body = OktaHookRequests.tokensTransform("00u-contract", fixture.alice.email(), fixture.alice.email(), null);
        HttpResult refused = Http.postJson(fixture.sentinelUrl("/enrichToken"), body, Map.of("Authorization", wrong));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        ok(Http.postJson(fixture.sentinelUrl("/enrichToken"), body, Map.of("Authorization", ContractRealm.HOOK_SECRET)));
    }

    void secret(String what, String value) {
        assertThat(value).as(what).isNotBlank();
        secrets.putIfAbsent(value, what);
        String[] jwt = value.split("\\.");
        if (jwt.length == 3 && jwt[2].length() >= 20) {
            secrets.putIfAbsent(jwt[2], what + " (JWT signature)");
        }
    }

    /** Every token of a token response. */
    private void tokens(String what, HttpResult result) {
        JsonNode json = result.json();
        for (String field : List.of("access_token", "refresh_token", "platform_access_token", "id_token")) {
            if (json.hasNonNull(field)) {
                secret(field + " (" + what + ")", json.get(field).asText());
            }
        }
        assertThat(json.hasNonNull("access_token")).as(what + ": " + result).isTrue();
    }

    private static HttpResult ok(HttpResult result) {
        assertThat(result.status()).as(result.toString()).isBetween(200, 201);
        return result;
    }

    private static void accepted(HttpResult result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(202);
    }

    /** The one line of the text part of the {@code count}-th mail to the address that matches. */
    private String mailLine(String address, int count, Predicate<String> wanted, String what) {
        List<MimeMessage> messages = mail.awaitMessagesTo(address, count, Duration.ofSeconds(20));
        String text = MailServer.textPart(messages.get(count - 1));
        List<String> found = Arrays.stream(text.split("\\R")).map(String::strip).filter(wanted).toList();
        assertThat(found).as("one %s line in the mail:\n%s", what, text).hasSize(1);
        return found.get(0);
    }

    private static String queryParameter(String url, String name) {
        String value = AuthorizationCodeFlow.query(URI.create(url)).get(name);
        assertThat(value).as("%s in %s", name, url).isNotNull();
        return value;
    }
}
