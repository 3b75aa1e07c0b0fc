package dev.cpuhp.hotplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.state.Layout;
import dev.cpuhp.trace.FtraceWriter;
import dev.cpuhp.trace.PerfettoWriter;
import dev.cpuhp.trace.TraceEvent;
import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernel's tracepoints fire only on a CPU in {@code cpu_online_mask}: a CPU's STARTING steps
 * run before it marks itself online, its DYING steps after {@code __cpu_disable()} took it out,
 * so a real trace never shows them. The kernel-format trace leaves them out; the Perfetto trace
 * keeps them, marked.
 */
class TraceVisibilityTest {

    @Test
    void atomicStepsAreHiddenFromTheKernelTraceOnly() {
        try (Machine m = Machine.builder().ideal(1, 2, 1).minimalTable().boot()) {
            Layout l = m.states().layout();
            m.tracer().clear();
            assertEquals(0, m.runAs("bash", 0, () -> m.hotplug().cpuDown(1)));
            assertEquals(0, m.runAs("bash", 0, () -> m.hotplug().cpuUp(1)));
            List<TraceEvent> events = m.tracer().snapshot();
            List<CpuhpEnter> steps = events.stream().filter(e -> e instanceof CpuhpEnter).map(e -> (CpuhpEnter) e).toList();

            List<CpuhpEnter> atomic = steps.stream().filter(e -> l.isAtomic(e.idx())).toList();
            assertEquals(List.of("sched_cpu_dying", "sched_cpu_starting", "smpcfd_dying_cpu"),
                    atomic.stream().map(CpuhpEnter::fun).sorted().toList(), "the minimal table's DYING and STARTING steps ran");
            for (CpuhpEnter e : atomic) {
                assertFalse(e.ctx().visibleInFtrace(), "CPU " + e.ctx().cpu() + " was offline at " + e.fun());
                assertTrue(FtraceWriter.line(e).isEmpty(), e.fun() + " must not be in the kernel-format trace");
            }
            for (CpuhpEnter e : steps) {
                if (!l.isAtomic(e.idx())) {
                    assertTrue(e.ctx().visibleInFtrace(), e.fun() + " ran on an online CPU");
                    assertTrue(FtraceWriter.line(e).isPresent());
                }
            }
            StringBuilder json = new StringBuilder();
            PerfettoWriter.write(List.of(new PerfettoWriter.Run("run", events)), m.states()::name, l, json);
            assertTrue(json.toString().contains("\"name\":\"sched:starting\""), "the Perfetto trace keeps the step");
            assertEquals(atomic.size(), json.toString().split("\"not visible in ftrace\":true", -1).length - 1,
                    "every hidden step is marked, and only those");
        }
    }
}
