package dev.platformauth.it.exchangecode;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.BackgroundWork;
import dev.platformauth.it.support.Concurrently;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.MailCodes;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.ServerClock;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The passwordless API's exchange code: request, mail, exchange, single use, expiry and throttling. */
class PasswordlessApiIT extends PasswordlessApiFixture {

    /** The exchange's answer: both tokens of the user's session, in the shape the FastAPI template gives. */
    private void assertTokenResponse(HttpResult tokens, Account user) throws Exception {
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        JsonNode body = tokens.json();
        assertThat(body.get("token_type").asText()).isEqualToIgnoringCase("Bearer");
        assertThat(body.get("expires_in").asInt()).isPositive();
        assertThat(body.get("refresh_token").asText()).isNotBlank();
        assertThat(body.get("refresh_expires_in").asInt()).isPositive();
        assertThat(body.has("scope")).isTrue();
        assertThat(body.get("platform_expires_in").asLong()).isEqualTo(604_800L);
        assertThat(tokens.header("Cache-Control")).contains("no-store");

        JWTClaimsSet access = Jwt.verify(body.get("access_token").asText(), realm.jwksUri());
        assertThat(access.getSubject()).isEqualTo(user.id());
        assertThat(access.getStringClaim("typ")).isEqualTo("Bearer");
        assertThat(access.getStringClaim("azp")).isEqualTo("auth-service");

        JWTClaimsSet platform = Jwt.verify(body.get("platform_access_token").asText(), realm.jwksUri());
        assertThat(platform.getSubject()).isEqualTo(user.id());
        assertThat(platform.getStringClaim("typ")).isEqualTo("Platform");
        assertThat(platform.getAudience()).containsExactly("platform-api");
        assertThat(platform.getStringClaim("email")).isEqualTo(user.email());
        assertThat(platform.getStringClaim("sid")).isEqualTo(access.getStringClaim("sid"));
    }

    @HappyPath
    @Test
    @DisplayName("given a user when a code is requested, read from the mail and exchanged then both tokens come back")
    void happyPath() throws Exception {
        Account user = Account.create(realm);
        HttpResult requested = request(REQUEST, user.email());
        assertThat(requested.status()).isEqualTo(202);
        assertThat(requested.json().get("expires_in").asInt()).isEqualTo(600);

        MimeMessage message = mail.awaitOneTo(user.email());
        String code = MailCodes.codeIn(message);
        assertThat(code).matches(MailCodes.GROUPED);
        assertThat(MailServer.htmlPart(message)).contains(code);
        assertThat(message.getSubject()).isNotBlank();

        assertTokenResponse(exchange(EXCHANGE, code), user);

        EventRepresentation login = realm.awaitEvents("LOGIN", Duration.ofSeconds(10)).stream()
                .filter(e -> user.id().equals(e.getUserId())).findFirst().orElseThrow();
        assertThat(login.getClientId()).isEqualTo("auth-service");
        assertThat(login.getDetails()).containsEntry("login_method", "exchange-code");

        // the server log (DEBUG for our packages) never carries the code, in any spelling
        String log = String.join("\n", keycloak.logTail(1_000_000));
        assertThat(log).doesNotContain(code).doesNotContain(code.replace("-", ""));
    }

