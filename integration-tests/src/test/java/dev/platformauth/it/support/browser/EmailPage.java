package dev.platformauth.it.support.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** The first step of the email code, magic link and email OTP logins: the address the code or link goes to. */
public final class EmailPage extends LoginPage {

    public static final By EMAIL = By.id("email");

    public EmailPage(Chromium browser) {
        super(browser, By.id("kc-platform-auth-email-form"));
    }

    /** Types the address into the (autofocused) field and presses Enter, keyboard only. */
    public void submitByKeyboard(String email) {
        browser.type(EMAIL, email);
        browser.press(Keys.ENTER);
    }

    public void submit(String email) {
        browser.type(EMAIL, email);
        browser.click(By.id("kc-login"));
    }
}
