package dev.cpuhp.smp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.sched.Task;
import dev.cpuhp.trace.TraceEvent;
import dev.cpuhp.trace.TraceEvent.CsdFunctionEntry;
import dev.cpuhp.trace.TraceEvent.CsdFunctionExit;
import dev.cpuhp.trace.TraceEvent.CsdQueueCpu;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cross-CPU calls run on the target CPU in interrupt context and are traced queue, entry, exit. */
class CrossCallTest {
    Machine m;
    final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void boot() {
        HardwareProfile p = HardwareProfile.parse("topology = 1x4x1\nipi.wakeup_us = 5\n", "test");
        m = Machine.builder().profile(p).boot();
    }

    @AfterEach
    void close() {
        m.close();
    }

    private SmpFunction record(String name) {
        return new SmpFunction(name, cpu -> {
            Task t = m.scheduler().current();
            ran.add(name + " cpu" + cpu + " on " + t.comm() + (t.inAtomic() ? " atomic" : ""));
        });
    }

    @Test
    void aCallRunsOnTheTargetInInterruptContextAndIsTraced() {
        m.settle(); // CPU 2's idle task has reached hlt: the IPI pays the wake-up from idle
        m.tracer().clear();
        m.smp().latencies().clear();
        int ret = m.runAs("caller", 0, () -> m.smp().callSingle(2, record("f"), true));
        assertEquals(0, ret);
        assertEquals(List.of("f cpu2 on swapper/2 atomic"), ran);
        List<TraceEvent> csd = m.tracer().snapshot().stream()
                .filter(e -> e instanceof CsdQueueCpu || e instanceof CsdFunctionEntry || e instanceof CsdFunctionExit).toList();
        assertEquals(3, csd.size(), csd.toString());
        CsdQueueCpu q = (CsdQueueCpu) csd.get(0);
        CsdFunctionEntry entry = (CsdFunctionEntry) csd.get(1);
        CsdFunctionExit exit = (CsdFunctionExit) csd.get(2);
        assertEquals(2, q.cpu());
        assertEquals(0, q.ctx().cpu(), "queued on the caller's CPU");
        assertEquals(2, entry.ctx().cpu(), "entered on the target");
        assertEquals(q.csd(), entry.csd());
        assertEquals(q.csd(), exit.csd());
        assertEquals("f", entry.func());
        // the target was idle: delivery took the profile's wake-up from idle, 5 us
        assertArrayEquals(new long[] {5_000}, m.smp().latencies().snapshot());
    }

    @Test
    void anOfflineTargetIsEnxio() {
        assertEquals(0, m.hotplug().cpuDown(3));
        assertEquals(Errno.ENXIO.ret(), (int) m.runAs("caller", 0, () -> m.smp().callSingle(3, record("f"), true)));
        assertEquals(List.of(), ran);
    }

    @Test
    void onEachCpuRunsOnceEverywhereOnlineTheCallerLocally() {
        assertEquals(0, m.hotplug().cpuDown(3));
        m.runAs("caller", 1, () -> {
            m.smp().onEachCpu(record("g"), true, "test");
            return null;
        });
        assertEquals(List.of("g cpu0 on swapper/0 atomic", "g cpu1 on caller atomic", "g cpu2 on swapper/2 atomic"),
                ran.stream().sorted().toList());
    }

    @Test
    void waitingForACallInAtomicContextIsABug() {
        m.runAs("caller", 0, () -> {
            try (var irqsOff = m.scheduler().atomic("test irqs off")) {
                m.smp().callSingle(2, record("f"), true);
            } catch (dev.cpuhp.sched.SchedulingWhileAtomicError expected) {
                return null;
            }
            throw new AssertionError("should have been refused");
        });
        assertTrue(m.log().contains("BUG: scheduling while atomic: caller/"));
    }
}
