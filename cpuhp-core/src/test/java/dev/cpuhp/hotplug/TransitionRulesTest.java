package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.AP_ONLINE_IDLE;
import static dev.cpuhp.state.CpuhpState.BP_KICK_AP;
import static dev.cpuhp.state.CpuhpState.BRINGUP_CPU;
import static dev.cpuhp.state.CpuhpState.OFFLINE;
import static dev.cpuhp.state.CpuhpState.ONLINE;
import static dev.cpuhp.state.CpuhpState.TEARDOWN_CPU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.OnMachine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rules of cpu_up()/cpu_down(): what is refused, with which errno, and where CPUs end up. */
class TransitionRulesTest extends OnMachine {



    private int stateOf(int cpu) {
        return hp.state(cpu).state();
    }

    @Test
    void theLastOnlineCpuCannotGoDown() {
        assertEquals(0, hp.cpuDown(1));
        assertEquals(0, hp.cpuDown(2));
        assertEquals(0, hp.cpuDown(3));
        assertEquals(Errno.EBUSY.ret(), hp.cpuDown(0));
        assertEquals("0", m.masks().online().toList());
        assertEquals(ONLINE, stateOf(0));
    }

    @Test
    void theBootCpuCanGoDownWhileAnotherRunsTheControlTask() {
        m.tracer().clear();
        assertEquals(0, hp.cpuDown(0));
        assertEquals("1-3", m.masks().online().toList());
        // work_on_cpu(): the control task ran on another online CPU, not the dying one
        var takedown = m.tracer().snapshot().stream()
                .filter(e -> e instanceof CpuhpEnter x && x.fun().equals("takedown_cpu")).findFirst().orElseThrow();
        assertEquals(1, takedown.ctx().cpu());
        assertEquals(0, hp.cpuUp(0));
        assertEquals("0-3", m.masks().online().toList());
    }

    @Test
    void disableMakesUpAndDownBusyUntilBalancedEnable() {
        hp.disable();
        hp.disable();
        assertEquals(Errno.EBUSY.ret(), hp.cpuDown(2));
        hp.enable();
        assertEquals(Errno.EBUSY.ret(), hp.cpuDown(2), "still disabled once");
        hp.enable();
        assertEquals(0, hp.cpuDown(2));
        hp.disable();
        assertEquals(Errno.EBUSY.ret(), hp.cpuUp(2));
        assertEquals(OFFLINE, stateOf(2));
        hp.enable();
        assertEquals(0, hp.cpuUp(2));
        assertFalse(m.log().contains("Unbalanced"));
        hp.enable();
        assertTrue(m.log().lines().stream().anyMatch(l -> l.endsWith("] Unbalanced cpu hotplug enable")));
        assertTrue(m.log().contains("WARNING: CPU: "));
        assertEquals(0, hp.cpuDown(2), "an unbalanced enable changes nothing");
    }

    @Test
    void offliningDisabledIsNotSupported() {
        assertEquals(0, hp.cpuDown(3));
        hp.disableOfflining();
        assertEquals(Errno.EOPNOTSUPP.ret(), hp.cpuDown(2));
        assertEquals(0, hp.cpuUp(3), "onlining still works");
    }

    @Test
    void aCpuThatNeverReportsAliveFailsWithEioAfterTenSeconds() {
        assertEquals(0, hp.cpuDown(2));
        m.platform().faults().neverAlive(2, true);
        long start = m.scheduler().now();
        assertEquals(Errno.EIO.ret(), hp.cpuUp(2));
        assertTrue(m.scheduler().now() - start >= TimeUnit.SECONDS.toNanos(10), "cpuhp_bp_sync_alive waits 10 s");
        assertTrue(m.log().contains("CPU2 failed to report alive state"), String.join("\n", m.log().lines()));
        assertEquals(OFFLINE, stateOf(2));
        assertFalse(m.masks().isOnline(2));
        // the kick state is accepted by cpuhp_can_boot_ap(): a healthy CPU comes up next time
        assertEquals(SyncState.KICKED, hp.state(2).syncState());
        m.platform().faults().neverAlive(2, false);
        assertEquals(0, hp.cpuUp(2));
        assertEquals(ONLINE, stateOf(2));
    }

