package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.AP_ONLINE_DYN;
import static dev.cpuhp.state.CpuhpState.ONLINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.OnMachine;
import dev.cpuhp.smp.KThread;
import org.junit.jupiter.api.Test;

/**
 * STARTING/DYING callbacks and the idle task run in atomic context: a primitive that may
 * sleep reports the kernel's "scheduling while atomic" instead of blocking. The 2017 seed's
 * bug (the AP's idle task unparking the hotplug thread) cannot happen: the control CPU does it.
 */
class AtomicContextTest extends OnMachine {
    static final int FREE_STARTING = 89;




    @Test
    void aStartingCallbackThatSleepsIsCaughtAndTheCpuStillComesUp() {
        assertEquals(0, hp.setupStateNocalls(FREE_STARTING, "test:starting", cpu -> {
            m.scheduler().sleep(1_000_000); // msleep(1): may sleep
            return 0;
        }, null));
        assertEquals(0, hp.cpuDown(2));
        assertEquals(0, hp.cpuUp(2), "STARTING cannot fail: the walk goes on");
        assertEquals(ONLINE, hp.state(2).state());
        assertTrue(m.log().contains("BUG: scheduling while atomic: swapper/2/0/"), String.join("\n", m.log().lines()));
        assertTrue(m.log().contains("msleep called in atomic context: CPU 2 state 89 (test:starting) test_starting_startup"));
        assertTrue(m.log().contains("CPU 2 UP state test:starting (89) failed (-35)"));
    }

    @Test
    void aDyingCallbackThatSleepsIsCaughtInTheStopper() {
        assertEquals(0, hp.setupStateNocalls(FREE_STARTING, "test:dying", null, cpu -> {
            m.scheduler().sleep(1_000_000);
            return 0;
        }));
        assertEquals(0, hp.cpuDown(2));
        assertFalse(m.masks().isOnline(2));
        assertTrue(m.log().contains("BUG: scheduling while atomic: migration/2/"), String.join("\n", m.log().lines()));
    }

    @Test
    void onlineCallbacksMaySleep() {
        assertTrue(hp.setupState(AP_ONLINE_DYN, "test:online", cpu -> {
            m.scheduler().sleep(1_000_000);
            return 0;
        }, null) > 0);
        assertFalse(m.log().contains("BUG"), String.join("\n", m.log().lines()));
    }

    @Test
    void theParkedHotplugThreadIsUnparkedByTheControlCpu() {
        assertEquals(0, hp.cpuDown(2));
        KThread thread = hp.state(2).thread();
        assertTrue(thread.isParked(), "parked while the CPU is down");
        assertEquals(0, m.runAs("bash", 1, () -> hp.cpuUp(2)));
        KThread.Unparker who = thread.lastUnparker();
        assertEquals("bash", who.comm(), "unparked by the control task");
        assertEquals(1, who.cpu(), "on the control CPU, not the CPU coming up");
        assertFalse(who.atomic(), "from a context that may sleep");
        assertFalse(thread.isParked());
        assertFalse(m.log().contains("BUG"));
    }
}
