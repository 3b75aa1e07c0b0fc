package dev.cpuhp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in headless Chromium against the default 112-CPU machine: a CPU taken offline
 * from its cell changes colour and reads back offline through the API; an injected failure is
 * refused with EAGAIN and the rollback is shown; a parallel boot plays to its end with every
 * cell online. The steps share one page, in order, as a person would use it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final int CPU = 3;
    private static final int OFFLINE = 0;
    private static final int ONLINE = 6;

    static Served served;
    static Page page;

    @BeforeAll
    static void open() throws Exception {
        served = new Served("skl-2s-112t");
        page = new Page(Chromium.start(1400, 1000));
        double first = page.open(served.base + "/");
        double ready = page.open(served.base + "/");
        System.out.printf("page ready %.0f ms after navigation (112 CPUs); %.0f ms the first time (cold server)%n%s%n",
                ready, first, page.js("return JSON.stringify(performance.getEntriesByType('navigation')[0])"));
        assertTrue(page.el("machine-name").getText().contains("112 CPUs"), page.el("machine-name").getText());
    }

    @AfterAll
    static void close() {
        if (page != null) {
            page.close();
        }
        if (served != null) {
            served.close();
        }
    }

    @Test
    @Order(1)
    void aCpuTakenOfflineFromItsCellChangesColourAndReadsBackOffline() throws Exception {
        assertEquals(page.phaseColour(ONLINE), page.cellColour(CPU), "every CPU starts online");
        page.clickCpu(CPU);
        page.untilText("cpu-num", String.valueOf(CPU), BOUND);
        page.el("btn-offline").click();
        page.untilText("op-result", "ok", BOUND);
        page.until(BOUND, d -> page.phaseColour(OFFLINE).equals(page.cellColour(CPU)));
        assertEquals("0\n", served.read("/sys/devices/system/cpu/cpu" + CPU + "/hotplug/state"));
        assertEquals("0\n", served.read("/sys/devices/system/cpu/cpu" + CPU + "/online"));
        page.until(BOUND, d -> "0".equals(page.el("cpu-panel").getDomAttribute("data-readback")));
        assertTrue(page.el("cpu-state").getText().startsWith("0"), page.el("cpu-state").getText());

        page.el("btn-online").click();
        page.until(BOUND, d -> page.phaseColour(ONLINE).equals(page.cellColour(CPU)));
        assertEquals("236\n", served.read("/sys/devices/system/cpu/cpu" + CPU + "/hotplug/state"));
    }

    @Test
    @Order(2)
    void anInjectedFailureIsRefusedWithEagainAndTheRollbackShown() throws Exception {
        String failAt = new Select(page.el("sel-fail")).getFirstSelectedOption().getDomAttribute("value");
        page.el("btn-fail").click();
        page.untilText("op-result", "> cpu" + CPU + "/hotplug/fail: ok", BOUND);
        assertEquals(failAt + "\n", served.read("/sys/devices/system/cpu/cpu" + CPU + "/hotplug/fail"));

        page.el("btn-offline").click();
        page.untilText("op-result", "EAGAIN", BOUND);
        assertTrue(page.el("op-result").getText().contains("echo 0 > cpu" + CPU + "/online"),
                "the errno stands next to what was tried: " + page.el("op-result").getText());
        page.untilText("rollback", "returned ret -11", BOUND);
        String rollback = page.el("rollback").getText();
        assertTrue(rollback.contains("failed at state " + failAt) && rollback.contains("rollback to 236")
                && rollback.contains("back at state 236"), rollback);
        assertTrue(!page.driver.findElements(By.cssSelector("#activity li.rollback")).isEmpty(),
                "the activity marks the rollback's steps");
        // rolled forward: still online, in the cell and through the API
        assertEquals("236\n", served.read("/sys/devices/system/cpu/cpu" + CPU + "/hotplug/state"));
        assertEquals(page.phaseColour(ONLINE), page.cellColour(CPU));
        // read in one script: the list re-renders as events arrive, so element handles go stale
        Object failed = page.js("const li = document.querySelector('#activity li.err'); return li ? li.textContent : '';");
        assertTrue(String.valueOf(failed).contains("FAILED ret -11"), "the activity shows the error: " + failed);
        page.shoot("cpu-panel", "dashboard-cpu-panel.png");

        page.el("filter-cpu").sendKeys(String.valueOf(CPU));
        page.until(BOUND, d -> Boolean.TRUE.equals(page.js(
                "return [...document.querySelectorAll('#activity li')].every(li => li.dataset.cpu === arguments[0]);",
                String.valueOf(CPU))));
        page.el("filter-cpu").clear();
    }

    @Test
    @Order(3)
    void aParallelBootOfTheDefaultMachinePlaysToTheEndWithEveryCellOnline() throws Exception {
        new Select(page.el("boot-profile")).selectByValue("skl-2s-112t");
        page.el("btn-boot").click();
        page.until(Duration.ofSeconds(60), d -> page.el("player").isDisplayed());
        assertEquals("parallel", new Select(page.el("play-run")).getFirstSelectedOption().getText().split(":")[0]);
        assertTrue(page.el("dl-perfetto").getDomAttribute("href").endsWith("/trace.json"));
        assertTrue(page.el("boot-summary").getText().contains("Lower bound"), page.el("boot-summary").getText());

        // the grid part-way through the parallel run
        page.js("window.cpuhpPlayer.seek(window.cpuhpPlayer.run.playback.span * 0.45)");
        page.until(BOUND, d -> Integer.parseInt(page.el("play-time").getDomAttribute("data-online")) > 1);
        page.shoot("grid-section", "dashboard-boot-grid.png");
        page.shootWindow("dashboard-boot-window.png");

        new Select(page.el("play-speed")).selectByValue("0.1");
        page.el("btn-play").click();
        page.until(Duration.ofSeconds(30), d -> "true".equals(page.el("play-time").getDomAttribute("data-done")));
        assertEquals("112", page.el("play-time").getDomAttribute("data-online"));
        assertEquals(Boolean.TRUE, page.js("return window.cpuhpGrid.phase.every((p) => p === 6)"), "every cell online");
        for (int cpu : new int[] {0, 1, 55, 56, 111}) {
            assertEquals(page.phaseColour(ONLINE), page.cellColour(cpu), "CPU " + cpu + "'s cell");
        }
    }
}
