package dev.platformauth.it.support.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (the system's {@code chromium} and {@code chromedriver}, driven by Selenium):
 * explicit waits, keyboard navigation, the browser console, screenshots and the accessibility check.
 *
 * <p>Where Chromium or its driver is missing the calling test is skipped (a JUnit assumption) with
 * the reason; {@code .ci/run} installs both, so CI always runs the browser tests. Paths can be moved
 * with {@code -Dchromium.binary} and {@code -Dchromedriver.binary}. With {@code -Dscreenshots=true},
 * {@link #screenshot(String)} writes PNGs to {@code docs/images/}.
 */
public final class Chromium implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(Long.getLong("browser.wait.seconds", 30));
    private static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    private static final int MAX_TABS = 40;

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private Chromium(ChromeDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** Starts a fresh browser (its own profile: no cookies) in {@code language} (e.g. "en", "de"). */
    public static Chromium start(String language) {
        Assumptions.assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
                "browser tests skipped: no Chromium at " + BINARY + " or no chromedriver at " + DRIVER
                        + " (Debian/Ubuntu: apt-get install chromium chromium-driver; .ci/run installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=" + language, "--no-first-run", "--disable-extensions",
                "--disable-search-engine-choice-screen", "--password-store=basic");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language,
                "credentials_enable_service", false, "profile.password_manager_enabled", false));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Chromium(new ChromeDriver(service, options));
    }

    public static Chromium start() {
        return start("en");
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /** The address without its query (links carry tokens and codes): for messages and reports. */
    public String where() {
        return withoutQueries(url());
    }

    private static String withoutQueries(String text) {
        return text.replaceAll("\\?[^\\s\"]*", "?…");
    }

    /** Waits until an element matching {@code selector} is visible and returns it. */
    public WebElement visible(By selector) {
        return wait.withMessage(() -> "no visible " + selector + " on " + where() + "\n" + bodyText())
                .until(ExpectedConditions.visibilityOfElementLocated(selector));
    }

    /** Waits until an element matching {@code selector} can be clicked and clicks it. */
    public void click(By selector) {
        wait.withMessage(() -> "no clickable " + selector + " on " + where())
                .until(ExpectedConditions.elementToBeClickable(selector)).click();
    }

    /** Clears the visible field {@code selector} and types {@code text} into it. */
    public void type(By selector, String text) {
        WebElement field = visible(selector);
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        field.sendKeys(text);
    }

    /** Waits until the address starts with {@code prefix}. */
    public void awaitUrl(String prefix) {
        wait.withMessage(() -> "the browser did not reach " + withoutQueries(prefix) + "; it is at " + where() + "\n" + bodyText())
                .until(driver -> driver.getCurrentUrl().startsWith(prefix));
    }

    /** Waits until {@code selector} shows text containing {@code text}. */
    public void awaitText(By selector, String text) {
        wait.withMessage(() -> "no " + selector + " with '" + text + "' on " + url() + "\n" + bodyText())
                .until(ExpectedConditions.textToBePresentInElementLocated(selector, text));
    }

    public void awaitGone(By selector) {
        wait.withMessage(() -> selector + " still shown on " + where())
                .until(ExpectedConditions.invisibilityOfElementLocated(selector));
    }

    /** Scrolls the visible {@code selector} to the middle of the window (for a screenshot of it). */
    public void scrollTo(By selector) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", visible(selector));
    }

    public boolean present(By selector) {
        return !driver.findElements(selector).isEmpty();
    }

    public String bodyText() {
        List<WebElement> body = driver.findElements(By.tagName("body"));
        return body.isEmpty() ? "" : body.get(0).getText();
    }

    // ---------------------------------------------------------------- keyboard

    /** The element that has the keyboard focus. */
    public WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Presses keys on the focused element, as a keyboard user does. */
    public void press(CharSequence... keys) {
        focused().sendKeys(keys);
    }

    /**
     * Tabs forward from the current focus until {@code target} has it; fails when it is not reached
     * within a reasonable number of steps (not keyboard-reachable).
     */
    public WebElement tabTo(By target) {
        WebElement wanted = visible(target);
        for (int i = 0; i < MAX_TABS; i++) {
            if (wanted.equals(focused())) {
                return wanted;
            }
            new org.openqa.selenium.interactions.Actions(driver).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError(target + " is not reachable with the Tab key on " + where());
    }

    // ---------------------------------------------------------------- console

    /**
     * Browser console messages of level SEVERE since the last call: script errors, CSP violations,
     * resources that failed to load. The page's own HTTP status is not one of them: a form that
     * refuses its input answers 400 on purpose (the tests assert the status where it matters), and
     * Chromium reports that as a failed load of the document itself.
     */
    public List<String> consoleErrors() {
        String page = url().replaceFirst("[?#].*$", "");
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            int failed = message.indexOf(" - Failed to load resource: the server responded with a status of 4");
            boolean documentStatus = failed > 0 && message.substring(0, failed).replaceFirst("[?#].*$", "").equals(page);
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !documentStatus) {
                errors.add(withoutQueries(message));
            }
        }
        return errors;
    }

    // ---------------------------------------------------------------- screenshots

    /** With {@code -Dscreenshots=true}: the viewport as {@code docs/images/<name>.png}; otherwise nothing. */
    public void screenshot(String name) {
        screenshot(name, null);
    }

    /** As {@link #screenshot(String)}, of the first element matching {@code part} only (the viewport when none does). */
    public void screenshot(String name, By part) {
        if (!Boolean.getBoolean("screenshots")) {
            return;
        }
        Path images = Path.of(System.getProperty("project.root", "..")).resolve("docs/images");
        List<WebElement> parts = part == null ? List.of() : driver.findElements(part);
        try {
            Files.createDirectories(images);
            byte[] png = parts.isEmpty() ? driver.getScreenshotAs(OutputType.BYTES) : parts.get(0).getScreenshotAs(OutputType.BYTES);
            Files.write(images.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write screenshot " + name, e);
        }
    }

    // ---------------------------------------------------------------- accessibility

    /**
     * Runs axe-core on the page (WCAG 2.x A and AA rules and best practices) and returns the serious
     * and critical violations as "rule: target" lines; nodes under {@code excluded} CSS selectors are
     * left out (markup of Keycloak's own theme that our templates do not render).
     */
    @SuppressWarnings("unchecked")
    public List<String> accessibilityViolations(String... excluded) {
        driver.executeScript(AXE_SOURCE);
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const exclude = arguments[0].map(selector => [selector]);
                axe.run({exclude: exclude}, {resultTypes: ['violations']})
                   .then(results => done(results.violations
                        .filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .flatMap(v => v.nodes.map(n => v.id + ' (' + v.impact + '): ' + n.target.join(' ') + ' ' + n.failureSummary))))
                   .catch(e => done(['axe failed: ' + e]));
                """, List.of(excluded));
        return (List<String>) result;
    }

    private static final String AXE_SOURCE = readAxe();

    private static String readAxe() {
        try (InputStream in = Chromium.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test class path (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's {@code lang} attribute, e.g. "de". */
    public String language() {
        return String.valueOf(driver.executeScript("return document.documentElement.lang")).toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
