package dev.platformauth.it.support.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** The code step of the email code and email OTP logins: where the code went, the code field and "Resend". */
public final class CodePage extends LoginPage {

    public static final By CODE = By.id("code");
    public static final By RESEND = By.id("kc-platform-auth-resend");
    private static final By SENT = By.id("kc-platform-auth-code-sent");

    public CodePage(Chromium browser) {
        super(browser, By.id("kc-platform-auth-code-form"));
    }

    /** "A code was sent to a***@example.test": the masked address only. */
    public String sentTo() {
        return browser.visible(SENT).getText().strip();
    }

    /** Types the code into the (autofocused) field and presses Enter, keyboard only. */
    public void submitByKeyboard(String code) {
        browser.type(CODE, code);
        browser.press(Keys.ENTER);
    }

    public void submit(String code) {
        browser.type(CODE, code);
        browser.click(By.id("kc-login"));
    }

    /** Tabs from the code field to "Resend" and presses Enter. */
    public void resendByKeyboard() {
        browser.visible(CODE).click();
        browser.tabTo(RESEND);
        browser.press(Keys.ENTER);
    }

    public String resendLabel() {
        return browser.visible(RESEND).getText().strip();
    }
}
