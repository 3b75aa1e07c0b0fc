package dev.cpuhp.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.platform.HardwareProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootExperimentTest {
    static final HardwareProfile P = HardwareProfile.parse("""
            topology = 2x4x2
            ap.alive_us = uniform(100, 3000)
            ap.microcode_us = uniform(500, 5000)
            ap.starting_us = 100
            ap.tsc_sync_us = 1500
            state.threads:prepare = uniform(50, 300)
            state.workqueue:online = 20
            """, "test");

    @Test
    void theVirtualClockGivesTheSameFiguresEveryRun() {
        for (Strategy s : Strategy.values()) {
            BootRun a = BootExperiment.run(BootSpec.of(P, s).withSeed(7));
            BootRun b = BootExperiment.run(BootSpec.of(P, s).withSeed(7));
            assertEquals(a.totalNanos(), b.totalNanos(), s.toString());
            assertEquals(a.controlWaitNanos(), b.controlWaitNanos(), s.toString());
            assertEquals(a.prepareNanos(), b.prepareNanos(), s.toString());
        }
        assertNotEquals(BootExperiment.run(BootSpec.of(P, Strategy.SERIAL).withSeed(7)).totalNanos(),
                BootExperiment.run(BootSpec.of(P, Strategy.SERIAL).withSeed(8)).totalNanos(), "another seed, another machine");
    }

    @Test
    void noStrategyBeatsTheCriticalPathBound() {
        for (long seed = 1; seed <= 4; seed++) {
            BootRun serial = BootExperiment.run(BootSpec.of(P, Strategy.SERIAL).withSeed(seed));
            LowerBound lb = LowerBound.of(serial.aps());
            assertEquals(P.topology().cpus() - 1, serial.aps().size());
            for (Strategy s : Strategy.values()) {
                BootRun r = BootExperiment.run(BootSpec.of(P, s).withSeed(seed));
                assertTrue(r.totalNanos() >= lb.nanos(), s + " seed " + seed + ": " + r.totalNanos() + " < bound " + lb.nanos());
            }
        }
    }

    @Test
    void theSerialRunIsAllPrepareOrWaiting() {
        BootRun r = BootExperiment.run(BootSpec.of(P, Strategy.SERIAL).withSeed(3));
        // the control CPU either runs prepare steps (the only ones with a cost on its side) or waits
        assertEquals(r.totalNanos(), r.prepareNanos() + r.controlWaitNanos());
    }

    @Test
    void cpusAndMaxcpusChooseWhatComesUp() {
        BootRun some = BootExperiment.run(BootSpec.of(P, Strategy.PARALLEL).withCpus(CpuMask.parse("1-3,9", 16), 16));
        assertEquals("0-3,9", some.online());
        BootRun few = BootExperiment.run(BootSpec.of(P, Strategy.SERIAL).withCpus(null, 4));
        assertEquals("0-3", few.online(), "maxcpus counts the boot CPU");
        BootRun none = BootExperiment.run(BootSpec.of(P, Strategy.PIPELINED).withCpus(null, 1));
        assertEquals("0", none.online());
    }

    @Test
    void jacksonsRuleIsTheBestKickOrder() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            List<ApTimeline> aps = new ArrayList<>();
            int n = 1 + rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                long prep = rnd.nextLong(1, 1000);
                long fw = rnd.nextLong(0, 5000);
                aps.add(new ApTimeline(i + 1, true, 0, prep, 0, fw, 0, 0, 0, 0, 1));
            }
            assertEquals(bruteForce(aps, new boolean[n], 0), LowerBound.of(aps).nanos(), "trial " + trial);
        }
    }

    /** min over all orders of max_j (prefix prepare + tail_j). */
    private static long bruteForce(List<ApTimeline> aps, boolean[] used, long elapsed) {
        long best = Long.MAX_VALUE;
        boolean any = false;
        for (int i = 0; i < aps.size(); i++) {
            if (used[i]) {
                continue;
            }
            any = true;
            used[i] = true;
            long t = elapsed + aps.get(i).prepareNanos();
            long rest = bruteForce(aps, used, t);
            best = Math.min(best, Math.max(t + aps.get(i).tailNanos(), rest));
            used[i] = false;
        }
        return any ? best : 0;
    }
}
