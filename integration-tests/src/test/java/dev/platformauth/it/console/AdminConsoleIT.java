package dev.platformauth.it.console;

import static dev.platformauth.it.support.browser.AdminConsole.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.NotFoundException;

import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import dev.platformauth.it.support.browser.AdminConsole;
import dev.platformauth.it.support.browser.Chromium;

/**
 * The product as an operator configures it: Keycloak's admin console in headless Chromium, signed
 * in as the admin. Each scenario clicks through the console and then checks what was stored (or
 * what a token carries) through the admin REST API or the token endpoint.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminConsoleIT {

    private static final String TERMS_ACTION = "Platform terms and conditions";

    private KeycloakServer keycloak;
    private MailServer mail;
    private Chromium browser;
    private AdminConsole console;
    private TestRealm realm;

    @BeforeAll
    void signIn(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        browser = Chromium.start();
        console = AdminConsole.signIn(browser, keycloak, "admin", "admin");
    }

    @AfterEach
    void deleteRealm() {
        if (realm != null) {
            realm.close();
            realm = null;
        }
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @DisplayName("given the bundle is installed when the admin opens Provider info then our authenticators, required "
            + "action, mappers, REST resources and admin page are listed")
    void providerInfo() {
        console.open("master", "providers");
        browser.awaitText(By.tagName("table"), "platform-auth-exchange-code");
        String providers = browser.visible(By.tagName("table")).getText();
        assertThat(providers).contains("platform-auth-exchange-code", "platform-auth-magic-link", "platform-auth-email-otp",
                "platform-auth-terms", "platform-auth-platform-token-mapper", "platform-auth-terms-version-mapper", "auth-service",
                "sentinel", "entities", "platform-auth-client-settings", "platform-auth-entity-tokens");
        browser.type(By.cssSelector("[data-testid=table-search-input] input"), "authenticator");
        browser.press(Keys.ENTER);
        browser.awaitGone(By.xpath("//table//td[normalize-space()='actionTokenHandler']"));
        browser.screenshot("console-provider-info");
    }

    @Test
    @DisplayName("given a client without the platform-token mapper when the admin adds it through the mapper dialog "
            + "then the client's token response carries a platform token for the audience entered")
    void platformTokenMapper() {
        realm = TestRealm.builder(keycloak, mail, "console-mapper").withoutPlatformMapper().create();
        String username = "m" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Secret-" + username;
        realm.createUser(username, username + "@example.test", password);
        assertThat(passwordGrant(username, password).has("platform_access_token")).isFalse();

        console.open(realm.name(), "clients/" + realm.client(TestRealm.AUTH_CLIENT).getId() + "/clientScopes/dedicated");
        console.click("configure-a-new-mapper-empty-action");
        By platformToken = By.cssSelector("[role=dialog] li#platform-auth-platform-token-mapper");
        browser.scrollTo(platformToken);
        browser.screenshot("console-mapper-dialog");
        browser.click(platformToken);
        browser.awaitGone(By.cssSelector("[role=dialog]"));

        console.fill("name", "platform token");
        console.fill("platform-auth.token.audience", "orders-api");
        console.fill("platform-auth.token.lifetime", "600");
        browser.screenshot("console-platform-token-mapper");
        console.click("save");
        assertThat(console.alert("Mapping successfully created")).isTrue();

        JsonNode tokens = passwordGrant(username, password);
        JsonNode platform = Jwt.payload(tokens.get("platform_access_token").asText());
        assertThat(platform.get("aud").toString()).contains("orders-api");
        assertThat(platform.get("exp").asLong() - platform.get("iat").asLong()).isEqualTo(600);
        assertThat(tokens.get("platform_expires_in").asLong()).isBetween(590L, 600L);
    }

    @Test
    @DisplayName("given a copy of the browser flow when the admin adds the Email code step, configures it and makes "
            + "it an alternative then the flow holds the step with that configuration")
    void emailCodeStep() {
        realm = TestRealm.builder(keycloak, mail, "console-flow").withoutPlatformMapper().create();
        String flow = "email code browser";
        console.open(realm.name(), "authentication");
        browser.click(By.xpath("//tr[.//a[normalize-space()='browser']]//button[@aria-label='Kebab toggle']"));
        console.choose("Duplicate");
        console.fill("alias", flow);
        console.click("confirm");
        browser.visible(testId("addStep"));

        console.click(flow + " forms-edit-dropdown");
        console.choose("Add execution");
        browser.type(By.cssSelector("[role=dialog] input[aria-label=Search]"), "Email code");
        browser.press(Keys.ENTER);
        browser.click(By.cssSelector("[role=dialog] input#platform-auth-exchange-code"));
        browser.click(By.id("modal-add"));
        browser.visible(testId("Email code"));

        String row = "//*[@data-testid='Email code']/ancestor::*[self::tr or @role='row'][1]";
        browser.click(By.xpath(row + "//button[@aria-label='Settings']"));
        console.fill("alias", "email-code-settings");
        console.fill("platform-auth.code.lifetime", "300");
        console.fill("platform-auth.code.resend-interval", "30");
        browser.screenshot("console-email-code-settings");
        console.click("save");
        assertThat(console.alert("Successfully saved the config")).isTrue();

        browser.click(By.xpath(row + "//*[contains(@class,'requirement-dropdown')]"));
        console.choose("Alternative");
        assertThat(console.alert("Flow successfully updated")).isTrue();

        AuthenticationExecutionInfoRepresentation step = realm.resource().flows().getExecutions(flow + " forms").stream()
                .filter(execution -> "platform-auth-exchange-code".equals(execution.getProviderId()))
                .findFirst().orElseThrow();
        assertThat(step.getRequirement()).isEqualTo("ALTERNATIVE");
        assertThat(realm.resource().flows().getAuthenticatorConfig(step.getAuthenticationConfig()).getConfig())
                .containsEntry("platform-auth.code.lifetime", "300")
                .containsEntry("platform-auth.code.resend-interval", "30");
    }

    @Test
    @DisplayName("given the terms required action when the admin enables it and saves a script URL then the console "
            + "shows Keycloak's refusal; a version, an https URL and a German URL are saved")
    void termsRequiredAction() {
        realm = TestRealm.builder(keycloak, mail, "console-terms").withoutPlatformMapper().create();
        console.open(realm.name(), "authentication");
        console.click("requiredActions");
        String slug = TERMS_ACTION.replace(' ', '-');
        browser.click(By.cssSelector("label[for='enable-" + slug + "']"));
        assertThat(console.alert("Updated required action successfully")).isTrue();
        browser.click(By.xpath("//tr[@id='" + TERMS_ACTION + "']//button[@aria-label='Settings']"));

        console.fill("platform-auth.terms.version", "2026-01");
        console.fill("platform-auth.terms.url", "javascript:alert(1)");
        console.click("save");
        assertThat(console.alert("invalid URL")).as(console.alertText()).isFalse();
        assertThat(termsConfig()).isEmpty();

        console.fill("platform-auth.terms.url", "https://example.test/terms");
        console.click("platform-auth.terms.url.locales-add-row");
        browser.type(By.cssSelector("[role=dialog] [data-testid*='terms'][data-testid$='url\uD83C\uDF7Alocales.0.key']"), "de");
        browser.type(By.cssSelector("[role=dialog] [data-testid*='terms'][data-testid$='url\uD83C\uDF7Alocales.0.value']"),
                "https://example.test/de/terms");
        browser.screenshot("console-terms-settings");
        console.click("save");
        assertThat(console.alert("Successfully saved the config")).isTrue();

        assertThat(termsConfig())
                .containsEntry("platform-auth.terms.version", "2026-01")
                .containsEntry("platform-auth.terms.url", "https://example.test/terms")
                .containsEntry("platform-auth.terms.url.locales", "[{\"key\":\"de\",\"value\":\"https://example.test/de/terms\"}]");
        assertThat(realm.resource().flows().getRequiredAction("platform-auth-terms").isEnabled()).isTrue();
    }

    /** The terms required action's stored config; empty when none was saved (the admin API answers 404). */
    private Map<String, String> termsConfig() {
        try {
            Map<String, String> config = realm.resource().flows().getRequiredActionConfig("platform-auth-terms").getConfig();
            return config == null ? Map.of() : config;
        } catch (NotFoundException none) {
            return Map.of();
        }
    }

    /** The token response of a password grant of {@value TestRealm#AUTH_CLIENT} (200 asserted). */
    private JsonNode passwordGrant(String username, String password) {
        HttpResult result = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "password",
                "client_id", TestRealm.AUTH_CLIENT, "username", username, "password", password, "scope", "openid"), Map.of());
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json();
    }
}
