package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.BRINGUP_CPU;
import static dev.cpuhp.state.CpuhpState.INVALID;
import static dev.cpuhp.state.CpuhpState.OFFLINE;
import static dev.cpuhp.state.CpuhpState.ONLINE;
import static dev.cpuhp.state.CpuhpState.isAtomic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.OnMachine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.state.Step;
import dev.cpuhp.trace.TraceEvent;
import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import dev.cpuhp.trace.TraceEvent.CpuhpExit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fault injection at every state of the table, both ways: the operation fails with EAGAIN
 * exactly when the walk reaches a callback at the injected state, the CPU ends exactly where it
 * started, and every callback that completed is undone by its counterpart.
 */
class RollbackSweepTest extends OnMachine {
    /** CPU 3 of a 1x2x2 machine: an SMT sibling, so sched:active also patches the static key. */
    static final int CPU = 3;


    @Override
    protected Machine.Builder machine() {
        return Machine.builder().ideal(1, 2, 2);
    }


    @Test
    void failingBringupRollsBackToOfflineFromEveryState() {
        assertEquals(0, hp.cpuDown(CPU));
        long failures = 0;
        for (int s = INVALID - 1; s <= ONLINE + 1; s++) {
            Step step = m.states().step(s);
            int r = hp.setFail(CPU, s);
            boolean allowed = s == INVALID || (s >= OFFLINE && s <= ONLINE && !isAtomic(s)
                    && step != null && !step.hasNoCallbacks());
            assertEquals(allowed ? 0 : Errno.EINVAL.ret(), r, "fail=" + s + " on an offline CPU");
            if (!allowed || s == INVALID) {
                continue;
            }
            m.tracer().clear();
            int ret = hp.cpuUp(CPU);
            if (step.startup() != null) {
                failures++;
                assertEquals(Errno.EAGAIN.ret(), ret, "cpu_up with fail=" + s);
                m.settle();
                assertAt(OFFLINE, "after failing cpu_up at " + s);
                // Failing cpu:bringup leaves the kicked AP spinning in cpuhp_ap_sync_alive();
                // cpuhp_can_boot_ap() accepts that state and the next kick restarts it.
                assertEquals(s == BRINGUP_CPU ? SyncState.ALIVE : SyncState.DEAD, hp.state(CPU).syncState());
                assertMatched(s, true);
            } else {
                // nothing to fail on the way up; the injection stays armed: disarm it
                assertEquals(0, ret, "cpu_up with fail=" + s + " (teardown-only state)");
                assertEquals(s, hp.state(CPU).fail());
                assertEquals(0, hp.setFail(CPU, INVALID));
                assertAt(ONLINE, "after cpu_up with fail=" + s);
                assertEquals(0, hp.cpuDown(CPU));
            }
            assertEquals(INVALID, hp.state(CPU).fail(), "fail is one-shot");
        }
        assertEquals(count(s -> s.startup() != null && !isAtomic(s.state())), failures,
                "every state with a startup callback failed once");
        assertEquals(0, hp.cpuUp(CPU), "the CPU still comes up after the sweep");
        assertNoWarnings();
    }

    @Test
    void failingTeardownRollsForwardToOnlineFromEveryState() {
        long failures = 0;
        for (int s = OFFLINE; s <= ONLINE; s++) {
            Step step = m.states().step(s);
            int r = hp.setFail(CPU, s);
            boolean allowed = !isAtomic(s) && s > BRINGUP_CPU && step != null && !step.hasNoCallbacks();
            assertEquals(allowed ? 0 : Errno.EINVAL.ret(), r, "fail=" + s + " on an online CPU");
            if (!allowed) {
                continue;
            }
            m.tracer().clear();
            int ret = hp.cpuDown(CPU);
            if (step.teardown() != null) {
                failures++;
                assertEquals(Errno.EAGAIN.ret(), ret, "cpu_down with fail=" + s);
                assertAt(ONLINE, "after failing cpu_down at " + s);
                assertMatched(s, false);
            } else {
                assertEquals(0, ret, "cpu_down with fail=" + s + " (startup-only state)");
                assertEquals(0, hp.setFail(CPU, INVALID));
                assertAt(OFFLINE, "after cpu_down with fail=" + s);
                assertEquals(0, hp.cpuUp(CPU));
            }
        }
        assertEquals(count(s -> s.teardown() != null && !isAtomic(s.state()) && s.state() > BRINGUP_CPU), failures,
                "every state past cpu:bringup with a teardown failed once");
        assertNoWarnings();
    }

