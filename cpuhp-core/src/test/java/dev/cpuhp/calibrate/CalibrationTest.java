package dev.cpuhp.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.boot.BootExperiment;
import dev.cpuhp.boot.BootSpec;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.state.KernelTable;
import dev.cpuhp.state.Row;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A profile from a trace: known costs come back, and a real trace's profile replays it. */
class CalibrationTest {
    static final HardwareProfile KNOWN = HardwareProfile.parse("""
            topology = 1x4x2
            topology.numbering = siblings-adjacent
            states = linux-6.12
            ap.alive_us = 700
            ap.starting_us = 113
            ap.tsc_sync = none
            ipi.wakeup_us = 2
            state.threads:prepare = 98
            state.workqueue:prepare = 43
            state.trace/RB:prepare = 7
            state.trace/RB:prepare[1] = 500
            state.cpu:kick_ap = 10
            state.workqueue:online = 17
            state.sched:active = 30
            """, "known");

    static Calibration.Inputs inputs(String cpuinfo) {
        KernelTable table = cpuinfo == null ? KernelTable.resolve("linux-6.12") : RealTrace.table();
        return new Calibration.Inputs("test", cpuinfo == null ? "linux-6.12" : "states.txt", table, cpuinfo, "cpuinfo.txt", null);
    }

    static BootTrace simulated(Strategy s) {
        var run = BootExperiment.run(BootSpec.of(KNOWN, s));
        return Replay.readBack(run.events(), 8, KernelTable.resolve("linux-6.12").layout());
    }

    @Test
    void knownCostsComeBackFromTheTracesOfBothBootModes() {
        BootTrace parallel = simulated(Strategy.PARALLEL);
        BootTrace serial = simulated(Strategy.SERIAL);
        assertEquals(BootTrace.Mode.PARALLEL, parallel.mode());
        assertEquals(BootTrace.Mode.SERIAL, serial.mode());
        HardwareProfile p = Calibration.derive(List.of(parallel, serial), inputs(null)).profile("calibrated");
        Map<String, Double> expected = Map.of("threads:prepare", 98.0, "workqueue:prepare", 43.0, "trace/RB:prepare[0]", 7.0,
                "trace/RB:prepare[1]", 500.0, "trace/RB:prepare[2]", 7.0, "cpu:kick_ap", 10.0, "workqueue:online", 17.0,
                "sched:active", 30.0);
        expected.forEach((state, us) -> assertEquals(us * 1000, p.stateCost(state, true).mean(), 1000, state));
        // the AP's own start: what a serial boot waits for beyond a parallel one's release
        assertEquals(700_000, p.duration("ap.alive_us").mean(), 2_000, "ap.alive_us");
        // after the release: STARTING, plus the hotplug thread's wake-up the trace cannot tell apart
        double starting = p.duration("ap.starting_us").mean();
        assertTrue(starting >= 113_000 && starting <= 130_000, "ap.starting_us " + starting);
        // the first pass of the parallel boot kicked the primary threads 0, 2, 4, 6
        assertEquals(new Topology(1, 4, 2, Topology.Numbering.SIBLINGS_ADJACENT), p.topology());
    }

    @Test
    void aSerialTraceAloneCountsTheWholeStartAsAliveAndSaysSo() {
        Calibration.Result r = Calibration.derive(List.of(simulated(Strategy.SERIAL)), inputs(null));
        HardwareProfile p = r.profile("calibrated");
        assertEquals(0, p.duration("ap.starting_us").mean());
        assertTrue(p.duration("ap.alive_us").mean() >= 813_000, "alive + starting: " + p.duration("ap.alive_us"));
        assertTrue(r.findings().stream().anyMatch(f -> f.contains("cannot be split")), r.findings().toString());
    }

    @Test
    void theRealParallelBootReplaysWithinFifteenPercent() {
        assertReplays("boot-trace.txt");
    }

    @Test
    void theRealSerialBootReplaysWithinFifteenPercent() {
        assertReplays("boot-trace-serial.txt");
    }

    private static void assertReplays(String file) {
        BootTrace real = RealTrace.boot(file);
        Calibration.Result r = Calibration.derive(List.of(real), inputs(RealTrace.text("cpuinfo.txt")));
        HardwareProfile p = HardwareProfile.parse(r.text().replace("states = states.txt", "states = linux-6.12"), file);
        Replay.Report rep = Replay.against(real, p, 5);
        assertTrue(Math.abs(rep.span().error()) <= 0.15, "bringup " + rep.span());
        assertEquals(List.of(), rep.statesOutside(0.15, 2_000), "per-state means outside 15% (and 2 us)");
        assertEquals(26, rep.states().size(), "every state the bringup ran");
    }

