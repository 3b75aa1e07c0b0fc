package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.INVALID;

import dev.cpuhp.errno.Errno;
import dev.cpuhp.errno.ErrnoException;
import dev.cpuhp.sched.SchedulingWhileAtomicError;
import dev.cpuhp.state.Callback;
import dev.cpuhp.state.Step;
import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import dev.cpuhp.trace.TraceEvent.CpuhpExit;
import dev.cpuhp.trace.TraceEvent.CpuhpMultiEnter;
import java.util.Optional;

/**
 * The state machine's core loop ({@code kernel/cpu.c}): invoke one step's callback, find the
 * next step, walk a range, roll back. Every other part of the core drives CPUs through here.
 *
 * <p>Invariants the walk keeps, as the kernel does:
 * <ul>
 *   <li>{@code state} is advanced before a callback runs (up: {@code ++state}; down:
 *       {@code state--}), so a failure leaves it pointing at the failed step (up) or one below
 *       it (down) and {@link #resetState} undoes that one step.</li>
 *   <li>Steps without a callback in the walk's direction are skipped in the same loop.</li>
 *   <li>The direction flips at most once per operation ({@code rollback}); a failure while
 *       rolling back stops the CPU where it is.</li>
 * </ul>
 */
final class Walker {
    /** The callback running on this thread, if any: registration from inside one is refused. */
    record Invocation(int cpu, int state, String name, String symbol) {
    }

    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

    private final Cpuhp hp;

    Walker(Cpuhp hp) {
        this.hp = hp;
    }

    /** The hotplug callback the calling thread is running, if any. */
    static Optional<Invocation> inCallback() {
        return Optional.ofNullable(CURRENT.get());
    }

    // ------------------------------------------------------------------ one step

    /**
     * {@code cpuhp_invoke_callback()}: runs {@code state}'s callback for {@code cpu}.
     *
     * @param node      for multi-instance install/remove: the one instance to call, else null
     * @param trackLast the hotplug-thread path: remember a failing instance in {@code last}
     *                  so that the opposite walk undoes exactly the ones that succeeded
     */
    int invokeCallback(int cpu, int state, boolean bringup, Object node, boolean trackLast) {
        CpuhpCpuState st = hp.st(cpu);
        if (st.fail == state) {
            st.fail = INVALID;
            return Errno.EAGAIN.ret();
        }
        Step step = hp.table.step(state);
        if (step == null || step.isEmpty(bringup)) {
            hp.log.warnOnce("cpuhp_invoke_callback empty " + state,
                    "CPU " + cpu + ": cpuhp_invoke_callback() on empty state " + state);
            return 0;
        }
        if (hp.bugs.skipsTeardown(state, bringup)) {
            return 0;
        }
        Callback cb = step.callback(bringup);
        if (cb instanceof Callback.Single single) {
            hp.tracer.emit(ctx -> new CpuhpEnter(ctx, cpu, st.target, state, single.symbol()));
            int ret = call(cpu, step, single.symbol(), () -> single.fn().invoke(cpu));
            hp.tracer.emit(ctx -> new CpuhpExit(ctx, cpu, st.state, state, ret));
            return ret;
        }
        Callback.Multi multi = (Callback.Multi) cb;
        if (node != null) {
            return invokeInstance(cpu, st, step, multi, node);
        }
        int count = 0;
        for (Object instance : step.instances()) {
            if (trackLast && instance == st.last) {
                break;
            }
            int ret = invokeInstance(cpu, st, step, multi, instance);
            if (ret != 0) {
                if (trackLast) {
                    st.last = instance;
                    return ret;
                }
                rollbackInstances(cpu, st, step, bringup, count);
                return ret;
            }
            count++;
        }
        if (trackLast) {
            st.last = null;
        }
        return 0;
    }

    /**
     * The control-CPU path of a partial multi-instance failure: undo the {@code count}
     * instances that succeeded, newest first, and keep the original error (the June 2026
     * fix; older kernels returned the rollback's 0 here).
     */
    private void rollbackInstances(int cpu, CpuhpCpuState st, Step step, boolean bringup, int count) {
        Callback undo = step.callback(!bringup);
        if (!(undo instanceof Callback.Multi multi)) {
            return;
        }
        for (Object instance : step.instances()) {
            if (count-- == 0) {
                break;
            }
            int rollbackRet = invokeInstance(cpu, st, step, multi, instance);
            if (rollbackRet != 0) {
                hp.log.warnOnce("multi rollback " + step.state(), "CPU " + cpu + ": rollback of "
                        + step.name() + " instance failed (" + Errno.describe(rollbackRet) + ")");
            }
        }
    }

    private int invokeInstance(int cpu, CpuhpCpuState st, Step step, Callback.Multi multi, Object instance) {
        hp.tracer.emit(ctx -> new CpuhpMultiEnter(ctx, cpu, st.target, step.state(), multi.symbol()));
        int ret = call(cpu, step, multi.symbol(), () -> multi.fn().invoke(cpu, instance));
        hp.tracer.emit(ctx -> new CpuhpExit(ctx, cpu, st.state, step.state(), ret));
        return ret;
    }

    private interface Body {
        int run();
    }

