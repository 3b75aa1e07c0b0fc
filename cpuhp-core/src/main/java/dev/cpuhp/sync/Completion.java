package dev.cpuhp.sync;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.WaitQueue;

/**
 * The kernel's {@code struct completion}: a counted event. {@link #complete()} may be called
 * from atomic context (the idle task completes {@code done_up}); waiting may sleep.
 */
public final class Completion {
    private static final int COMPLETE_ALL = Integer.MAX_VALUE;

    private final Scheduler scheduler;
    private final WaitQueue waiters;
    private int done; // guarded by the scheduler lock

    public Completion(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.waiters = new WaitQueue(scheduler, name);
    }

    /** {@code wait_for_completion()}: blocks until completed, then consumes one completion. */
    public void waitForCompletion() {
        waitForCompletionUntil(Scheduler.NO_DEADLINE);
    }

    /**
     * {@code wait_for_completion_timeout()} with an absolute simulated deadline.
     *
     * @return false if the deadline passed first
     */
    public boolean waitForCompletionUntil(long deadline) {
        scheduler.mightSleep("wait_for_completion(" + waiters + ")");
        scheduler.lock();
        try {
            while (done == 0) {
                if (!waiters.await(deadline, false) && done == 0) {
                    return false;
                }
            }
            if (done != COMPLETE_ALL) {
                done--;
            }
            return true;
        } finally {
            scheduler.unlock();
        }
    }

    /** {@code complete()}: releases one waiter (or the next one to wait). */
    public void complete() {
        scheduler.lock();
        try {
            if (done != COMPLETE_ALL) {
                done++;
            }
            waiters.wakeOne();
        } finally {
            scheduler.unlock();
        }
    }

    /** {@code complete_all()}: releases every waiter, now and later, until reinitialised. */
    public void completeAll() {
        scheduler.lock();
        try {
            done = COMPLETE_ALL;
            waiters.wakeAll();
        } finally {
            scheduler.unlock();
        }
    }

    /** {@code reinit_completion()}. */
    public void reinit() {
        scheduler.lock();
        try {
            done = 0;
        } finally {
            scheduler.unlock();
        }
    }

    /** {@code completion_done()}: true if a wait would not block. */
    public boolean isDone() {
        scheduler.lock();
        try {
            return done > 0;
        } finally {
            scheduler.unlock();
        }
    }
}
