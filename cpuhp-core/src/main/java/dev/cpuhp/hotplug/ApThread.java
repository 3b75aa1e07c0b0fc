package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.INVALID;

import dev.cpuhp.errno.Errno;
import dev.cpuhp.smp.KThread;
import dev.cpuhp.smp.PercpuThread;
import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import dev.cpuhp.trace.TraceEvent.CpuhpExit;

/**
 * The AP hotplug thread {@code cpuhp/N} and the control CPU's side of it: the ONLINE section
 * of a CPU runs on this thread, one callback per invocation of {@link #run}, while the control
 * CPU waits on {@code done_up}/{@code done_down}.
 *
 * <p>Hand-off: the control CPU writes the operation into {@link CpuhpCpuState}, sets
 * {@code shouldRun} and wakes the thread (scheduler lock: release); the thread reads it after
 * waking (acquire) and publishes {@code result} before completing (release), which the
 * control CPU reads after its wait (acquire): the two {@code smp_mb()} of the kernel.
 */
final class ApThread implements PercpuThread {
    private final Cpuhp hp;
    private final Walker walker;

    ApThread(Cpuhp hp, Walker walker) {
        this.hp = hp;
        this.walker = walker;
    }

    @Override
    public String name(int cpu) {
        return "cpuhp/" + cpu;
    }

    @Override
    public void store(int cpu, KThread thread) {
        hp.st(cpu).thread = thread;
    }

    /** The hotplug core parks and unparks {@code cpuhp/N} itself. */
    @Override
    public boolean selfParking() {
        return true;
    }

    @Override
    public boolean shouldRun(int cpu) {
        return hp.st(cpu).shouldRun;
    }

    /** {@code cpuhp_thread_fun()}: one callback per call; completes when done or failed. */
    @Override
    public void run(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        boolean bringup = st.bringup;
        if (!st.shouldRun) {
            hp.log.warnOnce("cpuhp_thread_fun " + cpu, "cpuhp/" + cpu + ": woken without work");
            return;
        }
        int state;
        if (st.single) {
            state = st.cbState;
            st.shouldRun = false;
        } else {
            state = walker.nextState(bringup, st, st.target);
            st.shouldRun = state != INVALID;
        }
        if (state != INVALID) {
            if (!hp.layout.isApState(state)) {
                hp.log.warnOnce("cpuhp_thread_fun state " + state, "cpuhp/" + cpu + ": not an AP state " + state);
            }
            st.result = walker.invokeCallback(cpu, state, bringup, st.node, true);
            if (st.result != 0 && hp.layout.isAtomic(state)) {
                hp.log.warnOnce("cpuhp atomic " + state, "CPU " + cpu + ": STARTING/DYING state "
                        + state + " (" + hp.name(state) + ") failed (" + st.result + ")");
            }
            if (st.result != 0) {
                if (st.rollback) {
                    // No way forward, no way back: the CPU stays where it is.
                    hp.log.warn("CPU " + cpu + ": callback failed during rollback at state " + state
                            + " (" + hp.name(state) + "): " + Errno.describe(st.result));
                }
                st.shouldRun = false;
            }
        }
        if (!st.shouldRun) {
            st.done(bringup).complete();
        }
    }

    // ------------------------------------------------------------------ control CPU side

    /** {@code __cpuhp_kick_ap()}: hands the operation to the thread and waits for it. */
    void kick(CpuhpCpuState st) {
        if (!st.single && st.state == st.target) {
            return;
        }
        st.result = 0;
        st.shouldRun = true;
        long start = hp.scheduler.now();
        st.thread.wakeUp();
        st.done(st.bringup).waitForCompletion();
        hp.waits.add(ControlWaits.Kind.AP_THREAD, st.cpu(), hp.scheduler.self().pid(), start, hp.scheduler.now());
    }

    /**
     * {@code cpuhp_kick_ap()}: drives the thread to {@code target}; on failure the thread
     * rolls itself back (a second kick in the other direction) and the original error is
     * returned.
     */
    int kickAp(int cpu, CpuhpCpuState st, int target) {
        int prev = walker.setState(cpu, st, target);
        kick(st);
        int ret = st.result;
        if (ret != 0) {
            walker.resetState(cpu, st, prev);
            kick(st);
        }
        return ret;
    }

    /** {@code cpuhp_kick_ap_work()}: {@link #kickAp} traced as a pseudo step. */
    int kickApWork(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        int prev = st.state;
        hp.tracer.emit(ctx -> new CpuhpEnter(ctx, cpu, st.target, prev, "cpuhp_kick_ap_work"));
        int ret = kickAp(cpu, st, st.target);
        hp.tracer.emit(ctx -> new CpuhpExit(ctx, cpu, st.state, prev, ret));
        return ret;
    }

    /**
     * {@code cpuhp_invoke_ap_callback()}: runs one state's callback (a runtime install or
     * remove) on {@code cpu}'s hotplug thread; a partial multi-instance failure is undone there.
     */
    int invokeApCallback(int cpu, int state, boolean bringup, Object node) {
        CpuhpCpuState st = hp.st(cpu);
        if (!hp.masks.isOnline(cpu)) {
            return 0;
        }
        if (st.thread == null) {
            return walker.invokeCallback(cpu, state, bringup, node, false);
        }
        st.rollback = false;
        st.last = null;
        st.node = node;
        st.bringup = bringup;
        st.cbState = state;
        st.single = true;
        kick(st);
        int ret = st.result;
        if (ret != 0 && st.last != null) {
            st.rollback = true;
            st.bringup = !bringup;
            kick(st);
        }
        st.node = null;
        st.last = null;
        return ret;
    }
}
