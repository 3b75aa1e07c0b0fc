package dev.cpuhp.hotplug;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cpuhp.Machine;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.state.Layout;
import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The numbering decides which CPUs are primary threads, so it decides parallel bringup's order
 * (primaries kicked and brought up first, then their siblings) and what SMT control takes down.
 * On QEMU's siblings-adjacent 2x2x2 machine Linux 6.12 kicks 2, 4, 6 and brings them up, then
 * 1, 3, 5, 7 (the guest's boot trace).
 */
class NumberingTest {
    static final Topology QEMU = new Topology(2, 2, 2, Topology.Numbering.SIBLINGS_ADJACENT);

    @Test
    void parallelBringupTakesThePrimariesOfTheNumberingFirst() {
        try (Machine m = Machine.builder().profile(HardwareProfile.ideal(QEMU)).boot()) {
            Layout l = m.states().layout();
            List<CpuhpEnter> steps = m.tracer().snapshot().stream()
                    .filter(e -> e instanceof CpuhpEnter).map(e -> (CpuhpEnter) e).toList();
            assertEquals(List.of(2, 4, 6, 1, 3, 5, 7), cpusAt(steps, l.bpKickAp()));
            assertEquals(List.of(2, 4, 6, 1, 3, 5, 7), cpusAt(steps, l.bringupCpu()));
            assertEquals("0-7", m.masks().online().toList());
        }
    }

    @Test
    void smtControlTakesDownTheSiblingsOfTheNumbering() {
        try (Machine m = Machine.builder().profile(HardwareProfile.ideal(QEMU)).boot()) {
            assertEquals(0, m.runAs("bash", 0, () -> m.hotplug().smtDisable(SmtControl.DISABLED, 1, cpu -> { })));
            assertEquals("0,2,4,6", m.masks().online().toList());
            assertEquals(0, m.runAs("bash", 0, () -> m.hotplug().smtEnable(2, cpu -> { })));
            assertEquals("0-7", m.masks().online().toList());
        }
    }

    @Test
    void theProfileSaysHowCpusAreNumbered() {
        HardwareProfile p = HardwareProfile.builtin("qemu-6.12");
        assertEquals(QEMU, p.topology());
        assertEquals(Topology.Numbering.PRIMARIES_FIRST, HardwareProfile.builtin("laptop-4t").topology().numbering());
    }

    private static List<Integer> cpusAt(List<CpuhpEnter> steps, int state) {
        return steps.stream().filter(e -> e.idx() == state).map(CpuhpEnter::cpu).toList();
    }
}
