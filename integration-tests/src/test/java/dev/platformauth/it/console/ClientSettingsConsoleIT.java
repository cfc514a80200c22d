package dev.platformauth.it.console;

import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.TestRealm;
import dev.platformauth.it.support.browser.AdminConsole;
import dev.platformauth.it.support.browser.Chromium;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "platform-auth-client-settings" page of the admin console (a declarative-UI page: the test
 * Keycloak runs with {@code --features=declarative-ui}) in headless Chromium, as an admin uses it.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientSettingsConsoleIT {

    private static final String OTP_LENGTH = "platform-auth.email-otp.length";
    private static final String OTP_ENABLED = "platform-auth.email-otp.enabled";

    private TestRealm realm;
    private Chromium browser;
    private AdminConsole console;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.testRealm("console-settings");

    @BeforeAll
    void signIn(KeycloakServer keycloak) {
        realm = REALM.get();
        browser = Chromium.start();
        console = AdminConsole.signIn(browser, keycloak, "admin", "admin");
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    private Map<String, String> clientAttributes() {
        Map<String, String> attributes = realm.client(TestRealm.AUTH_CLIENT).getAttributes();
        return attributes == null ? Map.of() : attributes;
    }

    @Test
    @DisplayName("given the settings page when the admin creates a record for a client with an out-of-range value then "
            + "the error is shown and nothing changes; with a good value the client's attributes follow the record")
    void createRecord() {
        console.open(realm.name(), "page-section/platform-auth-client-settings");
        console.click("there-are-no-items-empty-action");
        browser.type(By.cssSelector("[id='config.client'] input[role=combobox]"), TestRealm.AUTH_CLIENT);
        console.choose(TestRealm.AUTH_CLIENT);
        console.setSwitch("emailOtpEnabled", true);
        console.fill("emailOtpLength", "99");
        console.click("save");
        assertThat(console.alert("Email-OTP length (digits) must be a whole number from 6 to 10"))
                .as(console.alertText()).isFalse();
        browser.screenshot("console-client-settings");
        assertThat(clientAttributes()).doesNotContainKey(OTP_LENGTH).doesNotContainKey(OTP_ENABLED);

        console.fill("emailOtpLength", "8");
        console.click("save");
        assertThat(console.alert("Saved successfully")).isTrue();
        assertThat(clientAttributes()).containsEntry(OTP_LENGTH, "8").containsEntry(OTP_ENABLED, "true");
    }
}
