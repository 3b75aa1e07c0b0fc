package dev.cpuhp.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.platform.HardwareProfile;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The structure of the hardware model, on a machine whose costs are constants so that every
 * AP's path can be read off exactly: what a secondary thread skips, what happens once per
 * core, once per package and once per machine.
 */
class HardwareModelTest {
    static final long US = 1000;
    static final HardwareProfile P = HardwareProfile.parse("""
            topology = 3x4x2
            ap.alive_us = 1000
            ap.core_start_us = 2000
            ap.microcode_us = 5000
            ap.microcode_sibling_us = 10
            ap.starting_us = 100
            ap.tsc_sync_us = 1500
            cost.static_key_patch_us = 700
            state.threads:prepare = 50
            state.sched:active = 30
            """, "test");

    static Map<Integer, ApTimeline> byCpu(BootRun r) {
        return r.aps().stream().collect(Collectors.toMap(ApTimeline::cpu, Function.identity()));
    }

    @Test
    void aSecondaryAfterItsPrimarySkipsTheCoreStartAndTheMicrocode() {
        for (Strategy s : Strategy.values()) {
            Map<Integer, ApTimeline> aps = byCpu(BootExperiment.run(BootSpec.of(P, s)));
            for (ApTimeline ap : aps.values()) {
                long expected = ap.primary() ? (1000 + 2000 + 5000) * US : (1000 + 10) * US;
                assertEquals(expected, ap.firmwareNanos(), s + " CPU " + ap.cpu());
            }
        }
    }

    @Test
    void aSecondaryWithoutItsPrimaryFindsItsCoreDownAndItsMicrocodeOld() {
        // CPUs 12-23 are the secondary threads; their primaries stay offline (CPU 0's excepted)
        Map<Integer, ApTimeline> aps = byCpu(BootExperiment.run(BootSpec.of(P, Strategy.SERIAL)
                .withCpus(CpuMask.parse("12-23", 24), 24)));
        assertEquals((1000 + 10) * US, aps.get(12).firmwareNanos(), "CPU 12 is CPU 0's sibling: its core runs");
        for (int cpu = 13; cpu <= 23; cpu++) {
            assertEquals((1000 + 2000 + 5000) * US, aps.get(cpu).firmwareNanos(), "CPU " + cpu);
        }
    }

    @Test
    void afterAKexecNoCoreAppliesTheMicrocodeAgain() {
        for (ApTimeline ap : BootExperiment.run(BootSpec.of(P, Strategy.PARALLEL).withKexec(true)).aps()) {
            long expected = ap.primary() ? (1000 + 2000 + 10) * US : (1000 + 10) * US;
            assertEquals(expected, ap.firmwareNanos(), "CPU " + ap.cpu());
        }
    }

    @Test
    void theTscSyncRunsOncePerPackageOtherThanTheBootCpus() {
        for (Strategy s : Strategy.values()) {
            List<Integer> synced = BootExperiment.run(BootSpec.of(P, s)).aps().stream()
                    .filter(ap -> ap.startingNanos() >= 1500 * US).map(ApTimeline::cpu).sorted().toList();
            assertEquals(List.of(4, 8), synced, s + ": the first CPU of sockets 1 and 2");
        }
    }

    @Test
    void theSmtStaticKeyIsPatchedOncePerMachine() {
        for (Strategy s : Strategy.values()) {
            List<Integer> patched = BootExperiment.run(BootSpec.of(P, s)).aps().stream()
                    .filter(ap -> ap.onlineNanos() >= 700 * US).map(ApTimeline::cpu).toList();
            assertEquals(1, patched.size(), s + ": " + patched);
            assertTrue(patched.get(0) >= 12, s + ": a secondary thread completes the first SMT core");
        }
    }

    @Test
    void theSecondariesAfterThePrimariesAreMeasuredAlone() {
        BootRun r = BootExperiment.run(BootSpec.of(P, Strategy.SERIAL)
                .withCpus(CpuMask.parse("12-23", 24), 24).withBefore(CpuMask.parse("1-11", 24)));
        assertEquals(12, r.aps().size(), "CPUs 12-23 only: the primaries came up unmeasured");
        assertTrue(r.aps().stream().noneMatch(ApTimeline::primary));
        assertEquals(24, r.cpusUp());
    }
}
