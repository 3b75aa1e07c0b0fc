package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.AP_ONLINE_DYN;
import static dev.cpuhp.state.CpuhpState.AP_ONLINE_IDLE;
import static dev.cpuhp.state.CpuhpState.AP_SCHED_STARTING;
import static dev.cpuhp.state.CpuhpState.BRINGUP_CPU;
import static dev.cpuhp.state.CpuhpState.INVALID;
import static dev.cpuhp.state.CpuhpState.ONLINE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cpuhp.Machine;
import dev.cpuhp.OnMachine;
import dev.cpuhp.errno.Errno;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-shot {@code fail} of {@code cpuN/hotplug/fail}, with the sysfs file's validity rules. */
class FailInjectionTest extends OnMachine {

    @Override
    protected Machine.Builder machine() {
        return Machine.builder().ideal(1, 2, 1);
    }


    @Test
    void invalidTargetsAreRejectedAndChangeNothing() {
        int timers = m.states().find("timers:prepare").orElseThrow();
        for (int bad : new int[] {-2, ONLINE + 1, 300, AP_SCHED_STARTING, 2, BRINGUP_CPU, timers, AP_ONLINE_IDLE, 146, ONLINE, 0}) {
            assertEquals(Errno.EINVAL.ret(), hp.setFail(1, bad), "fail=" + bad + " on an online CPU");
            assertEquals(INVALID, hp.state(1).fail(), "unchanged after fail=" + bad);
        }
        assertEquals(0, hp.cpuDown(1));
        assertEquals(0, hp.setFail(1, timers), "dead callbacks may be targeted while the CPU is down");
        assertEquals(timers, hp.state(1).fail());
        assertEquals(0, hp.setFail(1, INVALID), "-1 resets");
        assertEquals(INVALID, hp.state(1).fail());
    }

    @Test
    void theCallbackIsSkippedTheStepFailsWithEagainOnce() {
        Recorder rec = new Recorder(m);
        int state = hp.setupState(AP_ONLINE_DYN, "test:target", rec.startup("t"), rec.teardown("t"));
        rec.clear();
        assertEquals(0, hp.setFail(1, state));
        assertEquals(Errno.EAGAIN.ret(), hp.cpuDown(1));
        // the teardown was skipped, so the roll-forward resumes above the state: its startup
        // does not run again
        assertEquals(List.of(), rec.summary());
        assertEquals(ONLINE, hp.state(1).state());
        assertEquals(INVALID, hp.state(1).fail(), "one-shot");
        rec.clear();
        assertEquals(0, hp.cpuDown(1));
        assertEquals(List.of("t down cpu1"), rec.summary());
    }
}
