package dev.cpuhp.sync;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.WaitQueue;
import java.util.function.IntPredicate;

/**
 * An {@code atomic_t} that tasks can wait on: the kernel polls such variables
 * ({@code cpuhp_ap_sync_alive()} spins, the control CPU polls then sleeps); here a waiter
 * blocks until a writer changes the value, which costs nothing in simulated time, as a poll
 * that finds nothing would.
 *
 * <p>Reads are lock-free (volatile). Writes happen under the scheduler lock so that a waiter
 * checking the value under the lock cannot miss the wake-up that follows a change.
 */
public final class SyncVar {
    private final Scheduler scheduler;
    private final WaitQueue waiters;
    private volatile int value;

    public SyncVar(Scheduler scheduler, String name, int initial) {
        this.scheduler = scheduler;
        this.waiters = new WaitQueue(scheduler, name);
        this.value = initial;
    }

    public int get() {
        return value;
    }

    public void set(int v) {
        scheduler.lock();
        try {
            value = v;
            waiters.wakeAll();
        } finally {
            scheduler.unlock();
        }
    }

    /** {@code atomic_xchg()}: full barrier; returns the old value. */
    public int exchange(int v) {
        scheduler.lock();
        try {
            int old = value;
            value = v;
            waiters.wakeAll();
            return old;
        } finally {
            scheduler.unlock();
        }
    }

    /** {@code atomic_try_cmpxchg()}. */
    public boolean compareAndSet(int expected, int v) {
        scheduler.lock();
        try {
            if (value != expected) {
                return false;
            }
            value = v;
            waiters.wakeAll();
            return true;
        } finally {
            scheduler.unlock();
        }
    }

    /**
     * Spins (a busy wait, legal in atomic context) until {@code until} holds or the deadline.
     *
     * @param idle true if this CPU may legitimately spin here forever (an AP waiting to be
     *             released): such a wait is never reported as a deadlock
     * @return false on timeout
     */
    public boolean spinUntil(IntPredicate until, long deadline, boolean idle) {
        scheduler.lock();
        try {
            while (!until.test(value)) {
                if (!waiters.await(deadline, idle) && !until.test(value)) {
                    return false;
                }
            }
            return true;
        } finally {
            scheduler.unlock();
        }
    }

    /**
     * Like {@link #spinUntil} and, when {@code next} is given, atomically moves the value on
     * from the awaited one: {@code cpuhp_wait_for_sync_state(state, next)}.
     *
     * @return false on timeout (the value is left unchanged)
     */
    public boolean waitAndSwap(int awaited, int next, long deadline) {
        scheduler.mightSleep("cpuhp_wait_for_sync_state");
        scheduler.lock();
        try {
            while (value != awaited) {
                if (!waiters.await(deadline, false) && value != awaited) {
                    return false;
                }
            }
            value = next;
            waiters.wakeAll();
            return true;
        } finally {
            scheduler.unlock();
        }
    }
}
