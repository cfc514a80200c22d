package dev.platformauth.it.support.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.platformauth.it.support.KeycloakServer;

/**
 * Keycloak's admin console (a React app) in {@link Chromium}, signed in as the bootstrap admin.
 * Elements are found by their {@code data-testid} (or another stable attribute) with explicit waits.
 */
public final class AdminConsole {

    private static final By ALERT = By.cssSelector("[data-testid=last-alert]");

    private final Chromium browser;
    private final KeycloakServer keycloak;

    private AdminConsole(Chromium browser, KeycloakServer keycloak) {
        this.browser = browser;
        this.keycloak = keycloak;
    }

    /** Opens the console and signs in with the admin's username and password. */
    public static AdminConsole signIn(Chromium browser, KeycloakServer keycloak, String username, String password) {
        browser.open(keycloak.baseUri() + "/admin/master/console/");
        browser.type(By.id("username"), username);
        browser.type(By.id("password"), password);
        browser.click(By.id("kc-login"));
        browser.visible(testId("nav-item-clients"));
        return new AdminConsole(browser, keycloak);
    }

    public Chromium browser() {
        return browser;
    }

    public static By testId(String id) {
        return By.cssSelector("[data-testid=\"" + id + "\"]");
    }

    /**
     * Loads the console afresh at {@code route} of {@code realm} (e.g. "authentication"). A full load,
     * not a change of the address's fragment: the React app reads its realm and the realm list only
     * when it starts, so a fragment change alone would leave it in the realm it was showing.
     */
    public void open(String realm, String route) {
        browser.open("about:blank");
        browser.open(keycloak.baseUri() + "/admin/master/console/#/" + realm + "/" + route);
        browser.visible(testId("nav-item-clients"));
        browser.awaitUrl(keycloak.baseUri() + "/admin/master/console/#/" + realm + "/");
        if (!realm.equals("master")) {
            // the realm selector names the realm the console shows: never click through another one
            browser.awaitText(By.xpath("//*[@data-testid='currentRealm']/.."), realm);
        }
    }

    public void click(String testId) {
        browser.click(testId(testId));
    }

    /** Replaces the text of the input with {@code testId} (inside an open dialog when there is one). */
    public void fill(String testId, String text) {
        browser.type(scoped(testId), text);
    }

    /** Turns the switch whose input has {@code testId} on or off. */
    public void setSwitch(String testId, boolean on) {
        WebElement input = browser.driver().findElement(scoped(testId));
        if (input.isSelected() != on) {
            browser.click(By.cssSelector("label[for=\"" + input.getAttribute("id") + "\"]"));
        }
    }

    /** Clicks the menu item or select option labelled {@code label}. */
    public void choose(String label) {
        browser.click(By.xpath("//*[@role='menuitem' or @role='option'][normalize-space()='" + label + "']"));
    }

    /** Waits for the newest alert that contains {@code text} and says whether it is a success. */
    public boolean alert(String text) {
        browser.awaitText(ALERT, text);
        return browser.visible(ALERT).getAttribute("class").contains("pf-m-success");
    }

    /** The newest alert's text, once one shows. */
    public String alertText() {
        return browser.visible(ALERT).getText().strip();
    }

    /** {@code [data-testid=...]}, inside the open dialog when one is open (fields repeat between page and dialog). */
    private By scoped(String testId) {
        boolean dialog = !browser.driver().findElements(By.cssSelector("[role=dialog]")).isEmpty();
        return By.cssSelector((dialog ? "[role=dialog] " : "") + "[data-testid=\"" + testId + "\"]");
    }
}