    /**
     * Calls a callback: marks the thread as inside one, runs STARTING/DYING callbacks in
     * atomic context, and turns what a Java callback can do wrong into an errno.
     */
    private int call(int cpu, Step step, String symbol, Body body) {
        Invocation outer = CURRENT.get();
        CURRENT.set(new Invocation(cpu, step.state(), step.name(), symbol));
        try {
            if (hp.layout.isAtomic(step.state())) {
                String what = "CPU " + cpu + " state " + step.state() + " (" + step.name() + ") " + symbol;
                try (var irqsOff = hp.scheduler.atomic(what)) {
                    return body.run();
                }
            }
            return body.run();
        } catch (SchedulingWhileAtomicError e) {
            return Errno.EDEADLK.ret(); // the scheduler has printed the BUG report
        } catch (ErrnoException e) {
            return e.errno().ret();
        } catch (RuntimeException e) {
            hp.log.printk("cpuhp: " + symbol + " (state " + step.state() + " " + step.name() + ") on CPU "
                    + cpu + " threw " + e);
            return Errno.EIO.ret();
        } finally {
            CURRENT.set(outer);
        }
    }

    // ------------------------------------------------------------------ walking

    /**
     * {@code cpuhp_next_state()}: advances {@code st.state} towards {@code target} past steps
     * with nothing to do in this direction.
     *
     * @return the step to run, or {@link dev.cpuhp.state.CpuhpState#INVALID} when at target
     */
    int nextState(boolean bringup, CpuhpCpuState st, int target) {
        while (true) {
            int s;
            if (bringup) {
                if (st.state >= target) {
                    return INVALID;
                }
                s = ++st.state;
            } else {
                if (st.state <= target) {
                    return INVALID;
                }
                s = st.state--;
            }
            if (!hp.table.isEmpty(bringup, s)) {
                return s;
            }
        }
    }

    /**
     * {@code __cpuhp_invoke_callback_range()}: walks to {@code target}. With {@code nofail}
     * (STARTING/DYING) a failure is logged and the walk goes on; otherwise it stops there.
     *
     * @return 0, the first error, or -1 if a nofail step failed
     */
    int invokeRange(boolean bringup, int cpu, CpuhpCpuState st, int target, boolean nofail) {
        int ret = 0;
        int s;
        while ((s = nextState(bringup, st, target)) != INVALID) {
            int err = invokeCallback(cpu, s, bringup, null, false);
            if (err == 0) {
                continue;
            }
            if (nofail) {
                hp.log.printk(String.format("CPU %d %s state %s (%d) failed (%d)",
                        cpu, bringup ? "UP" : "DOWN", hp.name(st.state), st.state, err));
                ret = -1;
            } else {
                return err;
            }
        }
        return ret;
    }

    /** {@code cpuhp_up_callbacks()}: walk up; on failure roll back down to where we started. */
    int upCallbacks(int cpu, CpuhpCpuState st, int target) {
        int prev = st.state;
        int ret = invokeRange(true, cpu, st, target, false);
        if (ret != 0) {
            hp.log.printk(String.format("CPU UP failed (%d) CPU %d state %s (%d)",
                    ret, cpu, hp.name(st.state), st.state));
            resetState(cpu, st, prev);
            if (invokeRange(false, cpu, st, prev, false) != 0) {
                hp.log.warn("CPU " + cpu + ": rollback to state " + prev + " failed, CPU stuck at state "
                        + st.state + " (" + hp.name(st.state) + ")");
            }
        }
        return ret;
    }

    /** {@code cpuhp_down_callbacks()}: walk down; on failure roll forward again. */
    int downCallbacks(int cpu, CpuhpCpuState st, int target) {
        int prev = st.state;
        int ret = invokeRange(false, cpu, st, target, false);
        if (ret != 0) {
            hp.log.printk(String.format("CPU DOWN failed (%d) CPU %d state %s (%d)",
                    ret, cpu, hp.name(st.state), st.state));
            resetState(cpu, st, prev);
            if (st.state < prev && invokeRange(true, cpu, st, prev, false) != 0) {
                hp.log.warn("CPU " + cpu + ": roll forward to state " + prev + " failed, CPU stuck at state "
                        + st.state + " (" + hp.name(st.state) + ")");
            }
        }
        return ret;
    }

    /** {@code cpuhp_set_state()}: starts an operation towards {@code target}; returns the old state. */
    int setState(int cpu, CpuhpCpuState st, int target) {
        int prev = st.state;
        boolean bringup = st.state < target;
        st.rollback = false;
        st.last = null;
        st.target = target;
        st.single = false;
        st.bringup = bringup;
        if (hp.masks.isDying(cpu) != !bringup) {
            hp.masks.setDying(cpu, !bringup);
        }
        return prev;
    }

    /**
     * {@code cpuhp_reset_state()}: turns the operation back towards {@code prev}. The direction
     * flips only once; the failed step did not complete, so {@code state} steps back over it
     * unless a multi-instance step failed part-way ({@code last}), which must be undone first.
     */
    void resetState(int cpu, CpuhpCpuState st, int prev) {
        boolean bringup = !st.bringup;
        st.target = prev;
        if (st.rollback) {
            return;
        }
        st.rollback = true;
        if (st.last == null) {
            if (st.bringup) {
                st.state--;
            } else {
                st.state++;
            }
        }
        st.bringup = bringup;
        if (hp.masks.isDying(cpu) != !bringup) {
            hp.masks.setDying(cpu, !bringup);
        }
    }
}
