package dev.cpuhp.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and its chromedriver, as {@code scripts/install-deps} installs them
 * ({@code chromium}, {@code chromium-driver}). Both paths are given to Selenium, so it never
 * looks for or downloads a browser or a driver of its own; a test skips, saying why, when
 * either is missing. {@code CHROMIUM} and {@code CHROMEDRIVER} name other ones.
 */
final class Chromium {
    private static final List<String> BROWSERS = List.of("/usr/lib/chromium/chromium", "/usr/bin/chromium");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private Chromium() {
    }

    private static Optional<Path> find(String env, List<String> candidates) {
        return Stream.concat(Optional.ofNullable(System.getenv(env)).stream(), candidates.stream())
                .map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** A headless Chromium of the given window size; skips the test when there is none. */
    static ChromeDriver start(int width, int height) {
        Optional<Path> browser = find("CHROMIUM", BROWSERS);
        Optional<Path> driver = find("CHROMEDRIVER", DRIVERS);
        assumeTrue(browser.isPresent(), "no Chromium at " + BROWSERS + " (scripts/install-deps installs Debian's chromium)");
        assumeTrue(driver.isPresent(), "no chromedriver at " + DRIVERS + " (scripts/install-deps installs chromium-driver)");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(browser.get().toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        return new ChromeDriver(service, o);
    }
}