    @Test
    @DisplayName("given the legacy api prefix when used then request and exchange work the same")
    void legacyPrefix() {
        Account user = Account.create(realm);
        assertThat(request(LEGACY_REQUEST, user.email()).status()).isEqualTo(202);
        String code = MailCodes.codeIn(mail.awaitOneTo(user.email()));
        HttpResult tokens = exchange(LEGACY_EXCHANGE, code);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.json().has("platform_access_token")).isTrue();
    }

    @Test
    @DisplayName("given a code typed in lower case with blanks when exchanged then it is accepted")
    void typedCode() {
        Account user = Account.create(realm);
        String code = codeFor(user.email(), 0);
        HttpResult tokens = exchange(EXCHANGE, " " + code.toLowerCase().replace("-", " ") + " ");
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
    }

    @Test
    @DisplayName("given a spent code when exchanged again then 400 invalid_grant and a LOGIN_ERROR event")
    void replay() {
        Account user = Account.create(realm);
        String code = codeFor(user.email(), 0);
        assertThat(exchange(EXCHANGE, code).status()).isEqualTo(200);
        realm.clearEvents();

        HttpResult again = exchange(EXCHANGE, code);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(again.body()).doesNotContain(code);

        EventRepresentation error = realm.awaitEvents("LOGIN_ERROR", Duration.ofSeconds(10)).get(0);
        assertThat(error.getError()).isEqualTo("invalid_code");
        assertThat(error.getDetails()).containsEntry("login_method", "exchange-code");
    }

    @Test
    @DisplayName("given 16 concurrent redemptions of one code then exactly one succeeds")
    void concurrentRedemption() throws Exception {
        Account user = Account.create(realm);
        String code = codeFor(user.email(), 0);
        int parallel = 16;
        Map<Integer, Integer> byStatus = new HashMap<>();
        for (HttpResult r : Concurrently.run(parallel, () -> exchange(EXCHANGE, code))) {
            byStatus.merge(r.status(), 1, Integer::sum);
            if (r.status() != 200) {
                assertThat(r.json().get("error").asText()).isEqualTo("invalid_grant");
            }
        }
        assertThat(byStatus).containsEntry(200, 1).containsEntry(400, parallel - 1);
    }

    @Test
    @DisplayName("given an unknown address when a code is requested then the answer is identical and no mail is sent")
    void unknownAddress() {
        Account user = Account.create(realm);
        int mark = BackgroundWork.mark(keycloak);
        HttpResult known = request(REQUEST, user.email());
        String unknownEmail = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        HttpResult unknown = request(REQUEST, unknownEmail);
        assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(202);
        assertThat(unknown.body()).isEqualTo(known.body());
        mail.awaitOneTo(user.email());
        BackgroundWork.awaitIdle(keycloak, mark);
        mail.assertNoMessageTo(unknownEmail, Duration.ZERO);
    }

    @Test
    @DisplayName("given a disabled user when a code is requested then no mail is sent")
    void disabledUser() {
        Account user = Account.create(realm);
        var rep = realm.resource().users().get(user.id()).toRepresentation();
        rep.setEnabled(false);
        realm.resource().users().get(user.id()).update(rep);
        int mark = BackgroundWork.mark(keycloak);
        assertThat(request(REQUEST, user.email()).status()).isEqualTo(202);
        BackgroundWork.awaitIdle(keycloak, mark);
        mail.assertNoMessageTo(user.email(), Duration.ZERO);
    }

    @Test
    @DisplayName("given a code whose user was disabled after the mail when exchanged then 400 invalid_grant")
    void disabledAfterMail() {
        Account user = Account.create(realm);
        String code = codeFor(user.email(), 0);
        var rep = realm.resource().users().get(user.id()).toRepresentation();
        rep.setEnabled(false);
        realm.resource().users().get(user.id()).update(rep);
        HttpResult result = exchange(EXCHANGE, code);
        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    @DisplayName("given a short code lifetime when the code is exchanged after it then 400 invalid_grant")
    void expiry() throws Exception {
        realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.exchange-code.lifetime", "2"));
        try {
            Account user = Account.create(realm);
            String code = codeFor(user.email(), 0);
            ServerClock.awaitExpiryOfSecretsIssuedBefore(keycloak, Duration.ofSeconds(2));
            HttpResult expired = exchange(EXCHANGE, code);
            assertThat(expired.status()).isEqualTo(400);
            assertThat(expired.json().get("error").asText()).isEqualTo("invalid_grant");
        } finally {
            realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.exchange-code.lifetime", ""));
        }
    }

    @Test
    @DisplayName("given the default resend interval when a second code is requested at once then 429 with Retry-After, "
            + "the same for an address without an account; one mail is sent")
    void sendThrottling() {
        realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.exchange-code.resend-interval", ""));
        try {
            Account user = Account.create(realm);
            String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            for (String email : List.of(user.email(), unknown)) {
                assertThat(request(REQUEST, email).status()).isEqualTo(202);
                HttpResult again = request(REQUEST, email);
                assertThat(again.status()).as(again.toString()).isEqualTo(429);
                assertThat(again.json().get("error").asText()).isEqualTo("too_many_requests");
                assertThat(Long.parseLong(again.header("Retry-After"))).isBetween(1L, 60L);
            }
            mail.awaitOneTo(user.email());
        } finally {
            realm.updateClient("auth-service", c -> c.getAttributes().put("platform-auth.exchange-code.resend-interval", "0"));
        }
    }
}
