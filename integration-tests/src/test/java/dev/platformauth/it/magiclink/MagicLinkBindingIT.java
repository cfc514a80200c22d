package dev.platformauth.it.magiclink;

import dev.platformauth.it.support.Pkce;
import jakarta.mail.internet.MimeMessage;

import dev.platformauth.it.support.BackgroundWork;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.ApiRealmTest;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.EmailSignIns;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.LoginForms;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Magic links bound to the requester: an optional (or, per client, required) PKCE challenge that the
 * validation must answer, links only to exactly registered redirect URIs, and the login pages'
 * confirmation naming the account the link signs into.
 */
class MagicLinkBindingIT extends ApiRealmTest {

    private static final String MAGIC_STEP = "platform-auth-magic-link";
    private static final String REQUEST = EmailSignIns.V2 + "/login/magic-link";
    private static final String REQUIRE_PKCE = "platform-auth.magic-link.require-pkce";

    @Override
    protected String realmPrefix() {
        return "magic-binding";
    }

    @Override
    protected void customize(RealmRepresentation representation) {
        MailedLogins.browserFlow("magic", List.of(MAGIC_STEP), MAGIC_STEP,
                Map.of("platform-auth.magic-link.resend-interval", "0", "platform-auth.magic-link.other-browser", "true"))
                .accept(representation);
    }

    private static String newVerifier() {
        return (UUID.randomUUID() + "-" + UUID.randomUUID()).replace("-", "");
    }

    private static String challengeJson(String verifier) {
        return ",\"code_challenge\":\"" + Pkce.challenge(verifier) + "\",\"code_challenge_method\":\"S256\"";
    }

    private HttpResult request(String email, String redirectUri, String extraJson) {
        String redirect = redirectUri == null ? "" : ",\"redirect_uri\":\"" + redirectUri + "\"";
        return Http.postJson(realm.url() + REQUEST, "{\"email\":\"" + email + "\"" + redirect + extraJson + "}", Map.of());
    }

    /** The newest LOGIN_ERROR of a magic link (a PKCE refusal names no user: the link is refused before its account). */
    private EventRepresentation magicLinkError() {
        return Polling.await(() -> realm.events("LOGIN_ERROR").stream()
                        .filter(e -> e.getDetails() != null && "magic-link".equals(e.getDetails().get("login_method"))).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(10), "LOGIN_ERROR of a magic link").get(0);
    }

