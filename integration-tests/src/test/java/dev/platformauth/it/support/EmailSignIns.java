package dev.platformauth.it.support;

import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email-only sign-ins of the auth-service API (exchange code, magic link, email OTP) for one
 * realm: each request, the secret read from the newest mail, and its redemption's raw answer.
 */
public final class EmailSignIns {

    public static final String V2 = "/auth-service/api/v2";

    private final TestRealm realm;
    private final MailServer mail;

    public EmailSignIns(TestRealm realm, MailServer mail) {
        this.realm = realm;
        this.mail = mail;
    }

    public HttpResult byExchangeCode(String email) {
        return exchange(exchangeCode(email));
    }

    public HttpResult byMagicLink(String email) {
        return validate(magicLinkToken(email, ""), null);
    }

    public HttpResult byEmailOtp(String email) {
        return verify(email, emailOtp(email));
    }

    /** Requests an exchange code for {@code email} and returns it from the mail. */
    public String exchangeCode(String email) {
        return MailCodes.codeIn(newestMail(email, V2 + "/login/passwordless/request-token", "{\"email\":\"" + email + "\"}"));
    }

    public HttpResult exchange(String code) {
        return Http.postJson(realm.url() + V2 + "/login/passwordless/exchange-tokens", "{\"code\":\"" + code + "\"}", Map.of());
    }

    /** Requests a link to {@link TestRealm#MAGIC_LINK_TARGET} ({@code extraJson} adds fields) and returns its token. */
    public String magicLinkToken(String email, String extraJson) {
        String body = "{\"email\":\"" + email + "\",\"redirect_uri\":\"" + TestRealm.MAGIC_LINK_TARGET + "\"" + extraJson + "}";
        String link = MailedLogins.linkIn(newestMail(email, V2 + "/login/magic-link", body));
        assertThat(link).startsWith(TestRealm.MAGIC_LINK_TARGET + "?token=");
        return AuthorizationCodeFlow.query(URI.create(link)).get("token");
    }

    /** Validates a link token, with {@code codeVerifier} when not null. */
    public HttpResult validate(String token, String codeVerifier) {
        String verifier = codeVerifier == null ? "" : ",\"code_verifier\":\"" + codeVerifier + "\"";
        return Http.postJson(realm.url() + V2 + "/login/magic-link/validate", "{\"token\":\"" + token + "\"" + verifier + "}", Map.of());
    }

    /** Requests an email OTP for {@code email} and returns it from the mail. */
    public String emailOtp(String email) {
        return MailedLogins.otpIn(newestMail(email, V2 + "/login/email-otp", "{\"email\":\"" + email + "\"}"));
    }

    public HttpResult verify(String email, String otp) {
        return Http.postJson(realm.url() + V2 + "/login/email-otp/verify", "{\"email\":\"" + email + "\",\"otp\":\"" + otp + "\"}", Map.of());
    }

    /** Posts {@code json} to {@code path} (a 202 asserted) and returns the mail it sends to {@code email}. */
    private MimeMessage newestMail(String email, String path, String json) {
        int before = mail.messagesTo(email).size();
        HttpResult accepted = Http.postJson(realm.url() + path, json, Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        List<MimeMessage> messages = mail.awaitMessagesTo(email, before + 1, Duration.ofSeconds(20));
        return messages.get(messages.size() - 1);
    }
}
