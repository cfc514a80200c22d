package dev.platformauth.it.support.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** The landing page of a mailed password-reset link: new password, confirmation; then "done" or "invalid link". */
public final class PasswordResetPage extends LoginPage {

    public static final By PASSWORD = By.id("password");
    public static final By CONFIRM = By.id("password-confirm");
    public static final By DONE = By.id("kc-platform-auth-reset-done");
    public static final By INVALID = By.id("kc-platform-auth-reset-invalid");
    private static final By ACCOUNT = By.id("kc-platform-auth-reset-account");

    /** Waits for the form, the "done" or the "invalid link" state. */
    public PasswordResetPage(Chromium browser) {
        super(browser, By.cssSelector("#kc-platform-auth-reset-form, #kc-platform-auth-reset-done, #kc-platform-auth-reset-invalid"));
    }

    /** "Choose a new password for <username>". */
    public String account() {
        return browser.visible(ACCOUNT).getText().strip();
    }

    /** Types the password into both fields, moving with Tab, and presses Enter: keyboard only. */
    public void submitByKeyboard(String password, String confirmation) {
        browser.type(PASSWORD, password);
        browser.tabTo(CONFIRM);
        browser.press(confirmation);
        browser.press(Keys.ENTER);
    }
}
