package io.iobind.example;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One headless Chromium (Debian's {@code chromium}, driven by Debian's {@code chromedriver}; both paths given,
 * so Selenium never looks for or downloads a browser or driver) with a fresh profile, and what the tests read
 * and do on the "Done." page.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** One row of the list as the page shows it. */
    record Row(String title, boolean completed) {
    }

    /**
     * Selenium looks for a DevTools binding matching Chromium's version on every start and warns when it has none;
     * these tests use WebDriver only, so that warning says nothing. (Held here: java.util.logging keeps loggers
     * weakly.)
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    final String name;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(String name, ChromeDriverService service, ChromeDriver driver) {
        this.name = name;
        this.service = service;
        this.driver = driver;
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Skips the calling test class (one line naming the packages) without the browser, or fails it under CI=true. */
    static void installedOrSkip(String testName) {
        if (installed()) {
            return;
        }
        String why = testName + " needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                + "): apt-get install -y chromium chromium-driver";
        if ("true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.fail("CI=true and the browser is missing: " + why);
        }
        System.out.println("Skipping " + why);
        org.junit.jupiter.api.Assumptions.abort(why);
    }

    static Browser open(String name, Path profile, int width, int height) throws IOException {
        Files.createDirectories(profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(TIMEOUT).scriptTimeout(TIMEOUT);
        return new Browser(name, service, driver);
    }

    void load(URI page) {
        driver.get(page.toString());
        awaitConnected();
    }

    void reload() {
        driver.navigate().refresh();
        awaitConnected();
    }

    void awaitConnected() {
        await("connected", driver -> "connected".equals(status()));
    }

    String status() {
        return driver.findElement(By.cssSelector(".status")).getAttribute("data-state");
    }

    /** The rows in the list, in order, without rows on their way out. */
    @SuppressWarnings("unchecked")
    List<Row> rows() {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) script(
                "return Array.from(document.querySelectorAll('.todo-list > li.todo:not(.is-leaving)')).map(li => ({"
                        + "title: li.querySelector('.todo-title').textContent,"
                        + "completed: li.classList.contains('is-completed')}));");
        return rows.stream().map(row -> new Row((String) row.get("title"), (Boolean) row.get("completed"))).toList();
    }

    List<String> titles() {
        return rows().stream().map(Row::title).toList();
    }

    /** How many {@code <li>} the list has, rows being animated away included. */
    long rowsInTheDocument(String title) {
        return (Long) script("return Array.from(document.querySelectorAll('.todo-list > li'))"
                + ".filter(li => li.querySelector('.todo-title').textContent === arguments[0]).length;", title);
    }

    /** Types a title and presses Add, as a person would. */
    void add(String title) {
        WebElement input = driver.findElement(By.cssSelector(".new-todo-title"));
        input.clear();
        input.sendKeys(title);
        driver.findElement(By.cssSelector(".new-todo-add")).click();
    }

    String newTitleText() {
        return driver.findElement(By.cssSelector(".new-todo-title")).getDomProperty("value");
    }

    void toggle(String title) {
        row(title).findElement(By.cssSelector(".todo-toggle")).click();
    }

    void delete(String title) {
        WebElement button = row(title).findElement(By.cssSelector(".todo-delete"));
        new Actions(driver).moveToElement(button).click().perform();
    }

    WebElement row(String title) {
        return await("a row titled " + title, driver -> (WebElement) script(
                "return Array.from(document.querySelectorAll('.todo-list > li.todo:not(.is-leaving)'))"
                        + ".find(li => li.querySelector('.todo-title').textContent === arguments[0]) || null;", title));
    }

    /** The error line's text, or null while it is hidden. */
    String error() {
        return (String) script("var e = document.querySelector('.error');"
                + "return e.hidden ? null : e.querySelector('.error-text').textContent;");
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    <T> T await(String what, Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(50))
                .withMessage(() -> name + ": waited " + TIMEOUT.toSeconds() + " s for " + what)
                .until(d -> condition.apply((ChromeDriver) d));
    }

    /**
     * Readies the page for a picture that is the same on every run: no caret, no hover, no animation running.
     */
    void settle() {
        script("if (document.activeElement) document.activeElement.blur();");
        new Actions(driver).moveToLocation(0, 0).perform();
        // Two frames, so transitions the blur and the mouse move start are running before we wait for them.
        ((JavascriptExecutor) driver).executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "requestAnimationFrame(function () { requestAnimationFrame(function () { done(); }); });");
        await("animations to finish", driver -> (Boolean) script(
                "return document.getAnimations().every(a => a.playState !== 'running');"));
    }

    byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
