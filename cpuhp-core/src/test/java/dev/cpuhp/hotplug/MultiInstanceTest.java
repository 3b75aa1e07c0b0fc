package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.AP_ONLINE_DYN;
import static dev.cpuhp.state.CpuhpState.BP_PREPARE_DYN;
import static dev.cpuhp.state.CpuhpState.OFFLINE;
import static dev.cpuhp.state.CpuhpState.ONLINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.OnMachine;
import dev.cpuhp.errno.Errno;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Multi-instance states: instances run newest first; when one fails part-way, exactly the
 * instances that succeeded are undone and the caller gets the original error.
 */
class MultiInstanceTest extends OnMachine {
    Recorder rec;
    final String a = "A";
    final String b = "B";
    final String c = "C";

    @BeforeEach
    void setUp() {
        rec = new Recorder(m);
    }


    private int setup(int dynamic) {
        int state = hp.setupStateMulti(dynamic, "test:multi", rec.startupInstance("multi"), rec.teardownInstance("multi"));
        assertTrue(state > 0);
        return state;
    }

    @Test
    void instancesAreAddedOnEveryCpuAtOrPastTheStateOnTheirHotplugThread() {
        assertEquals(0, hp.cpuDown(3));
        int state = setup(AP_ONLINE_DYN);
        assertEquals(List.of(), rec.calls(), "setup_state_multi invokes nothing");
        assertEquals(0, hp.addInstance(state, a));
        assertEquals(List.of("multi up cpu0 A", "multi up cpu1 A", "multi up cpu2 A"), rec.summary());
        for (Recorder.Call call : rec.calls()) {
            assertEquals("cpuhp/" + call.cpu(), call.comm());
        }
        assertEquals(0, hp.addInstanceNocalls(state, b));
        assertEquals(3, rec.calls().size(), "nocalls");
        assertEquals(List.of(b, a), m.states().step(state).instances(), "newest first");
    }

    @Test
    void apThreadPartialFailureUndoesExactlyTheInstancesThatSucceeded() {
        int state = setup(AP_ONLINE_DYN);
        for (String i : List.of(a, b, c)) {
            assertEquals(0, hp.addInstanceNocalls(state, i));
        }
        assertEquals(0, hp.cpuDown(2));
        rec.clear();
        rec.failOnce("multi", true, 2, b, Errno.ENOMEM);
        assertEquals(Errno.ENOMEM.ret(), hp.cpuUp(2), "the original error");
        assertEquals(List.of("multi up cpu2 C", "multi up cpu2 B", "multi down cpu2 C"), rec.summary());
        assertEquals(OFFLINE, hp.state(2).state());
        assertEquals(0, hp.cpuUp(2));
        assertEquals(ONLINE, hp.state(2).state());
    }

    @Test
    void apThreadPartialFailureOnTheWayDownRollsForwardTheSameWay() {
        int state = setup(AP_ONLINE_DYN);
        for (String i : List.of(a, b, c)) {
            assertEquals(0, hp.addInstanceNocalls(state, i));
        }
        rec.failOnce("multi", false, 2, b, Errno.EBUSY);
        assertEquals(Errno.EBUSY.ret(), hp.cpuDown(2));
        assertEquals(List.of("multi down cpu2 C", "multi down cpu2 B", "multi up cpu2 C"), rec.summary());
        assertEquals(ONLINE, hp.state(2).state());
    }

    @Test
    void controlCpuPartialFailureUndoesTheSucceededInstancesAndKeepsTheOriginalError() {
        int state = setup(BP_PREPARE_DYN);
        for (String i : List.of(a, b, c)) {
            assertEquals(0, hp.addInstanceNocalls(state, i));
        }
        assertEquals(0, hp.cpuDown(2));
        rec.clear();
        rec.failOnce("multi", true, 2, b, Errno.ENOMEM);
        // Linux before the June 2026 fix returned the rollback's 0 here.
        assertEquals(Errno.ENOMEM.ret(), hp.cpuUp(2));
        assertEquals(List.of("multi up cpu2 C", "multi up cpu2 B", "multi down cpu2 C"), rec.summary());
        for (Recorder.Call call : rec.calls()) {
            assertTrue(call.runCpu() != 2, "PREPARE instances run on the control CPU: " + call);
        }
        assertEquals(OFFLINE, hp.state(2).state());
    }

    @Test
    void addInstanceFailureUndoesEarlierCpusAndDoesNotAddIt() {
        int state = setup(AP_ONLINE_DYN);
        assertEquals(0, hp.addInstance(state, a));
        rec.clear();
        rec.failOnce("multi", true, 2, b, Errno.ENODEV);
        assertEquals(Errno.ENODEV.ret(), hp.addInstance(state, b));
        assertEquals(List.of("multi up cpu0 B", "multi up cpu1 B", "multi up cpu2 B",
                "multi down cpu0 B", "multi down cpu1 B"), rec.summary());
        assertEquals(List.of(a), m.states().step(state).instances());
    }

    @Test
    void removeInstanceTearsDownWhereItRanThenUnlinks() {
        int state = setup(AP_ONLINE_DYN);
        assertEquals(0, hp.addInstance(state, a));
        assertEquals(0, hp.cpuDown(1));
        rec.clear();
        assertEquals(0, hp.removeInstance(state, a));
        assertEquals(List.of("multi down cpu0 A", "multi down cpu2 A", "multi down cpu3 A"), rec.summary());
        assertEquals(List.of(), m.states().step(state).instances());
    }

    @Test
    void removingAMultiStateWithInstancesLeftWarnsAndInvokesNothing() {
        int state = setup(AP_ONLINE_DYN);
        assertEquals(0, hp.addInstance(state, a));
        rec.clear();
        assertEquals(0, hp.removeMultiState(state));
        assertTrue(m.log().contains("Error: Removing state " + state + " which has instances left."));
        assertEquals(List.of(), rec.calls());
    }

    @Test
    void instancesNeedAMultiInstanceState() {
        int single = hp.setupState(AP_ONLINE_DYN, "test:single", cpu -> 0, cpu -> 0);
        assertEquals(Errno.EINVAL.ret(), hp.addInstance(single, a));
        assertEquals(Errno.EINVAL.ret(), hp.addInstance(AP_ONLINE_DYN + 39, a), "an empty slot");
        assertEquals(Errno.EINVAL.ret(), hp.removeInstance(single, a));
    }
}
