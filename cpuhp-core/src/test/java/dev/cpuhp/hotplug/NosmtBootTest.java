package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.BRINGUP_CPU;
import static dev.cpuhp.state.CpuhpState.OFFLINE;
import static dev.cpuhp.state.CpuhpState.ONLINE;
import static dev.cpuhp.state.CpuhpState.TEARDOWN_CPU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.trace.TraceEvent;
import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import dev.cpuhp.trace.TraceEvent.CpuhpExit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Booting with {@code nosmt}: x86 boots every secondary thread once, so that it sets CR4.MCE,
 * and turns it away at the primary-thread check of {@code bringup_wait_for_ap_online()}
 * ({@code cpu_bootable()} is false once the CPU is in {@code cpus_booted_once_mask}): its
 * {@code cpu:bringup} step fails with {@code -ECANCELED}, it is torn down at once, and only the
 * primary threads stay online with {@code smt/control} reading "off".
 *
 * <p>The zero-cost machine is the one that deadlocked: its hotplug thread is unparked and, with
 * nothing in between that costs time, parked again before it has run (issue 7, bug 2).
 */
class NosmtBootTest {
    static Stream<Arguments> machines() {
        return Stream.of(Strategy.values()).flatMap(s -> Stream.of(
                Arguments.of(HardwareProfile.ideal(new Topology(1, 8, 2)), s),
                Arguments.of(HardwareProfile.builtin(HardwareProfile.DEFAULT), s)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("machines")
    void siblingsAreBootedOnceAndTornDownAtOnce(HardwareProfile profile, Strategy strategy) {
        try (Machine m = Machine.builder().profile(profile).strategy(strategy).nosmt(false).boot()) {
            Topology topo = m.topology();
            CpuMask primaries = topo.primaryThreads();
            assertEquals(primaries.toString(), m.masks().online().toString(), "only the primary threads are online");
            assertEquals(SmtControl.DISABLED, m.hotplug().smtControl());
            assertEquals("off", m.hotplug().smtControl().sysfs());
            List<TraceEvent> trace = m.tracer().snapshot();
            for (int cpu = 0; cpu < topo.cpus(); cpu++) {
                if (topo.isPrimary(cpu)) {
                    assertEquals(ONLINE, m.hotplug().state(cpu).state(), "primary CPU " + cpu);
                    continue;
                }
                assertTrue(m.masks().bootedOnce().contains(cpu), "CPU " + cpu + " was booted once (CR4.MCE)");
                assertEquals(OFFLINE, m.hotplug().state(cpu).state(), "secondary CPU " + cpu + " is offline");
                assertTrue(m.hotplug().state(cpu).thread().isParked(), "cpuhp/" + cpu + " is parked");
                int canceled = indexOf(trace, cpu, e -> e instanceof CpuhpExit x && x.idx() == BRINGUP_CPU
                        && x.ret() == Errno.ECANCELED.ret());
                assertTrue(canceled >= 0, "CPU " + cpu + ": cpu:bringup returned -ECANCELED");
                int teardown = indexOf(trace, cpu, e -> e instanceof CpuhpEnter x && x.idx() == TEARDOWN_CPU);
                assertTrue(teardown > canceled, "CPU " + cpu + ": cpu:teardown ran after the -ECANCELED");
            }
        }
    }

    private static int indexOf(List<TraceEvent> trace, int cpu, java.util.function.Predicate<TraceEvent> p) {
        for (int i = 0; i < trace.size(); i++) {
            TraceEvent e = trace.get(i);
            int c = switch (e) {
                case CpuhpEnter x -> x.cpu();
                case CpuhpExit x -> x.cpu();
                default -> -1;
            };
            if (c == cpu && p.test(e)) {
                return i;
            }
        }
        return -1;
    }
}
