package dev.platformauth.it.support;

import java.util.Map;

import org.jsoup.nodes.Element;

/**
 * The forms of the product's own login pages (email code, email OTP, magic link, terms) as the non-browser
 * tests see them through a {@link BrowserSession}: the one place that knows their selectors. Each
 * action submits the form of the page it is given and returns the page that follows.
 */
public final class LoginForms {

    private static final String EMAIL_FORM = "form:has(input[name=email])";
    private static final String CODE_FORM = "form:has(input[name=code])";
    private static final String RESEND_FORM = "form:has(input[name=resend])";
    private static final String CONFIRM_FORM = "form:has(input[name=token])";
    private static final String TERMS_FORM = "#kc-platform-auth-terms-form";

    private LoginForms() {
    }

    /** Submits the address on the email page (email code, magic link, email OTP as first factor). */
    public static Page enterEmail(BrowserSession browser, Page emailPage, String email) {
        return browser.submit(emailPage, EMAIL_FORM, Map.of("email", email));
    }

    /** Submits a code on the code page (email code, email OTP). */
    public static Page enterCode(BrowserSession browser, Page codePage, String code) {
        return browser.submit(codePage, CODE_FORM, Map.of("code", code));
    }

    /** Asks for a new mail from the code page. */
    public static Page resend(BrowserSession browser, Page codePage) {
        return browser.submit(codePage, RESEND_FORM, Map.of());
    }

    /** Confirms the sign-in on the magic link's confirmation page. */
    public static Page confirm(BrowserSession browser, Page confirmationPage) {
        return browser.submit(confirmationPage, CONFIRM_FORM, Map.of());
    }

    /** The email form of {@code page}; fails with the page text when there is none. */
    public static Element emailForm(Page page) {
        return page.element(EMAIL_FORM);
    }

    /** The code form of {@code page}; fails with the page text when there is none. */
    public static Element codeForm(Page page) {
        return page.element(CODE_FORM);
    }

    /** The magic link's confirmation form of {@code page}; fails with the page text when there is none. */
    public static Element confirmationForm(Page page) {
        return page.element(CONFIRM_FORM);
    }

    /** Accepts the terms on the terms page. */
    public static Page acceptTerms(BrowserSession browser, Page termsPage) {
        return browser.submit(termsPage, TERMS_FORM, Map.of("accept", "true"));
    }

    /** Declines the terms on the terms page. */
    public static Page declineTerms(BrowserSession browser, Page termsPage) {
        return browser.submit(termsPage, TERMS_FORM, Map.of("decline", "true"));
    }

    /** The terms form of {@code page}; fails with the page text when there is none. */
    public static Element termsForm(Page page) {
        return page.element(TERMS_FORM);
    }

    public static boolean hasEmailForm(Page page) {
        return page.document().selectFirst(EMAIL_FORM) != null;
    }

    public static boolean hasConfirmationForm(Page page) {
        return page.document().selectFirst(CONFIRM_FORM) != null;
    }
}
