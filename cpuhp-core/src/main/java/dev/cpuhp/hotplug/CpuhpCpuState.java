package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.INVALID;
import static dev.cpuhp.state.CpuhpState.OFFLINE;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.smp.KThread;
import dev.cpuhp.sync.Completion;
import dev.cpuhp.sync.SyncVar;

/**
 * {@code struct cpuhp_cpu_state}: where one CPU is in the state machine and what the current
 * operation on it is.
 *
 * <p>Ownership: the control CPU writes these fields while it holds the write side of the
 * hotplug lock; the CPU's hotplug thread reads and writes them only between being kicked and
 * completing {@code done_up}/{@code done_down}. Both hand-offs go through scheduler primitives
 * (wake-up, completion), whose lock orders every write before the other side's reads, the
 * {@code smp_mb()} pairs of the kernel. Fields read outside a hand-off (sysfs reading
 * {@code state}, {@code target}, {@code fail}; the hotplug thread polling {@code shouldRun})
 * are volatile.
 */
public final class CpuhpCpuState {
    final int cpu;

    /** The highest step completed; pre-advanced before a callback runs. */
    volatile int state = OFFLINE;
    /** Where the current operation is heading. */
    volatile int target = OFFLINE;
    /** One-shot fault injection: the next invocation of this step fails with EAGAIN. */
    volatile int fail = INVALID;

    /** The {@code cpuhp/N} thread, once created. */
    volatile KThread thread;
    /** Work flag for the hotplug thread. */
    volatile boolean shouldRun;
    /** Undoing a failed operation: the direction has been flipped once already. */
    boolean rollback;
    /** Run exactly {@link #cbState} (runtime install/remove), not a range. */
    boolean single;
    /** Direction of the current run. */
    boolean bringup;
    /** Instance for a single-instance invocation of a multi-instance state. */
    Object node;
    /** Multi-instance partial failure: the instance that failed; rollback stops there. */
    Object last;
    /** The state for single mode. */
    int cbState;
    /** The hotplug thread's result. */
    int result;

    /** {@code ap_sync_state}, {@link SyncState} ordinals. */
    final SyncVar apSyncState;
    /** Completed by the AP side when it reached the target on the way up / down. */
    final Completion doneUp;
    final Completion doneDown;

    CpuhpCpuState(Scheduler scheduler, int cpu) {
        this.cpu = cpu;
        this.apSyncState = new SyncVar(scheduler, "ap_sync_state/" + cpu, SyncState.DEAD.ordinal());
        this.doneUp = new Completion(scheduler, "cpuhp/" + cpu + " done_up");
        this.doneDown = new Completion(scheduler, "cpuhp/" + cpu + " done_down");
    }

    public int cpu() {
        return cpu;
    }

    public int state() {
        return state;
    }

    public int target() {
        return target;
    }

    public int fail() {
        return fail;
    }

    public SyncState syncState() {
        return SyncState.of(apSyncState.get());
    }

    public KThread thread() {
        return thread;
    }

    Completion done(boolean up) {
        return up ? doneUp : doneDown;
    }
}
