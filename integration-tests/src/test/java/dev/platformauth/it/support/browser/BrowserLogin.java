package dev.platformauth.it.support.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import java.util.function.Consumer;

import org.keycloak.representations.idm.RealmRepresentation;

import com.fasterxml.jackson.databind.JsonNode;

import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.TestRealm;

/**
 * One login of the {@value TestRealm#AUTH_CLIENT} app in {@link Chromium}: the authorization request
 * (PKCE, optional {@code ui_locales}) opened in the browser, and at the end the code read off the
 * app's address and exchanged for the tokens.
 */
public final class BrowserLogin {

    private final Chromium browser;
    private final ClientApp app;
    private final AuthorizationCodeFlow flow;

    private BrowserLogin(Chromium browser, ClientApp app, AuthorizationCodeFlow flow) {
        this.browser = browser;
        this.app = app;
        this.flow = flow;
    }

    /**
     * The realm settings of the browser tests: English and German (default English) and a fixed
     * display name, so the pages (and their screenshots) do not show the generated realm name.
     */
    public static Consumer<RealmRepresentation> englishAndGerman() {
        return realm -> {
            realm.setInternationalizationEnabled(true);
            realm.setSupportedLocales(Set.of("en", "de"));
            realm.setDefaultLocale("en");
            realm.setDisplayName("Example Platform");
            realm.setDisplayNameHtml("Example Platform");
        };
    }

    /** Opens the login of {@code realm} in {@code browser}; {@code uiLocales} null: the browser's language. */
    public static BrowserLogin start(Chromium browser, KeycloakServer keycloak, TestRealm realm, ClientApp app, String uiLocales) {
        AuthorizationCodeFlow flow = new BrowserSession(keycloak).authorizationCodeFlow(realm, app.redirectUri());
        browser.open(flow.authorizationUrl() + (uiLocales == null ? "" : "&ui_locales=" + uiLocales));
        return new BrowserLogin(browser, app, flow);
    }

    /** Waits until {@code in} (this browser or another one) is back at the app and returns the redirect address. */
    public URI awaitApp(Chromium in) {
        in.awaitUrl(app.redirectUri());
        return URI.create(in.url());
    }

    /** Waits for the app's page in this browser, exchanges the code and returns the token response. */
    public JsonNode tokens() {
        return tokens(browser);
    }

    /** As {@link #tokens()}, with the code that arrived in {@code in} (the link was opened there). */
    public JsonNode tokens(Chromium in) {
        HttpResult response = flow.exchange(flow.code(awaitApp(in)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** Waits for the app's page in {@code in}, exchanges the code and returns the platform token (not blank). */
    public String platformToken(Chromium in) {
        String token = tokens(in).path("platform_access_token").asText();
        assertThat(token).as("platform_access_token").isNotBlank();
        return token;
    }

    /** Waits for the app's page and returns the {@code error} the login ended with. */
    public String error() {
        return AuthorizationCodeFlow.query(awaitApp(browser)).get("error");
    }
}
