package dev.cpuhp.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a browser, with what the tests do to it and read from it. */
final class Page implements AutoCloseable {
    final ChromeDriver driver;
    private final Path shots;

    Page(ChromeDriver driver) {
        this.driver = driver;
        this.shots = Path.of(System.getProperty("cpuhp.screenshots", "target/screenshots"));
    }

    /** Opens the page and waits until it says it is ready; returns the ready time in ms. */
    double open(String url) {
        driver.get(url);
        until(Duration.ofSeconds(20), d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        return ((Number) js("return window.cpuhpStats.ready_ms")).doubleValue();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement el(String id) {
        return driver.findElement(By.id(id));
    }

    /** Waits (polling the page, no sleeping) until the condition holds; fails after the bound. */
    void until(Duration bound, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, bound, Duration.ofMillis(50)).until(condition);
    }

    void untilText(String id, String part, Duration bound) {
        try {
            until(bound, d -> d.findElement(By.id(id)).getText().contains(part));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("#" + id + " never said \"" + part + "\" within " + bound + "; it says: \""
                    + el(id).getText() + "\"", e);
        }
    }

    /** Clicks the centre of a CPU's cell on the grid's canvas, as a person would. */
    void clickCpu(int cpu) {
        WebElement canvas = el("grid");
        Number x = (Number) js("return window.cpuhpGrid.centre(arguments[0]).x", cpu);
        Number y = (Number) js("return window.cpuhpGrid.centre(arguments[0]).y", cpu);
        int w = canvas.getRect().getWidth();
        int h = canvas.getRect().getHeight();
        new Actions(driver).moveToElement(canvas, x.intValue() - w / 2, y.intValue() - h / 2).click().perform();
    }

    /** The colour painted at the centre of a CPU's cell, "#rrggbb", read off the canvas. */
    String cellColour(int cpu) {
        return (String) js("""
                const g = window.cpuhpGrid, c = g.centre(arguments[0]), r = window.devicePixelRatio || 1;
                const d = g.canvas.getContext('2d').getImageData(Math.round(c.x * r), Math.round(c.y * r), 1, 1).data;
                return '#' + [d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, '0')).join('');""", cpu);
    }

    String phaseColour(int phase) {
        return (String) js("return window.cpuhpGrid.colours[arguments[0]]", phase);
    }

    /** A screenshot of one element, under target/screenshots (or -Dcpuhp.screenshots=DIR). */
    Path shoot(String id, String name) throws IOException {
        Files.createDirectories(shots);
        Path out = shots.resolve(name);
        Files.write(out, el(id).getScreenshotAs(OutputType.BYTES));
        return out;
    }

    /** A screenshot of the whole window. */
    Path shootWindow(String name) throws IOException {
        Files.createDirectories(shots);
        Path out = shots.resolve(name);
        Files.write(out, driver.getScreenshotAs(OutputType.BYTES));
        return out;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