    @Test
    void theRealTopologyComesFromCpuinfoOrFromTheParallelBootsFirstPass() {
        BootTrace real = RealTrace.boot("boot-trace.txt");
        assertEquals(new Topology(2, 2, 2, Topology.Numbering.SIBLINGS_ADJACENT),
                Calibration.derive(List.of(real), inputs(RealTrace.text("cpuinfo.txt"))).topology());
        Calibration.Result fromTrace = Calibration.derive(List.of(real), new Calibration.Inputs("t", "states.txt",
                RealTrace.table(), null, null, null));
        assertEquals(new Topology(1, 4, 2, Topology.Numbering.SIBLINGS_ADJACENT), fromTrace.topology());
        assertTrue(fromTrace.findings().stream().anyMatch(f -> f.contains("Sockets are not visible")));
    }

    private static final Pattern CITED = Pattern.compile("\\[1] ((?:\\d+-\\d+ ?)+)");

    /** Every state line's comment names enter/exit line pairs of that very state in the trace. */
    @Test
    void everyStateLineCitesTheTraceLinesOfItsRuns() {
        String[] trace = RealTrace.text("boot-trace.txt").split("\n", -1);
        Map<String, Integer> numbers = new HashMap<>();
        for (Row row : RealTrace.table().rows()) {
            numbers.put(row.name(), row.state());
        }
        Calibration.Result r = Calibration.derive(List.of(RealTrace.boot("boot-trace.txt")), inputs(RealTrace.text("cpuinfo.txt")));
        int checked = 0;
        for (Calibration.Entry e : r.entries()) {
            if (!e.key().startsWith("state.")) {
                continue;
            }
            String state = e.key().substring(6).replaceAll("\\[\\d+]$", "");
            Matcher m = CITED.matcher(e.comment().replaceAll("\\s+", " "));
            assertTrue(m.find(), e.key() + " cites nothing: " + e.comment());
            for (String pair : m.group(1).strip().split(" ")) {
                String[] ab = pair.split("-");
                String enter = trace[Integer.parseInt(ab[0]) - 1];
                String exit = trace[Integer.parseInt(ab[1]) - 1];
                String step = String.format("step: %3d", numbers.get(state));
                assertTrue(enter.contains("enter:") && enter.contains(step), e.key() + ": line " + ab[0] + " is " + enter);
                assertTrue(exit.contains("cpuhp_exit:") && exit.contains(step), e.key() + ": line " + ab[1] + " is " + exit);
                checked++;
            }
        }
        assertEquals(26 * 7 - 1, checked, "a pair per AP for each of the 26 lines (three instances of trace/RB:prepare),"
                + " less the sched:active run that patched the static key (priced as cost.static_key_patch_us)");
        // every measured AP and IPI line cites lines too
        for (Calibration.Entry e : r.entries()) {
            boolean measured = (e.key().startsWith("ap.") || e.key().startsWith("ipi.") || e.key().startsWith("cost."))
                    && !e.value().equals("0") && !e.value().equals("none");
            assertFalse(measured && !e.comment().contains("[1] "), e.key() + " cites nothing: " + e.comment());
        }
    }

    /** The first CPU of the second package starts later by the sync: the pattern is found and priced. */
    @Test
    void aTscSyncPerPackageIsFoundAndPriced() {
        HardwareProfile known = KNOWN.with("topology", "2x2x2").with("ap.tsc_sync", "first-of-socket")
                .with("ap.tsc_sync_us", "5000");
        var run = BootExperiment.run(BootSpec.of(known, Strategy.SERIAL));
        BootTrace serial = Replay.readBack(run.events(), 8, KernelTable.resolve("linux-6.12").layout());
        Calibration.Inputs in = new Calibration.Inputs("t", "linux-6.12", KernelTable.resolve("linux-6.12"), null, null,
                known.topology());
        HardwareProfile p = Calibration.derive(List.of(serial), in).profile("calibrated");
        assertEquals("first-of-socket", p.tscSync());
        assertEquals(5_000_000, p.duration("ap.tsc_sync_us").mean(), 50_000, "the excess over the others' start");
        // the others' start is not inflated by the one that synced
        assertEquals(813_000, p.duration("ap.alive_us").mean(), 20_000);
        // without the sync, no pattern
        var plain = BootExperiment.run(BootSpec.of(KNOWN.with("topology", "2x2x2"), Strategy.SERIAL));
        HardwareProfile q = Calibration.derive(List.of(Replay.readBack(plain.events(), 8,
                KernelTable.resolve("linux-6.12").layout())), in).profile("calibrated");
        assertEquals("none", q.tscSync());
    }

    /** Past 64 runs a line lists 64 quantiles, which keep the spread of the measurements. */
    @Test
    void manyRunsBecomeSixtyFourQuantiles() {
        Samples s = new Samples();
        for (int i = 1; i <= 1000; i++) {
            s.add(i * 1000L, 1, i, i);
        }
        var d = (dev.cpuhp.platform.Distribution.Empirical) s.distribution();
        assertEquals(Samples.MAX_LISTED, d.size());
        assertTrue(d.min() <= 10_000 && d.at(Samples.MAX_LISTED - 1) >= 990_000, d.toString());
        assertEquals(500_500, d.mean(), 10_000);
    }
}
