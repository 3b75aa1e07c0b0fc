package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.AP_ONLINE_DYN;
import static dev.cpuhp.state.CpuhpState.AP_ONLINE_DYN_END;
import static dev.cpuhp.state.CpuhpState.AP_SCHED_STARTING;
import static dev.cpuhp.state.CpuhpState.BP_PREPARE_DYN;
import static dev.cpuhp.state.CpuhpState.BP_PREPARE_DYN_END;
import static dev.cpuhp.state.CpuhpState.OFFLINE;
import static dev.cpuhp.state.CpuhpState.ONLINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.OnMachine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.state.Callback;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Installing and removing states on a running machine, and the kernel's answers. */
class RegistrationTest extends OnMachine {
    Recorder rec;

    @BeforeEach
    void setUp() {
        rec = new Recorder(m);
        assertEquals(0, hp.cpuDown(3));
    }


    @Test
    void setupRunsStartupOnEveryCpuAtOrPastTheState() {
        int state = hp.setupState(AP_ONLINE_DYN, "test:online", rec.startup("s"), rec.teardown("s"));
        assertTrue(state >= AP_ONLINE_DYN && state <= AP_ONLINE_DYN_END, "allocated " + state);
        assertEquals(List.of("s up cpu0", "s up cpu1", "s up cpu2"), rec.summary(), "not the offline CPU 3");
        for (Recorder.Call c : rec.calls()) {
            assertEquals("cpuhp/" + c.cpu(), c.comm(), "AP states run on the CPU's hotplug thread");
        }
        assertTrue(m.states().listing().contains(String.format("%3d: test:online%n", state)));
        rec.clear();
        assertEquals(0, hp.cpuUp(3));
        assertEquals(List.of("s up cpu3"), rec.summary(), "and then on every CPU that comes up");
    }

    @Test
    void preparedStatesRunOnTheCaller() {
        int state = hp.setupState(BP_PREPARE_DYN, "test:prepare", rec.startup("p"), rec.teardown("p"));
        assertTrue(state >= BP_PREPARE_DYN && state <= BP_PREPARE_DYN_END);
        assertEquals(List.of("p up cpu0", "p up cpu1", "p up cpu2"), rec.summary());
        String caller = rec.calls().get(0).comm();
        assertTrue(rec.calls().stream().allMatch(c -> c.comm().equals(caller) && !caller.startsWith("cpuhp/")));
    }

    @Test
    void aFailingStartupIsUndoneOnTheCpusDoneAndTheSlotFreed() {
        rec.failOnce("s", true, 2, Errno.ENOMEM);
        int ret = hp.setupState(AP_ONLINE_DYN, "test:fails", rec.startup("s"), rec.teardown("s"));
        assertEquals(Errno.ENOMEM.ret(), ret);
        assertEquals(List.of("s up cpu0", "s up cpu1", "s up cpu2", "s down cpu0", "s down cpu1"), rec.summary());
        assertTrue(m.states().find("test:fails").isEmpty(), "slot freed");
        // the freed dynamic slot is handed out again
        int first = m.states().find("printk:online").orElseThrow() + 1;
        assertEquals(first, hp.setupState(AP_ONLINE_DYN, "test:again", cpu -> 0, cpu -> 0));
    }

    @Test
    void withoutATeardownNothingIsUndone() {
        rec.failOnce("s", true, 1, Errno.EIO);
        assertEquals(Errno.EIO.ret(), hp.setupState(AP_ONLINE_DYN, "test:noteardown", rec.startup("s"), null));
        assertEquals(List.of("s up cpu0", "s up cpu1"), rec.summary());
    }

    @Test
    void nocallsInstallsWithoutInvoking() {
        int state = hp.setupStateNocalls(AP_ONLINE_DYN, "test:nocalls", rec.startup("s"), rec.teardown("s"));
        assertTrue(state > 0);
        assertEquals(List.of(), rec.calls());
        assertEquals(0, hp.removeStateNocalls(state));
        assertEquals(List.of(), rec.calls());
        assertNull(m.states().step(state));
    }

    @Test
    void removeStateTearsDownOnEveryCpuAtOrPastIt() {
        int state = hp.setupState(AP_ONLINE_DYN, "test:remove", rec.startup("s"), rec.teardown("s"));
        rec.clear();
        assertEquals(0, hp.removeState(state));
        assertEquals(List.of("s down cpu0", "s down cpu1", "s down cpu2"), rec.summary());
        assertTrue(m.states().find("test:remove").isEmpty());
    }

