package dev.platformauth.it.account;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.ApiRealmTest;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.EmailSignIns;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.LoginForms;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.MailedLogins;
import dev.platformauth.it.support.Page;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
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

/**
 * No pre-claimed accounts: someone signs up with an address they do not own, sets a password, opens
 * sessions (an offline one too) and enrols an OTP; when the owner proves the address (exchange code,
 * magic link, email OTP over the API or in the login pages, or a password reset), all of that is gone.
 */
class PreClaimedAccountIT extends ApiRealmTest {

    private static final String OTP_STEP = "platform-auth-email-otp";
    private static final String REASON = "email_address_proven";

    @Override
    protected String realmPrefix() {
        return "preclaim";
    }

    /** Also sign-up, the sentinel client (password reset) and an email-OTP browser flow. */
    @Override
    protected TestRealm newRealm(KeycloakServer keycloak, MailServer mail) {
        return SentinelRealm.create(keycloak, mail, realmPrefix(), rep -> {
            rep.setRegistrationAllowed(true);
            MailedLogins.apiEnabled(Map.of("platform-auth.exchange-code.resend-interval", "0")).accept(rep);
            rep.getClients().stream().filter(client -> SentinelRealm.CLIENT.equals(client.getClientId()))
                    .forEach(client -> client.setAttributes(new HashMap<>(Map.of("platform-auth.password-reset.resend-interval", "0"))));
            MailedLogins.browserFlow("otp", List.of(OTP_STEP), OTP_STEP, Map.of("platform-auth.email-otp.resend-interval", "0"))
                    .accept(rep);
        });
    }

    /** What the pre-claimer holds: the account, its password and the refresh tokens of an online and an offline session. */
    private record PreClaim(String userId, String email, String password, String refreshToken, String offlineToken) {
    }

