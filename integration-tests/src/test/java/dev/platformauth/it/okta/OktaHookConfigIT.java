package dev.platformauth.it.okta;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.OktaHookRequests;
import dev.platformauth.it.support.SentinelRealm;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Okta token hook's secret, its configured header and claims, and its refusals of bad bodies. */
class OktaHookConfigIT extends OktaHookFixture {

    @Test
    @DisplayName("given a wrong, missing, repeated or decorated secret when Okta calls then 401 invalid_client")
    void wrongSecret() {
        Account account = account(true);
        String body = OktaHookRequests.tokensTransform(oktaUserId(), account.email());
        assertError(hook(body, Map.of()), 401, "invalid_client");
        assertError(hook(body, Map.of("Authorization", "wrong-secret-0123456789")), 401, "invalid_client");
        assertError(hook(body, Map.of("Authorization", "Bearer " + HOOK_SECRET)), 401, "invalid_client");
        assertError(hook(body, Map.of("Authorization", HOOK_SECRET.substring(1))), 401, "invalid_client");
        // the secret is checked before the body is read
        assertError(hook("not json", Map.of("Authorization", "wrong")), 401, "invalid_client");
    }

    @Test
    @DisplayName("given a configured header name when Okta calls then only that header counts")
    void configuredHeader() {
        Account account = account(true);
        String body = OktaHookRequests.tokensTransform(oktaUserId(), account.email());
        realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.header", "X-Okta-Hook-Secret"));
        try {
            assertError(hook(body), 401, "invalid_client");
            HttpResult result = hook(body, Map.of("X-Okta-Hook-Secret", HOOK_SECRET));
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(result.json().get("commands")).hasSize(2);
        } finally {
            realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.header", ""));
        }
    }

    @Test
    @DisplayName("given configured claims and tokens when Okta calls then only those are added")
    void configuredClaims() {
        Account account = account(true);
        realm.updateClient(SentinelRealm.CLIENT, client -> {
            client.getAttributes().put("platform-auth.okta-hook.claims", "roles");
            client.getAttributes().put("platform-auth.okta-hook.tokens", "access");
        });
        try {
            HttpResult result = hook(OktaHookRequests.tokensTransform(oktaUserId(), account.email()));
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            assertThat(result.json().get("commands")).hasSize(1);
            assertThat(added(result.json(), "com.okta.access.patch")).containsOnlyKeys("roles");
        } finally {
            realm.updateClient(SentinelRealm.CLIENT, client -> {
                client.getAttributes().put("platform-auth.okta-hook.claims", "");
                client.getAttributes().put("platform-auth.okta-hook.tokens", "");
            });
        }
    }

    @Test
    @DisplayName("given malformed bodies when Okta calls then 400, 413 or 415")
    void badBodies() {
        assertError(hook("not json"), 400, "invalid_request");
        assertError(hook("[]"), 400, "invalid_request");
        assertError(hook("{\"eventType\":\"com.okta.oauth2.tokens.transform\"}"), 400, "invalid_request");
        assertError(hook("{\"eventType\":\"com.okta.import.transform\",\"data\":{}}"), 400, "invalid_request");
        assertError(hook("{\"data\":{\"pad\":\"" + "x".repeat(70_000) + "\"}}"), 413, "request_too_large");
        assertError(Http.postForm(url("/enrichToken"), Map.of("data", "x"), Map.of("Authorization", HOOK_SECRET)),
                415, "unsupported_media_type");
    }

    @Test
    @DisplayName("given no secret configured when Okta calls then 503 not_configured")
    void noSecret() {
        Account account = account(true);
        String body = OktaHookRequests.tokensTransform(oktaUserId(), account.email());
        realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.secret", ""));
        try {
            assertError(hook(body), 503, "not_configured");
            realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.secret", "too-short"));
            assertError(hook(body, Map.of("Authorization", "too-short")), 503, "not_configured");
        } finally {
            realm.updateClient(SentinelRealm.CLIENT, client -> client.getAttributes().put("platform-auth.okta-hook.secret", HOOK_SECRET));
        }
        assertThat(hook(body).status()).isEqualTo(200);
    }
}