    @Test
    void theKernelsErrorsForBadRegistrations() {
        assertEquals(Errno.EBUSY.ret(), hp.setupState(AP_SCHED_STARTING, "taken", cpu -> 0, cpu -> 0), "named fixed slot");
        assertEquals(Errno.EINVAL.ret(), hp.setupState(OFFLINE, "x", cpu -> 0, null));
        assertEquals(Errno.EINVAL.ret(), hp.setupState(ONLINE, "x", cpu -> 0, null));
        assertEquals(Errno.EINVAL.ret(), hp.setupState(-5, "x", cpu -> 0, null));
        assertEquals(Errno.EINVAL.ret(), hp.setupState(AP_ONLINE_DYN, null, true, null, null, false));
        assertEquals(0, hp.setupState(146, "test:fixed", cpu -> 0, cpu -> 0), "a free fixed slot returns 0");
        assertEquals(Errno.EBUSY.ret(), hp.setupState(146, "test:fixed2", cpu -> 0, cpu -> 0));
        assertEquals(Errno.EINVAL.ret(), hp.removeState(ONLINE));
    }

    @Test
    void dynamicRangesRunOutWithEnospc() {
        for (int[] range : new int[][] {{AP_ONLINE_DYN, AP_ONLINE_DYN_END}, {BP_PREPARE_DYN, BP_PREPARE_DYN_END}}) {
            m.log().clear();
            long free = IntStream.rangeClosed(range[0], range[1]).filter(s -> m.states().step(s) == null).count();
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < free; i++) {
                int s = hp.setupState(range[0], "test:dyn" + i, cpu -> 0, cpu -> 0);
                assertTrue(s >= range[0] && s <= range[1], "slot " + s);
                got.add(s);
            }
            assertEquals(free, got.stream().distinct().count());
            assertFalse(m.log().contains("No more dynamic states"));
            assertEquals(Errno.ENOSPC.ret(), hp.setupState(range[0], "test:one-too-many", cpu -> 0, cpu -> 0));
            assertTrue(m.log().contains("] No more dynamic states available for CPU hotplug"));
            assertTrue(m.log().contains("WARNING: CPU: "));
            assertEquals(0, hp.removeState(got.get(3)));
            assertEquals(got.get(3), hp.setupState(range[0], "test:reuse", cpu -> 0, cpu -> 0));
        }
        assertEquals(41, IntStream.rangeClosed(AP_ONLINE_DYN, AP_ONLINE_DYN_END).count());
        assertEquals(21, IntStream.rangeClosed(BP_PREPARE_DYN, BP_PREPARE_DYN_END).count());
    }

    @Test
    void registrationFromInsideACallbackIsRefusedNotADeadlock() {
        int[] inner = new int[1];
        int state = hp.setupState(AP_ONLINE_DYN, "test:reentrant", cpu -> {
            if (cpu == 3) {
                inner[0] = hp.setupState(AP_ONLINE_DYN, "test:inner", c -> 0, c -> 0);
                int down = hp.cpuDown(1);
                return down == Errno.EDEADLK.ret() ? 0 : -1;
            }
            return 0;
        }, null);
        assertTrue(state > 0);
        assertEquals(0, hp.cpuUp(3), "the outer operation completes");
        assertEquals(Errno.EDEADLK.ret(), inner[0]);
        assertTrue(m.log().contains("cpuhp_setup_state() called from hotplug callback test_reentrant_startup (CPU 3, state "
                + state), String.join("\n", m.log().lines()));
        assertTrue(m.log().contains("cpu_down() called from hotplug callback"));
        assertTrue(m.states().find("test:inner").isEmpty());
    }

    @Test
    void lockTakingCallsFromAnOnlineCallbackAreRefusedAndTheHotplugThreadLives() {
        List<Integer> answers = new ArrayList<>();
        int state = hp.setupStateNocalls(AP_ONLINE_DYN, "test:locker", cpu -> {
            answers.add(hp.cpusReadLock());
            answers.add(hp.disableOfflining());
            answers.add(hp.setFail(cpu, ONLINE));
            return 0;
        }, null);
        assertTrue(state > 0);
        assertEquals(0, hp.cpuUp(3), "the operation around the callback completes");
        assertEquals(List.of(Errno.EDEADLK.ret(), Errno.EDEADLK.ret(), Errno.EDEADLK.ret()), answers);
        assertEquals(ONLINE, hp.state(3).state());
        assertFalse(hp.cpusHeld());
        assertEquals(0, hp.cpuDown(3), "offlining was not disabled and cpuhp/3 still serves");
        assertEquals(0, hp.cpuUp(3));
        assertTrue(m.log().contains("cpus_read_lock() called from hotplug callback"), String.join("\n", m.log().lines()));
    }

    @Test
    void cpuslockedVariantsRunUnderTheCallersReadLock() {
        hp.cpusReadLock();
        try {
            assertTrue(hp.cpusHeld());
            int state = hp.setupStateCpuslocked(AP_ONLINE_DYN, "test:locked", true,
                    Callback.single("locked_up", rec.startup("l")), null, false);
            assertTrue(state > 0);
            assertEquals(0, hp.removeStateCpuslocked(state, false));
        } finally {
            hp.cpusReadUnlock();
        }
        assertFalse(hp.cpusHeld());
        assertEquals(List.of("l up cpu0", "l up cpu1", "l up cpu2"), rec.summary());
        assertFalse(m.log().contains("without cpus_read_lock"));
    }
}
