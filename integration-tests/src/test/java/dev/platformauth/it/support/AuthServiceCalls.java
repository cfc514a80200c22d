package dev.platformauth.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.keycloak.representations.idm.RoleRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls of the auth-service account API for one test realm, and the accounts they need. */
public final class AuthServiceCalls {

    public static final String V2 = "/auth-service/api/v2";
    public static final String LEGACY = "/auth-service/api";

    private final TestRealm realm;

    public AuthServiceCalls(TestRealm realm) {
        this.realm = realm;
    }

    /** A new enabled account with a verified email and a password. */
    public Account newAccount() {
        return Account.create(realm);
    }

    public String url(String path) {
        return realm.url() + V2 + path;
    }

    public HttpResult login(String username, String password) {
        return Http.postForm(url("/login/access-token"), Map.of("username", username, "password", password), Map.of());
    }

    /** Logs in and returns the token response; fails unless it is 200. */
    public JsonNode tokens(Account account) {
        HttpResult result = login(account.username(), account.password());
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json();
    }

    public String accessToken(Account account) {
        return tokens(account).get("access_token").asText();
    }

    public HttpResult refresh(String token) {
        return Http.postJson(url("/users/refresh-access-token"), "", Http.bearer(token));
    }

    /** The URL of {@code path} under {@code prefix} ({@link #V2} or {@link #LEGACY}). */
    public String url(String prefix, String path) {
        return realm.url() + prefix + path;
    }

    public HttpResult changePassword(String token, String current, String replacement) {
        return Http.patchJson(url("/users/me/password"),
                "{\"current_password\":\"" + current + "\",\"new_password\":\"" + replacement + "\"}", Http.bearer(token));
    }

    public void grantRealmManagementRole(Account account, String role) {
        String realmManagement = realm.resource().clients().findByClientId("realm-management").get(0).getId();
        RoleRepresentation rep = realm.resource().clients().get(realmManagement).roles().get(role).toRepresentation();
        realm.resource().users().get(account.id()).roles().clientLevel(realmManagement).add(List.of(rep));
    }

    public void grantRealmRole(Account account, String role) {
        if (realm.resource().roles().list().stream().noneMatch(existing -> existing.getName().equals(role))) {
            realm.resource().roles().create(new RoleRepresentation(role, null, false));
        }
        RoleRepresentation rep = realm.resource().roles().get(role).toRepresentation();
        realm.resource().users().get(account.id()).roles().realmLevel().add(List.of(rep));
    }

    /** A realm whose brute-force detector locks an account for 10 minutes after 3 failures. */
    public static TestRealm bruteForceRealm(KeycloakServer keycloak, MailServer mail, String prefix) {
        return TestRealm.builder(keycloak, mail, prefix)
                .customize(rep -> {
                    rep.setBruteForceProtected(true);
                    rep.setFailureFactor(3);
                    rep.setWaitIncrementSeconds(600);
                    rep.setMaxFailureWaitSeconds(900);
                    rep.setMaxDeltaTimeSeconds(3600);
                }).create();
    }

    /** Waits until Keycloak's brute-force detector (which records failures asynchronously) reports the account locked. */
    public void awaitLockedOut(Account account) {
        Polling.await(() -> realm.resource().attackDetection().bruteForceUserStatus(account.id()),
                status -> Boolean.TRUE.equals(status.get("disabled")), Duration.ofSeconds(20),
                "brute-force lockout of " + account.id());
    }

    /** Asserts an error of the API: JSON with {@code error}, {@code error_description} and the same text as {@code detail}. */
    public static void assertError(HttpResult result, int status, String error) {
        FastApiErrors.assertError(result, status, error);
    }
}
