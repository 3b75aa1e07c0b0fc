package dev.cpuhp.sched;

import java.util.ArrayDeque;

/**
 * FIFO of tasks waiting on one primitive. All methods require the scheduler lock: the queue is
 * part of the primitive's state, which that lock guards.
 */
public final class WaitQueue {
    private final Scheduler scheduler;
    private final String name;
    private final ArrayDeque<Task> waiters = new ArrayDeque<>();

    public WaitQueue(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.name = name;
    }

    /**
     * Blocks the caller on this queue until woken or {@code deadline}.
     *
     * @return false if the deadline passed
     * @see Scheduler#block
     */
    public boolean await(long deadline, boolean idle) {
        return await(deadline, idle, null);
    }

    /**
     * {@link #await(long, boolean)}; the scheduler also wakes the caller when {@code recheck}
     * holds at a quiescent point.
     *
     * @see Scheduler#block(Object, long, boolean, java.util.function.BooleanSupplier)
     */
    public boolean await(long deadline, boolean idle, java.util.function.BooleanSupplier recheck) {
        Task self = scheduler.self();
        waiters.addLast(self);
        try {
            return scheduler.block(this, deadline, idle, recheck);
        } finally {
            waiters.remove(self);
        }
    }

    /** Wakes the longest waiter that is still blocked. */
    public void wakeOne() {
        for (Task t : waiters) {
            if (t.blocked && !t.woken) {
                scheduler.wake(t);
                return;
            }
        }
    }

    public void wakeAll() {
        for (Task t : waiters) {
            scheduler.wake(t);
        }
    }

    public boolean isEmpty() {
        return waiters.isEmpty();
    }

    @Override
    public String toString() {
        return name;
    }
}
