package dev.platformauth.it.support.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * A Keycloak login page in {@link Chromium}: the title, the page message, field errors, "Try another
 * way", the language selector, and the checks every one of our pages passes (no serious or critical
 * accessibility violation, nothing in the browser console).
 */
public class LoginPage {

    /**
     * Keycloak's own markup that our templates do not render and cannot change, left out of the
     * accessibility check: the read-only "attempted username" field that the keycloak.v2 layout
     * shows once the user is known (its label points at {@code username}, the field's id is
     * {@code kc-attempted-username}).
     */
    static final List<String> KEYCLOAK_MARKUP = List.of("#kc-attempted-username");

    private static final By TITLE = By.id("kc-page-title");
    private static final By MESSAGE = By.cssSelector(".kc-feedback-text");
    private static final By TRY_ANOTHER_WAY = By.id("try-another-way");
    private static final By LANGUAGE = By.id("login-select-toggle");
    /** The realm's name and the card under it: what a screenshot of a login page shows. */
    public static final By LOGIN_CARD = By.cssSelector(".pf-v5-c-login__container");
    private static final By WAY = By.cssSelector("div[role=button] h2");

    protected final Chromium browser;

    /** Waits for {@code marker}, an element only this page has. */
    public LoginPage(Chromium browser, By marker) {
        this.browser = browser;
        browser.visible(marker);
    }

    /** Keycloak's username and password form, filled in and sent by keyboard. */
    public static void signInWithPassword(Chromium browser, String username, String password) {
        new LoginPage(browser, By.id("kc-form-login"));
        browser.type(By.id("username"), username);
        browser.type(By.id("password"), password);
        browser.press(Keys.ENTER);
    }

    public Chromium browser() {
        return browser;
    }

    public String title() {
        return browser.visible(TITLE).getText().strip();
    }

    /** The page message (error, warning, info) shown above the form. */
    public String message() {
        return browser.visible(MESSAGE).getText().strip();
    }

    /**
     * The error shown under {@code field}: visible, not blank, and announced (the field says
     * {@code aria-invalid="true"} and the message sits in a live region).
     */
    public String fieldError(String field) {
        WebElement error = browser.visible(By.id("input-error-" + field));
        assertThat(browser.driver().findElement(By.id(field)).getAttribute("aria-invalid")).as("aria-invalid of " + field).isEqualTo("true");
        assertThat(error.findElement(By.xpath("..")).getAttribute("aria-live")).as("live region of the " + field + " error").isEqualTo("polite");
        String text = error.getText().strip();
        assertThat(text).as("error text of " + field).isNotBlank();
        return text;
    }

    /**
     * The error the page shows for {@code field}: the field's own error when there is one (see
     * {@link #fieldError(String)}), else the page message above the form.
     */
    public String error(String field) {
        return browser.present(By.id("input-error-" + field)) ? fieldError(field) : message();
    }

    /**
     * Follows "Try another way" and returns the headings of the ways Keycloak lists (its
     * select-authenticator page).
     */
    public List<String> tryAnotherWay() {
        browser.click(TRY_ANOTHER_WAY);
        browser.visible(WAY);
        return browser.driver().findElements(By.cssSelector("div[role=button] h2")).stream()
                .map(heading -> heading.getText().strip()).toList();
    }

    /** On Keycloak's "select login method" page: picks the way whose heading is {@code heading}. */
    public static void chooseWay(Chromium browser, String heading) {
        browser.click(By.xpath("//div[@role='button'][.//h2[normalize-space()='" + heading + "']]"));
    }

    /** Switches the page's language with Keycloak's selector, e.g. to "de". */
    public void chooseLanguage(String languageTag) {
        WebElement select = browser.visible(LANGUAGE);
        select.findElement(By.cssSelector("option[value*='kc_locale=" + languageTag + "']")).click();
    }

    /**
     * The checks every page of ours passes: no serious or critical axe-core violation, nothing in the
     * browser console; with {@code -Dscreenshots=true} it is also saved as {@code docs/images/<name>.png}.
     */
    public void assertClean(String screenshotName) {
        assertThat(browser.accessibilityViolations(KEYCLOAK_MARKUP.toArray(String[]::new)))
                .as("serious or critical accessibility violations on " + browser.where()).isEmpty();
        assertThat(browser.consoleErrors()).as("browser console errors on " + browser.where()).isEmpty();
        if (screenshotName != null) {
            browser.screenshot(screenshotName, LOGIN_CARD);
        }
    }
}