    /**
     * {@code cpu:kick_ap} has no teardown: a CPU taken down to it is dead, and an up from there
     * starts at {@code cpu:bringup}, which waits for an alive report nobody kicked. 6.12 answers
     * EIO after 10 s and leaves the CPU where it was; from below the kick state it comes up again.
     */
    @Test
    void aCpuTakenDownToTheKickStateIsDeadAndTimesOutComingUpFromThere() {
        assertEquals(0, hp.cpuDown(2, BP_KICK_AP));
        assertEquals(BP_KICK_AP, stateOf(2));
        assertEquals(SyncState.DEAD, hp.state(2).syncState());
        long start = m.scheduler().now();
        assertEquals(Errno.EIO.ret(), hp.cpuUp(2));
        assertTrue(m.scheduler().now() - start >= TimeUnit.SECONDS.toNanos(10), "cpuhp_bp_sync_alive waits 10 s");
        assertTrue(m.log().contains("CPU2 failed to report alive state"), String.join("\n", m.log().lines()));
        assertEquals(BP_KICK_AP, stateOf(2));
        assertEquals(BP_KICK_AP, hp.state(2).target());
        assertEquals(0, hp.cpuDown(2));
        assertEquals(0, hp.cpuUp(2));
        assertEquals(ONLINE, stateOf(2));
    }

    /**
     * A second kick while the AP is still in its firmware restarts it ({@code cpuhp_can_boot_ap()}
     * allows one while KICKED); it must not survive the CPU's life and wake it after a later
     * death. A 3-minute concurrent torture run found a CPU parked dead at {@code cpu:kick_ap}
     * coming up with 0, woken by a kick from its previous life.
     */
    @Test
    void aKickDuringStartupDoesNotOutliveTheCpu() {
        try (Machine costed = Machine.builder().profile("laptop-4t").deterministic(3).boot()) {
            Hotplug h = costed.hotplug();
            costed.runAs("test", 0, () -> {
                assertEquals(0, h.cpuDown(1));
                assertEquals(0, h.cpuUp(1, BP_KICK_AP));
                assertEquals(0, h.cpuDown(1, OFFLINE), "kick_ap has no teardown: the AP boots on");
                assertEquals(SyncState.KICKED, h.state(1).syncState(), "still in its firmware");
                assertEquals(0, h.cpuUp(1, BP_KICK_AP), "kicked again while KICKED");
                assertEquals(0, h.cpuUp(1));
                assertEquals(0, h.cpuDown(1, BP_KICK_AP));
                return null;
            });
            costed.settle();
            assertEquals(SyncState.DEAD, h.state(1).syncState(), "dead, and nothing woke it");
            assertEquals(Errno.EIO.ret(), costed.runAs("test", 0, () -> h.cpuUp(1)));
        }
    }

    /**
     * A failure armed at a DEAD step while the CPU stood below it, hit on a later offline:
     * {@code cpuhp_down_callbacks()} rolls forward to where the walk began ({@code cpu:teardown})
     * on the control CPU, which runs {@code cpu:kick_ap} and {@code cpu:bringup} again; the AP
     * reports {@code ap:online-idle}, one above, and {@code _cpu_down()}, finding it neither
     * back at the start nor at {@code cpu:teardown}, only warns. 6.12 and 6.18 end there too.
     */
    @Test
    void aFailedDeadCallbackBringsTheCpuBackToOnlineIdleWithAWarning() {
        int smpcfdPrepare = m.states().find("smpcfd:prepare").orElseThrow();
        assertEquals(0, hp.cpuDown(3, smpcfdPrepare));
        assertEquals(0, hp.setFail(3, smpcfdPrepare));
        assertEquals(0, hp.cpuUp(3));
        assertEquals(Errno.EAGAIN.ret(), hp.cpuDown(3));
        assertEquals(AP_ONLINE_IDLE, stateOf(3));
        assertEquals(TEARDOWN_CPU, hp.state(3).target());
        assertTrue(m.masks().isOnline(3), "came back through cpu:bringup");
        assertFalse(m.masks().isActive(3));
        assertTrue(m.log().contains("DEAD callback error for CPU3"), String.join("\n", m.log().lines()));
        assertEquals(0, hp.cpuUp(3), "and it goes on up from there");
        assertEquals(ONLINE, stateOf(3));
    }