    /** Signs up with a new address, signs in twice (online and offline_access), then enrols an OTP when asked. */
    private PreClaim preClaim(boolean enrolOtp) {
        String name = "v" + UUID.randomUUID().toString().substring(0, 8);
        String email = name + "@example.test";
        String password = "Attacker-pw-" + name;
        String userId = AccountCredentials.signUp(realm, email, password);
        HttpResult online = login(email, password);
        assertThat(online.status()).as(online.toString()).isEqualTo(200);
        HttpResult offline = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "password", "client_id", TestRealm.AUTH_CLIENT,
                "username", email, "password", password, "scope", "openid offline_access"), Map.of());
        assertThat(offline.status()).as(offline.toString()).isEqualTo(200);
        assertThat(offline.json().get("refresh_token").asText()).isNotBlank();
        if (enrolOtp) {
            AccountCredentials.enrol(realm, userId, AccountCredentials.OTP);
        }
        return new PreClaim(userId, email, password, online.json().get("refresh_token").asText(),
                offline.json().get("refresh_token").asText());
    }

    private HttpResult login(String username, String password) {
        return Http.postForm(realm.url() + EmailSignIns.V2 + "/login/access-token", Map.of("username", username, "password", password), Map.of());
    }

    private HttpResult refresh(String refreshToken) {
        return Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "refresh_token", "client_id", TestRealm.AUTH_CLIENT,
                "refresh_token", refreshToken), Map.of());
    }

    private List<EventRepresentation> eventsOf(String type, String userId, int atLeast) {
        return Polling.await(() -> realm.events(type).stream().filter(e -> userId.equals(e.getUserId())).toList(),
                found -> found.size() >= atLeast, Duration.ofSeconds(10), atLeast + " " + type + " event(s) of user " + userId);
    }

    /** The pre-claimer's password, OTP and sessions are gone, with an event for each; the address is verified. */
    private void assertReleased(PreClaim claim, List<String> removedTypes) {
        HttpResult attackerLogin = login(claim.email(), claim.password());
        assertThat(attackerLogin.status()).as(attackerLogin.toString()).isEqualTo(400);
        assertThat(attackerLogin.json().get("error").asText()).isEqualTo("invalid_grant");
        HttpResult onlineRefresh = refresh(claim.refreshToken());
        assertThat(onlineRefresh.status()).as("online session ended: %s", onlineRefresh).isEqualTo(400);
        assertThat(onlineRefresh.json().get("error").asText()).isEqualTo("invalid_grant");
        HttpResult offlineRefresh = refresh(claim.offlineToken());
        assertThat(offlineRefresh.status()).as("offline session ended: %s", offlineRefresh).isEqualTo(400);
        assertThat(realm.resource().users().get(claim.userId()).toRepresentation().isEmailVerified()).isTrue();

        List<EventRepresentation> removed = eventsOf("REMOVE_CREDENTIAL", claim.userId(), removedTypes.size());
        assertThat(removed).allSatisfy(event -> assertThat(event.getDetails()).containsEntry("reason", REASON));
        assertThat(removed).extracting(event -> event.getDetails().get("credential_type"))
                .containsExactlyInAnyOrderElementsOf(removedTypes);
        List<EventRepresentation> logouts = eventsOf("LOGOUT", claim.userId(), 2);
        assertThat(logouts).allSatisfy(event -> assertThat(event.getDetails()).containsEntry("reason", REASON));
    }

    @Test
    @DisplayName("given a pre-claimed account with a password and an OTP when the owner signs in with an exchange code "
            + "then the owner gets tokens and the pre-claimer's password, OTP and sessions are gone")
    void exchangeCode() {
        PreClaim claim = preClaim(true);

        HttpResult owner = signIns().byExchangeCode(claim.email());

        assertThat(owner.status()).as(owner.toString()).isEqualTo(200);
        assertThat(AccountCredentials.types(realm, claim.userId())).isEmpty();
        assertReleased(claim, List.of("password", "otp"));
        EventRepresentation login = eventsOf("LOGIN", claim.userId(), 1).get(0);
        assertThat(login.getDetails()).containsEntry("login_method", "exchange-code");
    }

    @Test
    @DisplayName("given a pre-claimed account when the owner validates a magic link then the password and sessions are gone")
    void magicLink() {
        PreClaim claim = preClaim(false);

        HttpResult owner = signIns().byMagicLink(claim.email());

        assertThat(owner.status()).as(owner.toString()).isEqualTo(200);
        assertThat(AccountCredentials.types(realm, claim.userId())).isEmpty();
        assertReleased(claim, List.of("password"));
    }

    @Test
    @DisplayName("given a pre-claimed account with an OTP when the owner verifies an email OTP then all of it is gone")
    void emailOtp() {
        PreClaim claim = preClaim(true);

        HttpResult owner = signIns().byEmailOtp(claim.email());

        assertThat(owner.status()).as(owner.toString()).isEqualTo(200);
        assertThat(AccountCredentials.types(realm, claim.userId())).isEmpty();
        assertReleased(claim, List.of("password", "otp"));
    }

    @Test
    @DisplayName("given a pre-claimed account with an OTP when the owner signs in with an email OTP in the login pages "
            + "then the app gets tokens and all of it is gone")
    void loginPages() {
        PreClaim claim = preClaim(true);
        BrowserSession browser = new BrowserSession(keycloak);
        AuthorizationCodeFlow flow = browser.authorizationCodeFlow(realm);
        int mailsBefore = mail.messagesTo(claim.email()).size();
        Page codePage = LoginForms.enterEmail(browser, flow.start(), claim.email());
        List<MimeMessage> messages = mail.awaitMessagesTo(claim.email(), mailsBefore + 1, Duration.ofSeconds(20));
        String otp = MailedLogins.otpIn(messages.get(messages.size() - 1));

        Page done = LoginForms.enterCode(browser, codePage, otp);

        assertThat(done.leftKeycloak()).as(done.toString()).isTrue();
        HttpResult tokens = flow.exchange(flow.code(done));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(AccountCredentials.types(realm, claim.userId())).isEmpty();
        assertReleased(claim, List.of("password", "otp"));
        assertThat(refresh(tokens.json().get("refresh_token").asText()).status())
                .as("the owner's own new session lives").isEqualTo(200);
    }

    @Test
    @DisplayName("given a pre-claimed account with an OTP when the owner completes a password reset "
            + "then only the owner's new password is left")
    void passwordReset() {
        PreClaim claim = preClaim(true);
        String ownersPassword = "Owners-new-pw-" + UUID.randomUUID();

        HttpResult set = SentinelResets.reset(realm, SentinelResets.requestResetToken(realm, mail, claim.email()), ownersPassword);

        assertThat(set.status()).as(set.toString()).isEqualTo(204);
        assertThat(AccountCredentials.types(realm, claim.userId())).containsExactly("password");
        assertThat(login(claim.email(), ownersPassword).status()).isEqualTo(200);
        assertReleased(claim, List.of("password", "otp"));
    }

    @Test
    @DisplayName("given a sign-up when the new account logs in with its password at once and again later "
            + "then both work and nothing is removed (the address was never proven)")
    void signUpThenPasswordLogin() {
        String email = "s" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String userId = AccountCredentials.signUp(realm, email, "Owners-pw-123456");

        assertThat(login(email, "Owners-pw-123456").status()).isEqualTo(200);
        HttpResult again = login(email, "Owners-pw-123456");
        assertThat(again.status()).isEqualTo(200);
        assertThat(refresh(again.json().get("refresh_token").asText()).status()).isEqualTo(200);
        assertThat(AccountCredentials.types(realm, userId)).containsExactly("password");
    }

    @Test
    @DisplayName("given an account whose address is already verified when it signs in by email then its password and "
            + "sessions stay")
    void verifiedAccountKeepsItsCredentials() {
        Account user = Account.create(realm);
        HttpResult earlier = login(user.email(), user.password());
        assertThat(earlier.status()).isEqualTo(200);

        assertThat(signIns().byExchangeCode(user.email()).status()).isEqualTo(200);

        assertThat(login(user.email(), user.password()).status()).isEqualTo(200);
        assertThat(refresh(earlier.json().get("refresh_token").asText()).status()).isEqualTo(200);
        assertThat(AccountCredentials.types(realm, user.id())).containsExactly("password");
        assertThat(realm.events("REMOVE_CREDENTIAL")).noneMatch(event -> user.id().equals(event.getUserId()));
    }

    @Test
    @DisplayName("attack: secrets mailed to the account's own address, redeemed after it changed the address to someone "
            + "else's (PATCH users/me), prove nothing: the exchange code, magic link and email OTP are refused and the "
            + "new address stays unverified")
    void signInSecretsForAnOldAddress() {
        PreClaim claim = preClaim(false);
        EmailSignIns signIns = signIns();
        String code = signIns.exchangeCode(claim.email());
        String link = signIns.magicLinkToken(claim.email(), "");
        String otp = signIns.emailOtp(claim.email());
        String victim = moveToNewAddress(claim);

        assertThat(signIns.exchange(code).status()).as("exchange code").isEqualTo(400);
        assertThat(signIns.validate(link, null).status()).as("magic link").isEqualTo(400);
        assertThat(signIns.verify(claim.email(), otp).status()).as("email OTP").isEqualTo(400);
        var user = realm.resource().users().get(claim.userId()).toRepresentation();
        assertThat(user.getEmail()).isEqualTo(victim);
        assertThat(user.isEmailVerified()).as("the victim's address is not verified by secrets of another").isFalse();
        assertThat(AccountCredentials.types(realm, claim.userId())).containsExactly("password");
        Polling.await(() -> realm.events("LOGIN_ERROR").stream().filter(event -> claim.userId().equals(event.getUserId())
                        && "invalid_email".equals(event.getError())).toList(), found -> !found.isEmpty(), Duration.ofSeconds(10),
                "a LOGIN_ERROR invalid_email of user " + claim.userId());
    }

    @Test
    @DisplayName("attack: a reset link mailed to the account's own address, used after it changed the address to someone "
            + "else's, is dead: the password stays and the new address stays unverified")
    void resetLinkForAnOldAddress() {
        PreClaim claim = preClaim(false);
        String resetToken = SentinelResets.requestResetToken(realm, mail, claim.email());
        String victim = moveToNewAddress(claim);

        HttpResult set = SentinelResets.reset(realm, resetToken, "Taken-over-pw-123");
        assertThat(set.status()).as(set.toString()).isEqualTo(403);
        assertThat(set.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(realm.resource().users().get(claim.userId()).toRepresentation().isEmailVerified()).isFalse();
        assertThat(login(victim, "Taken-over-pw-123").status()).isEqualTo(400);
        assertThat(login(victim, claim.password()).status()).as("the account's own password stays").isEqualTo(200);
    }

    @Test
    @DisplayName("attack: a stolen token of a verified account with an OTP changes the address to the attacker's "
            + "(PATCH users/me), which a password reset then proves: the OTP stays and the attacker's email sign-in is refused")
    void stolenTokenGetsPastNoSecondFactor() {
        Account victim = Account.create(realm);
        String stolen = login(victim.email(), victim.password()).json().get("access_token").asText();
        AccountCredentials.enrol(realm, victim.id(), AccountCredentials.OTP);
        String attacker = moveToNewAddress(stolen);

        HttpResult set = SentinelResets.reset(realm, SentinelResets.requestResetToken(realm, mail, attacker), "Attackers-pw-123");

        assertThat(set.status()).as(set.toString()).isEqualTo(204);
        assertThat(AccountCredentials.types(realm, victim.id())).containsExactlyInAnyOrder("password", "otp");
        assertThat(eventsOf("REMOVE_CREDENTIAL", victim.id(), 1)).extracting(event -> event.getDetails().get("credential_type"))
                .containsExactly("password");
        HttpResult emailSignIn = signIns().byExchangeCode(attacker);
        assertThat(emailSignIn.status()).as(emailSignIn.toString()).isEqualTo(403);
        assertThat(emailSignIn.body()).contains("second_factor_required");
    }

    /** The account signed in with {@code token} changes its address to a new one (a victim's) through PATCH users/me; 200 asserted. */
    private String moveToNewAddress(String token) {
        String victim = "victim-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        HttpResult moved = Http.patchJson(realm.url() + EmailSignIns.V2 + "/users/me", "{\"email\":\"" + victim + "\"}",
                Http.bearer(token));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        return victim;
    }

    /** The account of {@code claim} changes its address to a new one (a victim's) through PATCH users/me; 200 asserted. */
    private String moveToNewAddress(PreClaim claim) {
        return moveToNewAddress(login(claim.email(), claim.password()).json().get("access_token").asText());
    }
}
