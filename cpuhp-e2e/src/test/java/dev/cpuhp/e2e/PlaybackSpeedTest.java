package dev.cpuhp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The figures the README gives: how fast the page is ready on loopback, and whether its
 * updates keep up with a parallel boot of the 1920-CPU machine played at real speed (the
 * playback's wall time against the boot's simulated time, and its frames).
 */
class PlaybackSpeedTest {
    @Test
    void aParallelBootOf1920CpusPlaysAtRealSpeed() throws Exception {
        try (Served served = new Served("spr-16s-1920t"); Page page = new Page(Chromium.start(1400, 1000))) {
            double cold = page.open(served.base + "/");
            double warm = page.open(served.base + "/");
            System.out.printf("page ready on the 1920-CPU machine: %.0f ms (first load, cold server %.0f ms)%n", warm, cold);
            assertTrue(warm < 2000, "ready in " + warm + " ms");

            new Select(page.el("boot-profile")).selectByValue("spr-16s-1920t");
            for (WebElement box : page.driver.findElements(By.cssSelector("#boot-strategies input"))) {
                if (box.isSelected() != "parallel".equals(box.getDomAttribute("value"))) {
                    box.click();
                }
            }
            page.el("btn-boot").click();
            page.until(Duration.ofSeconds(180), d -> page.el("player").isDisplayed());
            new Select(page.el("play-speed")).selectByValue("1");
            page.el("btn-play").click();
            page.until(Duration.ofSeconds(60), d -> "true".equals(page.el("play-time").getDomAttribute("data-done")));
            assertEquals("1920", page.el("play-time").getDomAttribute("data-online"));
            assertEquals(Boolean.TRUE, page.js("return window.cpuhpGrid.phase.every((p) => p === 6)"), "every cell online");

            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) page.js("return window.cpuhpStats.playback");
            double wall = ((Number) s.get("wall_ms")).doubleValue();
            double ideal = ((Number) s.get("ideal_ms")).doubleValue();
            long frames = ((Number) s.get("frames")).longValue();
            double gap = ((Number) s.get("max_gap_ms")).doubleValue();
            long changes = ((Number) s.get("changes")).longValue();
            System.out.printf("1920-CPU parallel boot at 1x: %.1f ms simulated played in %.1f ms of wall time "
                    + "(%.1f ms behind), %d frames (%.0f per second), longest frame %.1f ms, %d cell changes%n",
                    ideal, wall, wall - ideal, frames, frames * 1000 / wall, gap, changes);
            assertTrue(wall - ideal < 500, "kept up: " + wall + " ms for " + ideal + " ms");
            assertTrue(frames >= 10, "drew " + frames + " frames");
        }
    }
}
