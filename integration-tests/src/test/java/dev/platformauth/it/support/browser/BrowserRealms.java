package dev.platformauth.it.support.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.keycloak.representations.idm.RealmRepresentation;

import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;

/**
 * The realms of one browser test class and the app their logins return to: each realm in English
 * and German with a fixed display name ({@link BrowserLogin#englishAndGerman()}), the app's address
 * a redirect URI of {@value TestRealm#AUTH_CLIENT}; {@link #close()} deletes the realms and stops the app.
 */
public final class BrowserRealms implements AutoCloseable {

    private final KeycloakServer keycloak;
    private final MailServer mail;
    private final ClientApp app = ClientApp.start();
    private final List<TestRealm> realms = new ArrayList<>();

    public BrowserRealms(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
    }

    /** A new realm with {@code customization} (e.g. its browser flow). */
    public TestRealm create(String prefix, Consumer<RealmRepresentation> customization) {
        return adopt(TestRealm.builder(keycloak, mail, prefix)
                .customize(customization)
                .customize(BrowserLogin.englishAndGerman())
                .create());
    }

    /** Takes a realm made by another fixture: sets the languages and the app's redirect URI, deletes it at the end. */
    public TestRealm adopt(TestRealm realm) {
        realms.add(realm);
        realm.update(BrowserLogin.englishAndGerman());
        app.registerWith(realm, TestRealm.AUTH_CLIENT);
        return realm;
    }

    /** Opens a login of {@code realm} in {@code browser}; {@code uiLocales} null: the browser's language. */
    public BrowserLogin login(Chromium browser, TestRealm realm, String uiLocales) {
        return BrowserLogin.start(browser, keycloak, realm, app, uiLocales);
    }

    @Override
    public void close() {
        try {
            realms.forEach(TestRealm::close);
        } finally {
            app.close();
        }
    }
}
