package dev.platformauth.it.console;

import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.HappyPath;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.OktaHookRequests;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console's per-client settings page ({@code platform-auth-client-settings}, a declarative-UI
 * page): every field is mirrored into the client attribute the APIs read, bad values are refused
 * on save, the Okta secret is masked, and removing the record removes the attributes.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientSettingsPageIT {

    private static final String HOOK_SECRET = "settings-page-hook-secret-0123";

    private TestRealm realm;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "client-settings", rep -> { }));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = REALM.get();
    }

    private ComponentRepresentation record(String clientId, Map<String, String> fields) {
        ComponentRepresentation page = new ComponentRepresentation();
        page.setName(clientId);
        page.setProviderId("platform-auth-client-settings");
        page.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
        page.setParentId(realm.resource().toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.put("client", List.of(clientId));
        fields.forEach((field, value) -> config.put(field, List.of(value)));
        page.setConfig(config);
        return page;
    }

    private String save(ComponentRepresentation page) {
        try (Response created = realm.resource().components().add(page)) {
            assertThat(created.getStatus()).as("saving %s", page.getConfig()).isEqualTo(201);
            return CreatedResponseUtil.getCreatedId(created);
        }
    }

    private int saveStatus(ComponentRepresentation page) {
        try (Response created = realm.resource().components().add(page)) {
            if (created.getStatus() == 201) {
                realm.resource().components().component(CreatedResponseUtil.getCreatedId(created)).remove();
            }
            return created.getStatus();
        }
    }

    private static String sha256Hex(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResult hook() {
        return Http.postJson(realm.url() + SentinelRealm.API + "/enrichToken",
                OktaHookRequests.userOnly("00unknown"),
                Map.of("X-Hook-Secret", HOOK_SECRET));
    }

    @Test
    @DisplayName("given a sentinel record with the Okta hook, login-as and reset settings when saved then the client "
            + "attributes follow (the login-as role a realm attribute), the hook works with them, the secret is masked, "
            + "and removing the record undoes it")
    void sentinelRecord() throws Exception {
        assertThat(hook().status()).isEqualTo(503);
        String id = save(record("sentinel", Map.of(
                "oktaHookSecret", HOOK_SECRET, "oktaHookHeader", "X-Hook-Secret",
                "loginAsLifetime", "120", "passwordResetLifetime", "300",
                "passwordResetUrl", "https://app.example.test/reset", "loginAsRole", "support-desk")));
        try {
            assertThat(realm.client("sentinel").getAttributes())
                    .containsEntry("platform-auth.okta-hook.secret-sha256", sha256Hex(HOOK_SECRET))
                    .containsEntry("platform-auth.okta-hook.header", "X-Hook-Secret")
                    .containsEntry("platform-auth.login-as.lifetime", "120")
                    .containsEntry("platform-auth.password-reset.lifetime", "300")
                    .containsEntry("platform-auth.password-reset.url", "https://app.example.test/reset")
                    .doesNotContainKey("platform-auth.login-as.role")
                    .doesNotContainKey("platform-auth.okta-hook.secret");
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(realm.client("sentinel")))
                    .as("the secret itself is nowhere in the client").doesNotContain(HOOK_SECRET);
            assertThat(realm.resource().toRepresentation().getAttributes())
                    .as("who may log in as others is the realm's to say").containsEntry("platform-auth.login-as.role", "support-desk");
            HttpResult enriched = hook();
            assertThat(enriched.status()).as(enriched.toString()).isEqualTo(200);
            assertThat(enriched.json().get("commands")).isEmpty();
            assertThat(realm.resource().components().component(id).toRepresentation().getConfig().getFirst("oktaHookSecret"))
                    .isNotEqualTo(HOOK_SECRET);
        } finally {
            realm.resource().components().component(id).remove();
        }
        assertThat(realm.client("sentinel").getAttributes())
                .doesNotContainKeys("platform-auth.okta-hook.secret-sha256", "platform-auth.login-as.lifetime");
        assertThat(realm.resource().toRepresentation().getAttributes()).doesNotContainKey("platform-auth.login-as.role");
        assertThat(hook().status()).isEqualTo(503);
    }

    @HappyPath
    @Test
    @DisplayName("given an auth-service record switching magic links and email OTP on when saved then the feature flags say so")
    void authServiceRecord() {
        String flagsUrl = realm.url() + "/auth-service/api/v2/login/feature-flags";
        assertThat(Http.get(flagsUrl, Map.of()).json().get("magic_link").asBoolean()).isFalse();
        String id = save(record("auth-service", Map.of("magicLinkEnabled", "true", "emailOtpEnabled", "true",
                "emailOtpLength", "8")));
        try {
            HttpResult flags = Http.get(flagsUrl, Map.of());
            assertThat(flags.json().get("magic_link").asBoolean()).as(flags.toString()).isTrue();
            assertThat(flags.json().get("email_otp").asBoolean()).as(flags.toString()).isTrue();
            assertThat(realm.client("auth-service").getAttributes())
                    .containsEntry("platform-auth.email-otp.length", "8");
        } finally {
            realm.resource().components().component(id).remove();
        }
        assertThat(Http.get(flagsUrl, Map.of()).json().get("magic_link").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("given an auth-service record with the auth-token lifetime and the refresh grace period when saved then "
            + "Keycloak's per-client lifespan and the grace attribute follow, and sign-ins get tokens of that lifetime")
    void tokenLifetimes() {
        String id = save(record("auth-service", Map.of("accessTokenLifespan", "7200", "refreshGracePeriod", "600")));
        try {
            assertThat(realm.client("auth-service").getAttributes())
                    .containsEntry("access.token.lifespan", "7200")
                    .containsEntry("platform-auth.refresh.grace-period", "600");
            String username = "lifespan-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            realm.createUser(username, username + "@example.test", "Secret-" + username);
            HttpResult login = Http.postForm(realm.url() + "/auth-service/api/v2/login/access-token",
                    Map.of("username", username, "password", "Secret-" + username), Map.of());
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            assertThat(login.json().get("expires_in").asInt()).isBetween(7190, 7200);
        } finally {
            realm.resource().components().component(id).remove();
        }
        assertThat(realm.client("auth-service").getAttributes())
                .doesNotContainKeys("access.token.lifespan", "platform-auth.refresh.grace-period");
    }

    @Test
    @DisplayName("given out-of-range numbers, a short Okta secret or a non-http reset page when saved then Keycloak refuses the record")
    void badValues() {
        assertThat(saveStatus(record("sentinel", Map.of("loginAsLifetime", "99999")))).isEqualTo(400);
        assertThat(saveStatus(record("auth-service", Map.of("accessTokenLifespan", "0")))).isEqualTo(400);
        assertThat(saveStatus(record("sentinel", Map.of("refreshGracePeriod", "2592001")))).isEqualTo(400);
        assertThat(saveStatus(record("sentinel", Map.of("passwordResetLifetime", "soon")))).isEqualTo(400);
        assertThat(saveStatus(record("auth-service", Map.of("emailOtpLength", "4")))).isEqualTo(400);
        assertThat(saveStatus(record("auth-service", Map.of("magicLinkLifetime", "601")))).isEqualTo(400);
        assertThat(saveStatus(record("sentinel", Map.of("oktaHookSecret", "short")))).isEqualTo(400);
        assertThat(saveStatus(record("sentinel", Map.of("passwordResetUrl", "javascript:alert(1)")))).isEqualTo(400);
        assertThat(saveStatus(record("sentinel", Map.of("loginAsLifetime", "600")))).isEqualTo(201);
    }
}