    /** The CPU is at {@code state} and everything that follows from it agrees. */
    private void assertAt(int state, String when) {
        CpuhpCpuState st = hp.state(CPU);
        assertEquals(state, st.state(), when + ": state");
        assertEquals(state, st.target(), when + ": target");
        boolean up = state == ONLINE;
        assertEquals(up, m.masks().isOnline(CPU), when + ": online mask");
        assertEquals(up, m.masks().isActive(CPU), when + ": active mask");
        // cpuhp_set_state() flips the dying bit with the direction: a CPU taken down stays in
        // cpu_dying_mask until its next bringup starts
        assertEquals(!up, m.masks().isDying(CPU), when + ": dying mask");
        if (up) {
            assertEquals(SyncState.ONLINE, st.syncState(), when + ": sync state");
        }
        assertEquals(!up, st.thread().isParked(), when + ": cpuhp/" + CPU + " parked");
    }

    /**
     * In the trace of the operation, every callback that completed in one direction is undone
     * by its counterpart, in reverse order, and the injected step never ran.
     *
     * <p>A step whose callback returned an error did not complete and is not undone, with one
     * exception the kernel has: {@code cpuhp_bringup_ap} fails when the AP's own thread failed
     * and rolled back to {@code AP_ONLINE_IDLE}; the CPU is up to there, so the control CPU
     * takes it down through {@code cpu:teardown} and {@code finish_cpu}. Such a failed step
     * counts as done exactly when its undo follows.
     */
    private void assertMatched(int failedAt, boolean bringup) {
        // in the order the steps began: nested steps (the AP's, inside cpu:bringup and
        // cpu:teardown) come after their enclosing step
        List<String[]> completions = new java.util.ArrayList<>(); // {state, direction, ret}
        Map<Integer, String[]> pending = new HashMap<>();
        for (TraceEvent e : m.tracer().snapshot()) {
            if (e instanceof CpuhpEnter x && x.cpu() == CPU && !x.fun().equals("cpuhp_kick_ap_work")) {
                assertTrue(x.idx() != failedAt, "the injected step " + failedAt + " must not run: " + x);
                Step step = m.states().step(x.idx());
                boolean up = step.startup() != null && step.startup().symbol().equals(x.fun());
                String[] c = {Integer.toString(x.idx()), Boolean.toString(up), null};
                completions.add(c);
                pending.put(x.idx(), c);
            } else if (e instanceof CpuhpExit x && x.cpu() == CPU && pending.containsKey(x.idx())) {
                pending.remove(x.idx())[2] = Integer.toString(x.ret());
            }
        }
        assertTrue(pending.isEmpty(), "callbacks that never returned: " + pending);
        Deque<Integer> done = new ArrayDeque<>();
        for (int i = 0; i < completions.size(); i++) {
            int state = Integer.parseInt(completions.get(i)[0]);
            boolean up = Boolean.parseBoolean(completions.get(i)[1]);
            int ret = Integer.parseInt(completions.get(i)[2]);
            Step step = m.states().step(state);
            if (up == bringup) {
                boolean undoFollows = completions.subList(i + 1, completions.size()).stream()
                        .anyMatch(c -> c[0].equals(Integer.toString(state)) && !c[1].equals(Boolean.toString(up)));
                if (step.callback(!bringup) != null && (ret == 0 || undoFollows)) {
                    done.push(state);
                }
            } else {
                assertEquals(0, ret, "an undo must not fail: state " + state);
                if (step.callback(bringup) != null) {
                    assertTrue(!done.isEmpty(), "undo of " + state + " that was never done");
                    assertEquals(done.pop(), state, "undo out of order");
                }
            }
        }
        assertTrue(done.isEmpty(), "not undone after failure at " + failedAt + ": " + done);
    }

    private long count(java.util.function.Predicate<Step> p) {
        return m.states().named().stream().filter(p).count();
    }

    private void assertNoWarnings() {
        List<String> bad = m.log().lines().stream()
                .filter(l -> l.contains("WARNING") || l.contains("BUG")).toList();
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }
}
