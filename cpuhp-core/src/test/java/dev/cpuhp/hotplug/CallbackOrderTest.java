package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.AP_ONLINE_DYN;
import static dev.cpuhp.state.CpuhpState.BP_PREPARE_DYN;
import static dev.cpuhp.state.CpuhpState.ONLINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.OnMachine;
import dev.cpuhp.trace.TraceEvent;
import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Callbacks run in state order going up, in reverse going down, each where its section says. */
class CallbackOrderTest extends OnMachine {
    /** Unnamed slots of the 6.18 table: a STARTING one and an early ONLINE one. */
    static final int FREE_STARTING = 89;
    static final int FREE_ONLINE = 146;

    Recorder rec;

    @BeforeEach
    void setUp() {
        rec = new Recorder(m);
        assertTrue(hp.setupState(BP_PREPARE_DYN, "test:prepare", rec.startup("prepare"), rec.teardown("prepare")) > 0);
        assertEquals(0, hp.setupState(FREE_STARTING, "test:starting", rec.startup("starting"), rec.teardown("starting")));
        assertEquals(0, hp.setupState(FREE_ONLINE, "test:early", rec.startup("early"), rec.teardown("early")));
        int a = hp.setupState(AP_ONLINE_DYN, "test:a", rec.startup("a"), rec.teardown("a"));
        int b = hp.setupState(AP_ONLINE_DYN, "test:b", rec.startup("b"), rec.teardown("b"));
        assertTrue(a > 0 && b == a + 1, "dynamic states are allocated in order: " + a + ", " + b);
        rec.clear();
    }


    @Test
    void teardownRunsInReverseOrderAndBringupInOrder() {
        assertEquals(0, hp.cpuDown(2));
        assertEquals(0, hp.cpuUp(2));
        assertEquals(List.of(
                "b down cpu2", "a down cpu2", "early down cpu2", "starting down cpu2", "prepare down cpu2",
                "prepare up cpu2", "starting up cpu2", "early up cpu2", "a up cpu2", "b up cpu2"), rec.summary());
    }

    @Test
    void eachSectionRunsWhereTheKernelRunsIt() {
        assertEquals(0, hp.cpuDown(2));
        assertEquals(0, hp.cpuUp(2));
        for (Recorder.Call c : rec.calls()) {
            switch (c.name()) {
                case "prepare" -> {
                    // PREPARE: on the control CPU, never on the CPU being plugged
                    assertFalse(c.comm().startsWith("cpuhp/") || c.comm().startsWith("swapper/"), c.toString());
                    assertFalse(c.runCpu() == 2, c.toString());
                    assertFalse(c.atomic(), c.toString());
                }
                case "starting" -> {
                    // STARTING/DYING: on the CPU itself, interrupts off; dying runs in the stopper
                    assertEquals(2, c.runCpu(), c.toString());
                    assertTrue(c.atomic(), c.toString());
                    assertEquals(c.up() ? "swapper/2" : "migration/2", c.comm(), c.toString());
                }
                default -> {
                    // ONLINE: on the CPU's hotplug thread, may sleep
                    assertEquals("cpuhp/2", c.comm(), c.toString());
                    assertEquals(2, c.runCpu(), c.toString());
                    assertFalse(c.atomic(), c.toString());
                }
            }
        }
    }

    @Test
    void everyStepOfTheFullTableRunsInStrictOrder() {
        m.tracer().clear();
        assertEquals(0, hp.cpuDown(3));
        List<Integer> down = steps(m.tracer().snapshot(), 3);
        m.tracer().clear();
        assertEquals(0, hp.cpuUp(3));
        List<Integer> up = steps(m.tracer().snapshot(), 3);
        for (int i = 1; i < down.size(); i++) {
            assertTrue(down.get(i) < down.get(i - 1), "teardown order " + down);
        }
        for (int i = 1; i < up.size(); i++) {
            assertTrue(up.get(i) > up.get(i - 1), "bringup order " + up);
        }
        // every state with a callback in that direction ran, and nothing else
        List<Integer> expectedUp = m.states().named().stream().filter(s -> s.startup() != null)
                .map(s -> s.state()).toList();
        List<Integer> expectedDown = m.states().named().stream().filter(s -> s.teardown() != null)
                .map(s -> s.state()).sorted((x, y) -> y - x).toList();
        assertEquals(expectedUp, up);
        assertEquals(expectedDown, down);
        assertEquals(ONLINE, hp.state(3).state());
    }

    /** The steps whose callbacks ran for {@code cpu}, without the kick pseudo-steps. */
    static List<Integer> steps(List<TraceEvent> events, int cpu) {
        return events.stream().filter(e -> e instanceof CpuhpEnter x && x.cpu() == cpu
                        && !x.fun().equals("cpuhp_kick_ap_work"))
                .map(e -> ((CpuhpEnter) e).idx()).toList();
    }
}