    private static void assertError(HttpResult result, int status, String error) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.json().get("error").asText()).as(result.toString()).isEqualTo(error);
    }

    @Test
    @DisplayName("given a link requested with a code_challenge when it is validated without the verifier then 400 "
            + "invalid_grant, code_verifier_missing, and the link is spent")
    void missingVerifierSpendsTheLink() {
        Account user = Account.create(realm);
        String verifier = newVerifier();
        String token = signIns().magicLinkToken(user.email(), challengeJson(verifier));
        realm.clearEvents();

        assertError(signIns().validate(token, null), 400, "invalid_grant");

        assertThat(magicLinkError().getError()).isEqualTo("code_verifier_missing");
        assertError(signIns().validate(token, verifier), 400, "invalid_grant");
    }

    @Test
    @DisplayName("given a link requested with a code_challenge when another verifier is presented then 400; "
            + "a new link with the right verifier signs in")
    void wrongVerifier() {
        Account user = Account.create(realm);
        String verifier = newVerifier();
        realm.clearEvents();

        assertError(signIns().validate(signIns().magicLinkToken(user.email(), challengeJson(verifier)), newVerifier()), 400, "invalid_grant");
        assertThat(magicLinkError().getError()).isEqualTo("pkce_verification_failed");

        HttpResult tokens = signIns().validate(signIns().magicLinkToken(user.email(), challengeJson(verifier)), verifier);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.json().get("platform_access_token").asText()).isNotBlank();
    }

    @Test
    @DisplayName("given a link requested without a challenge when a verifier is presented then 400 invalid_grant")
    void verifierWithoutChallenge() {
        Account user = Account.create(realm);
        assertError(signIns().validate(signIns().magicLinkToken(user.email(), ""), newVerifier()), 400, "invalid_grant");
    }

    @Test
    @DisplayName("given the client requires PKCE when a link is requested without a challenge then 400 and no mail; "
            + "with one the link works with its verifier")
    void requiredPkce() {
        Account user = Account.create(realm);
        realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.getAttributes().put(REQUIRE_PKCE, "true"));
        try {
            String verifier = newVerifier();
            String[] token = new String[1];
            // the link requested with a challenge is the marker: once its mail job is done, it is the only mail
            BackgroundWork.settle(keycloak, () -> assertError(request(user.email(), TestRealm.MAGIC_LINK_TARGET, ""), 400,
                    "invalid_request"), () -> token[0] = signIns().magicLinkToken(user.email(), challengeJson(verifier)));
            assertThat(mail.messagesTo(user.email())).hasSize(1);

            HttpResult tokens = signIns().validate(token[0], verifier);
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        } finally {
            realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.getAttributes().put(REQUIRE_PKCE, ""));
        }
    }

    @Test
    @DisplayName("given a bad challenge (plain method, wrong shape, method alone) then 400 invalid_request")
    void badChallenge() {
        String verifier = newVerifier();
        assertError(request("a@example.test", TestRealm.MAGIC_LINK_TARGET,
                ",\"code_challenge\":\"" + Pkce.challenge(verifier) + "\",\"code_challenge_method\":\"plain\""), 400, "invalid_request");
        assertError(request("a@example.test", TestRealm.MAGIC_LINK_TARGET, ",\"code_challenge\":\"short\""), 400, "invalid_request");
        assertError(request("a@example.test", TestRealm.MAGIC_LINK_TARGET, ",\"code_challenge_method\":\"S256\""), 400, "invalid_request");
    }

    @ParameterizedTest(name = "given a redirect_uri only a pattern admits ({0}) then 400 and no mail")
    @ValueSource(strings = {"https://app.example.test/attacker", "http://127.0.0.1:8765/callback", "https://app.example.test/magic/x"})
    void wildcardsDoNotCount(String redirectUri) {
        Account user = Account.create(realm);

        BackgroundWork.settle(keycloak, () -> assertError(request(user.email(), redirectUri, ""), 400, "invalid_request"),
                () -> assertThat(request(user.email(), TestRealm.MAGIC_LINK_TARGET, "").status()).isEqualTo(202));
        // the marker's link, to the listed target, is the only mail
        List<MimeMessage> mails = mail.messagesTo(user.email());
        assertThat(mails).hasSize(1);
        assertThat(MailedLogins.linkIn(mails.get(0))).startsWith(TestRealm.MAGIC_LINK_TARGET + "?token=");
    }

    @Test
    @DisplayName("given no redirect_uri when the client's single redirect URI is a wildcard then 400; when it is exact then the link uses it")
    void defaultRedirect() {
        Account user = Account.create(realm);
        realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.setRedirectUris(List.of("https://app.example.test/*")));
        try {
            assertError(request(user.email(), null, ""), 400, "invalid_request");
            realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.setRedirectUris(List.of("https://app.example.test/only")));
            assertThat(request(user.email(), null, "").status()).isEqualTo(202);
            assertThat(MailedLogins.linkIn(mail.awaitOneTo(user.email()))).startsWith("https://app.example.test/only?token=");
        } finally {
            realm.updateClient(TestRealm.AUTH_CLIENT, client -> client.setRedirectUris(TestRealm.REDIRECT_URIS));
        }
    }

    @Test
    @DisplayName("given the login pages' magic link opened in another browser then the confirmation page names the account")
    void confirmationNamesTheAccount() {
        Account user = Account.create(realm);
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = browser.authorizationCodeFlow(realm);
        LoginForms.enterEmail(browser, flow.start(), user.email());
        String link = MailedLogins.linkIn(mail.awaitOneTo(user.email()));

        BrowserSession other = new BrowserSession(keycloak);
        Page confirm = other.get(link);

        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.element("#kc-platform-auth-magic-link-account").text())
                .isEqualTo("You will be signed in as " + user.email() + ".");
        Page done = LoginForms.confirm(other, confirm);
        assertThat(done.leftKeycloak()).as(done.toString()).isTrue();
    }
}
