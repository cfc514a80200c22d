package dev.platformauth.it.support.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** The "check your mail" page of the magic-link login and the link's landing page that confirms the sign-in. */
public final class MagicLinkPages {

    private MagicLinkPages() {
    }

    /** "A link was sent to a***@example.test". */
    public static final class Sent extends LoginPage {

        private static final By SENT = By.id("kc-platform-auth-magic-link-sent");

        public Sent(Chromium browser) {
            super(browser, SENT);
        }

        public String sentTo() {
            return browser.visible(SENT).getText().strip();
        }
    }

    /** The landing page of a mailed link: opening it spends nothing, its button signs in. */
    public static final class Confirm extends LoginPage {

        private static final By ACCOUNT = By.id("kc-platform-auth-magic-link-account");
        private static final By SUBMIT = By.cssSelector("#kc-platform-auth-magic-link-form #kc-login");

        public Confirm(Chromium browser) {
            super(browser, By.id("kc-platform-auth-magic-link-form"));
        }

        /** The line naming the account the link signs into; empty when the page names none. */
        public String account() {
            return browser.present(ACCOUNT) ? browser.visible(ACCOUNT).getText().strip() : "";
        }

        /** Tabs to the sign-in button and presses Enter, keyboard only. */
        public void confirmByKeyboard() {
            browser.tabTo(SUBMIT);
            browser.press(Keys.ENTER);
        }
    }
}
