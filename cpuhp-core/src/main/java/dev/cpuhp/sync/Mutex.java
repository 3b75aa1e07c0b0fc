package dev.cpuhp.sync;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.Task;
import dev.cpuhp.sched.WaitQueue;

/**
 * The kernel's {@code struct mutex}: sleeping, owner-tracked, not recursive. Locking it
 * recursively is reported as a deadlock by the scheduler rather than hanging.
 */
public final class Mutex {
    private final Scheduler scheduler;
    private final WaitQueue waiters;
    private final String name;
    private Task owner; // guarded by the scheduler lock

    public Mutex(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.name = name;
        this.waiters = new WaitQueue(scheduler, name);
    }

    public void lock() {
        scheduler.mightSleep("mutex_lock(" + name + ")");
        Task self = scheduler.self();
        scheduler.lock();
        try {
            while (owner != null) {
                waiters.await(Scheduler.NO_DEADLINE, false);
            }
            owner = self;
        } finally {
            scheduler.unlock();
        }
    }

    public boolean tryLock() {
        Task self = scheduler.self();
        scheduler.lock();
        try {
            if (owner != null) {
                return false;
            }
            owner = self;
            return true;
        } finally {
            scheduler.unlock();
        }
    }

    public void unlock() {
        Task self = scheduler.self();
        scheduler.lock();
        try {
            if (owner != self) {
                throw new IllegalStateException(name + ": unlocked by " + self + ", owner " + owner);
            }
            owner = null;
            waiters.wakeOne();
        } finally {
            scheduler.unlock();
        }
    }

    /** {@code lockdep_assert_held()} for the calling task. */
    public boolean isHeldByCurrentTask() {
        Task self = scheduler.current();
        scheduler.lock();
        try {
            return self != null && owner == self;
        } finally {
            scheduler.unlock();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