    @Test
    void impossibleCpusAndStatesAreInvalid() {
        assertEquals(Errno.EINVAL.ret(), hp.cpuUp(4));
        assertEquals(Errno.EINVAL.ret(), hp.cpuUp(-1));
        assertEquals(Errno.EINVAL.ret(), hp.cpuDown(1, ONLINE + 1));
        assertTrue(m.log().lines().isEmpty() || !m.log().contains("WARNING"));
    }

    @Test
    void noTargetBetweenBringupAndTheIdleTaskIsAccepted() {
        for (int target = BRINGUP_CPU; target < AP_ONLINE_IDLE; target++) {
            assertEquals(Errno.EINVAL.ret(), hp.cpuDown(1, target), "down to " + target);
            assertEquals(ONLINE, stateOf(1));
        }
        assertEquals(0, hp.cpuDown(1));
        for (int target = BRINGUP_CPU; target < AP_ONLINE_IDLE; target++) {
            assertEquals(Errno.EINVAL.ret(), hp.cpuUp(1, target), "up to " + target);
            assertEquals(OFFLINE, stateOf(1));
        }
        assertEquals(0, hp.cpuUp(1));
        assertEquals(ONLINE, stateOf(1));
        assertFalse(m.log().contains("BUG"), m.log().lines().toString());
    }

    @Test
    void alreadyThereIsSuccess() {
        assertEquals(0, hp.cpuUp(1));
        assertEquals(0, hp.cpuDown(1));
        assertEquals(0, hp.cpuDown(1));
        assertEquals(OFFLINE, stateOf(1));
    }

    @Test
    void aCpuStopsAtAnyStateAndContinuesFromThere() {
        int workqueueOnline = m.states().find("workqueue:online").orElseThrow();
        assertEquals(0, hp.cpuDown(1, workqueueOnline));
        assertEquals(workqueueOnline, stateOf(1));
        assertTrue(m.masks().isOnline(1), "still in the AP's range: online");
        assertFalse(m.masks().isActive(1), "sched:active was undone");

        int timersPrepare = m.states().find("timers:prepare").orElseThrow();
        assertEquals(0, hp.cpuDown(1, timersPrepare));
        assertEquals(timersPrepare, stateOf(1));
        assertFalse(m.masks().isOnline(1));

        assertEquals(0, hp.cpuUp(1, BP_KICK_AP));
        assertEquals(BP_KICK_AP, stateOf(1));
        m.settle();
        assertEquals(SyncState.ALIVE, hp.state(1).syncState(), "kicked and waiting to be released");

        assertEquals(0, hp.cpuUp(1, AP_ONLINE_IDLE));
        assertEquals(AP_ONLINE_IDLE, stateOf(1));
        assertTrue(m.masks().isOnline(1));
        assertEquals(0, hp.cpuUp(1));
        assertEquals(ONLINE, stateOf(1));
        assertTrue(m.masks().isActive(1));
    }

    @Test
    void aCpuThatRefusesToDieRollsForwardToWhereItWas() {
        m.platform().faults().refuseDisableOnce(2, Errno.EBUSY);
        m.tracer().clear();
        assertEquals(Errno.EBUSY.ret(), hp.cpuDown(2));
        assertEquals(ONLINE, stateOf(2));
        assertEquals(ONLINE, hp.state(2).target());
        assertTrue(m.masks().isOnline(2) && m.masks().isActive(2));
        assertFalse(hp.state(2).thread().isParked(), "the hotplug thread was unparked to roll forward");
        // the ONLINE section came down to cpu:teardown and went up again on the CPU's thread
        var steps = CallbackOrderTest.steps(m.tracer().snapshot(), 2);
        int teardown = steps.indexOf(TEARDOWN_CPU);
        var onlineSection = m.states().named().stream()
                .filter(st -> st.state() > TEARDOWN_CPU && st.state() < ONLINE).toList();
        assertEquals(onlineSection.stream().filter(st -> st.teardown() != null).map(st -> st.state())
                .sorted(java.util.Comparator.reverseOrder()).toList(), steps.subList(0, teardown));
        assertEquals(onlineSection.stream().filter(st -> st.startup() != null).map(st -> st.state()).toList(),
                steps.subList(teardown + 1, steps.size()));
        assertFalse(m.log().contains("WARNING"), String.join("\n", m.log().lines()));
        assertEquals(0, hp.cpuDown(2), "the refusal was one-shot");
    }
}
