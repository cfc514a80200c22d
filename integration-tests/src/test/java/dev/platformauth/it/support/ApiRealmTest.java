package dev.platformauth.it.support;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.RealmRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** One realm per API test class, with magic links and email OTP switched on and no resend interval. */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiRealmTest {

    protected static final String OTP_REQUEST = "/auth-service/api/v2/login/email-otp";
    protected static final String OTP_VERIFY = "/auth-service/api/v2/login/email-otp/verify";

    protected TestRealm realm;
    protected MailServer mail;
    protected KeycloakServer keycloak;

    /** The realm name prefix. */
    protected abstract String realmPrefix();

    /** More client attributes of {@code auth-service}. */
    protected Map<String, String> clientAttributes() {
        return Map.of();
    }

    /** More changes to the realm before it is created (e.g. a browser flow). */
    protected void customize(RealmRepresentation representation) {
    }

    /** The realm of the class: the standard test realm with the API features on and {@link #customize}. */
    protected TestRealm newRealm(KeycloakServer keycloak, MailServer mail) {
        return TestRealm.builder(keycloak, mail, realmPrefix())
                .customize(MailedLogins.apiEnabled(clientAttributes()))
                .customize(this::customize)
                .create();
    }

    /** The API's email-only sign-ins in this realm. */
    protected EmailSignIns signIns() {
        return new EmailSignIns(realm, mail);
    }

    /** The realm of the running subclass, made by its {@link #newRealm} and removed after it. */
    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.forInstance(ApiRealmTest.class, ApiRealmTest::newRealm);

    @BeforeAll
    void useRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        realm = REALM.get();
    }

    /** Posts an email OTP to {@code path} (a verify route). */
    protected static HttpResult verifyOtp(TestRealm in, String path, String email, String otp) {
        return Http.postJson(in.url() + path, "{\"email\":\"" + email + "\",\"otp\":\"" + otp + "\"}", Map.of());
    }

    /** How many of {@code results} have each status. */
    protected static Map<Integer, Long> byStatus(List<HttpResult> results) {
        return results.stream().collect(Collectors.groupingBy(HttpResult::status, Collectors.counting()));
    }

    /** A sign-in answer: 200 with an access token. */
    protected static void assertSignedIn(HttpResult result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.json().get("access_token").asText()).isNotBlank();
    }

    /** Requests an email OTP for {@code email} and returns it from the newest captured mail. */
    protected String otpFor(TestRealm in, String email, int mailsBefore) {
        HttpResult requested = Http.postJson(in.url() + OTP_REQUEST, "{\"email\":\"" + email + "\"}", Map.of());
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        List<MimeMessage> messages = mail.awaitMessagesTo(email, mailsBefore + 1, Duration.ofSeconds(20));
        return MailedLogins.otpIn(messages.get(messages.size() - 1));
    }
}
