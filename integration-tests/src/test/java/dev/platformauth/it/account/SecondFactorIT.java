package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.ApiRealmTest;
import dev.platformauth.it.support.EmailSignIns;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Email-only sign-ins respect a second factor: an account with an enrolled OTP or WebAuthn credential
 * gets no tokens from an exchange code, magic link or email OTP over the API or the exchange-code
 * grant unless the client allows it; tokens of email-only sign-ins say so in {@code amr}.
 */
class SecondFactorIT extends ApiRealmTest {

    private static final String GRANT = "urn:platform-auth:grant-type:exchange-code";
    private static final String OPTIONAL = "platform-auth.email-sign-in.second-factor-optional";

    @Override
    protected String realmPrefix() {
        return "second-factor";
    }

    @Override
    protected Map<String, String> clientAttributes() {
        return Map.of("platform-auth.exchange-code.resend-interval", "0", "platform-auth.exchange-code.grant.enabled", "true");
    }

    private Account userWith(String secondFactor) {
        Account user = Account.create(realm);
        AccountCredentials.enrol(realm, user.id(), secondFactor);
        return user;
    }

    private HttpResult grant(String code, String scope) {
        return Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", GRANT, "client_id", TestRealm.AUTH_CLIENT,
                "code", code, "scope", scope), Map.of());
    }

    private static void assertSecondFactorRequired(HttpResult refused) {
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("second_factor_required");
        assertThat(refused.json().get("error_description").asText()).isNotBlank();
    }

    private EventRepresentation loginError(Account user) {
        return Polling.await(() -> realm.events("LOGIN_ERROR").stream().filter(e -> user.id().equals(e.getUserId())).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(10), "LOGIN_ERROR of user " + user.id()).get(0);
    }

    private static List<String> amr(String jwt) {
        JsonNode amr = Jwt.payload(jwt).get("amr");
        assertThat(amr).as("amr claim of %s", Jwt.payload(jwt)).isNotNull();
        return java.util.stream.StreamSupport.stream(amr.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    @DisplayName("given an account with an OTP when an exchange code is redeemed over the API then 403 "
            + "second_factor_required, a LOGIN_ERROR says why, and the code is spent")
    void exchangeCodeWithOtp() {
        Account user = userWith(AccountCredentials.OTP);
        String code = signIns().exchangeCode(user.email());

        assertSecondFactorRequired(signIns().exchange(code));

        EventRepresentation error = loginError(user);
        assertThat(error.getError()).isEqualTo("second_factor_required");
        assertThat(error.getDetails()).containsEntry("login_method", "exchange-code").containsEntry("reason", "second factor enrolled: otp");
        HttpResult replay = signIns().exchange(code);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    @DisplayName("given an account with a security key when a magic link is validated then 403 second_factor_required")
    void magicLinkWithSecurityKey() {
        Account user = userWith(AccountCredentials.WEBAUTHN);

        assertSecondFactorRequired(signIns().byMagicLink(user.email()));

        assertThat(loginError(user).getDetails()).containsEntry("login_method", "magic-link")
                .containsEntry("reason", "second factor enrolled: webauthn");
    }

    @Test
    @DisplayName("given an account with a passkey when an email OTP is verified then 403 second_factor_required")
    void emailOtpWithPasskey() {
        Account user = userWith(AccountCredentials.PASSKEY);

        assertSecondFactorRequired(signIns().byEmailOtp(user.email()));

        assertThat(loginError(user).getError()).isEqualTo("second_factor_required");
    }

    @Test
    @DisplayName("given an account with an OTP when the exchange-code grant is used then 403 second_factor_required")
    void grantWithOtp() {
        Account user = userWith(AccountCredentials.OTP);

        assertSecondFactorRequired(grant(signIns().exchangeCode(user.email()), "openid"));

        assertThat(loginError(user).getDetails()).containsEntry("grant_type", GRANT);
    }

    @Test
    @DisplayName("given the client allows email sign-ins without the second factor then an account with an OTP gets tokens")
    void clientAllowsIt() {
        Account user = userWith(AccountCredentials.OTP);
        realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.getAttributes().put(OPTIONAL, "true"));
        try {
            HttpResult tokens = signIns().byExchangeCode(user.email());
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            assertThat(amr(tokens.json().get("access_token").asText())).containsExactly("email");
            assertThat(grant(signIns().exchangeCode(user.email()), "openid").status()).isEqualTo(200);
        } finally {
            realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.getAttributes().put(OPTIONAL, ""));
        }
    }

    @Test
    @DisplayName("given an account without a second factor then every email sign-in gives tokens whose amr says how: "
            + "email for codes and links, email and otp for the email OTP, in the access and the platform token")
    void amrOfEachSignIn() {
        Account user = Account.create(realm);
        Map<String, List<String>> expected = Map.of("exchange code", List.of("email"), "magic link", List.of("email"),
                "email OTP", List.of("email", "otp"));
        Map<String, HttpResult> answers = Map.of("exchange code", signIns().byExchangeCode(user.email()),
                "magic link", signIns().byMagicLink(user.email()), "email OTP", signIns().byEmailOtp(user.email()));
        answers.forEach((how, answer) -> {
            assertThat(answer.status()).as("%s: %s", how, answer).isEqualTo(200);
            JsonNode body = answer.json();
            assertThat(amr(body.get("access_token").asText())).as(how).isEqualTo(expected.get(how));
            assertThat(amr(body.get("platform_access_token").asText())).as(how).isEqualTo(expected.get(how));
        });
    }

    @HappyPath
    @Test
    @DisplayName("given the exchange-code grant with scope openid then the access, ID and platform tokens carry amr [email]")
    void grantIdToken() {
        Account user = Account.create(realm);

        HttpResult tokens = grant(signIns().exchangeCode(user.email()), "openid");

        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(amr(tokens.json().get("access_token").asText())).containsExactly("email");
        assertThat(amr(tokens.json().get("id_token").asText())).containsExactly("email");
        assertThat(amr(tokens.json().get("platform_access_token").asText())).containsExactly("email");
        Jwt.verify(tokens.json().get("id_token").asText(), realm.jwksUri());
    }

    @Test
    @DisplayName("given an email-OTP session when refreshed through users/refresh-access-token then amr stays; "
            + "Keycloak's own refresh grant drops it from the access token, the platform token keeps it")
    void refreshes() {
        Account user = Account.create(realm);
        JsonNode signedIn = signIns().byEmailOtp(user.email()).json();

        HttpResult ours = Http.postJson(realm.url() + EmailSignIns.V2 + "/users/refresh-access-token", "",
                Http.bearer(signedIn.get("access_token").asText()));
        assertThat(ours.status()).as(ours.toString()).isEqualTo(200);
        assertThat(amr(ours.json().get("access_token").asText())).containsExactly("email", "otp");
        assertThat(amr(ours.json().get("platform_access_token").asText())).containsExactly("email", "otp");

        HttpResult keycloaks = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "refresh_token",
                "client_id", TestRealm.AUTH_CLIENT, "refresh_token", signedIn.get("refresh_token").asText()), Map.of());
        assertThat(keycloaks.status()).as(keycloaks.toString()).isEqualTo(200);
        assertThat(Jwt.payload(keycloaks.json().get("access_token").asText()).has("amr")).isFalse();
        assertThat(amr(keycloaks.json().get("platform_access_token").asText())).containsExactly("email", "otp");
    }

    @Test
    @DisplayName("given a password login then its tokens carry no amr of ours")
    void passwordLogin() {
        Account user = Account.create(realm);
        HttpResult tokens = Http.postForm(realm.url() + EmailSignIns.V2 + "/login/access-token",
                Map.of("username", user.username(), "password", user.password()), Map.of());
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(Jwt.payload(tokens.json().get("access_token").asText()).has("amr")).isFalse();
        assertThat(Jwt.payload(tokens.json().get("platform_access_token").asText()).has("amr")).isFalse();
    }
}
