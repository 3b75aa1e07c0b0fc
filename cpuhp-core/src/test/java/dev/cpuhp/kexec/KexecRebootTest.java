package dev.cpuhp.kexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.hotplug.Teardown;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.state.CpuhpState;
import dev.cpuhp.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The structure of kexec teardown: what each way down waits for, and what it leaves. */
class KexecRebootTest {
    static final long MS = 1_000_000;
    static final String BASE = """
            topology = 1x8x1
            ap.alive_us = 500
            rcu.grace_period_us = 20000
            cpu.die_us = 1000
            cost.kexec_stop_cpu_us = 50
            state.sched:active = 30 / 200
            state.workqueue:online = 17 / 60
            """;
    static final HardwareProfile P = HardwareProfile.parse(BASE, "test");

    @Test
    void serialTeardownWaitsAGracePeriodAndTheFirmwarePerCpu() {
        long t = KexecReboot.teardownNanos(P, 1, Teardown.SERIAL);
        assertTrue(t >= 7 * (20 + 1) * MS, "7 APs, each a grace period and its death: " + t);
        assertTrue(t < 7 * (20 + 1) * MS + 7 * MS, "and little else: " + t);
    }

    @Test
    void parallelTeardownOverlapsTheGracePeriodsButNotTheDeaths() {
        long t = KexecReboot.teardownNanos(P, 1, Teardown.PARALLEL);
        assertTrue(t >= 20 * MS + 7 * MS, "one grace period, then each death in turn: " + t);
        assertTrue(t < 2 * 20 * MS + 7 * MS, "not two grace periods: " + t);
    }

    @Test
    void ipiStopRunsNoHotplugCallback() {
        long t = KexecReboot.teardownNanos(P, 1, Teardown.IPI_STOP);
        assertTrue(t >= 50_000 && t < MS, "one stop_this_cpu() at once on every CPU: " + t);
    }

    @Test
    void stopMachineCostGrowsWithTheCpusStillOnline() {
        HardwareProfile q = HardwareProfile.parse(BASE + "cost.stop_machine_queue_us = 100\n", "test");
        long extra = KexecReboot.teardownNanos(q, 1, Teardown.SERIAL) - KexecReboot.teardownNanos(P, 1, Teardown.SERIAL);
        // taking CPU 1..7 down in turn, the stopper of each CPU still online is queued: 8 + 7 + ... + 2
        assertEquals((8 + 7 + 6 + 5 + 4 + 3 + 2) * 100_000L, extra, 1_000);
    }

    @Test
    void serialAndParallelLeaveEveryApOfflineAndHotplugDisabled() {
        for (Teardown how : List.of(Teardown.SERIAL, Teardown.PARALLEL)) {
            try (Machine m = Machine.builder().profile(P).strategy(Strategy.PARALLEL).boot()) {
                m.tracer().clear();
                m.runAsInit(() -> {
                    m.hotplug().shutdownNonbootCpus(how);
                    return null;
                });
                assertEquals("0", m.masks().online().toList(), how.toString());
                for (int cpu = 1; cpu < 8; cpu++) {
                    assertEquals(CpuhpState.OFFLINE, m.hotplug().state(cpu).state(), how + " CPU " + cpu);
                }
                assertTrue(m.hotplug().cpuUp(3) < 0, how + ": hotplug stays disabled for the jump");
                long teardowns = m.tracer().snapshot().stream()
                        .filter(e -> e instanceof TraceEvent.CpuhpEnter x && x.idx() == 235).count();
                assertEquals(7, teardowns, how + ": sched:active came down on each AP once");
            }
        }
    }

    @Test
    void theTableAddsEachWayDownToEachWayUp() {
        var table = KexecReboot.table(P, 1, List.of(Teardown.SERIAL, Teardown.IPI_STOP), List.of(Strategy.SERIAL),
                n -> { });
        assertEquals(2, table.size());
        assertEquals(table.get(0).bringupNanos(), table.get(1).bringupNanos(), "the same machine comes up");
        assertEquals(table.get(0).teardownNanos() + table.get(0).bringupNanos(), table.get(0).totalNanos());
    }
}
