package dev.platformauth.it.support.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** The terms page of the terms required action: the version, a link to the terms, accept and decline. */
public final class TermsPage extends LoginPage {

    public static final By ACCEPT = By.id("kc-platform-auth-terms-accept");
    public static final By DECLINE = By.id("kc-platform-auth-terms-decline");
    private static final By INTRO = By.id("kc-platform-auth-terms-intro");
    private static final By LINK = By.id("kc-platform-auth-terms-link");

    public TermsPage(Chromium browser) {
        super(browser, By.id("kc-platform-auth-terms-form"));
    }

    /** "Please accept version 2025-01 of the terms ...". */
    public String intro() {
        return browser.visible(INTRO).getText().strip();
    }

    public String termsLink() {
        return browser.visible(LINK).getAttribute("href");
    }

    /** Tabs to {@code button} ({@link #ACCEPT} or {@link #DECLINE}) and presses Enter, keyboard only. */
    public void chooseByKeyboard(By button) {
        browser.tabTo(button);
        browser.press(Keys.ENTER);
    }
}
