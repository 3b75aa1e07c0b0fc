package dev.cpuhp.sync;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.Task;
import dev.cpuhp.sched.WaitQueue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's {@code percpu_rw_semaphore}, which {@code cpu_hotplug_lock} is: readers are
 * cheap and scale (each counts its holds in a slot of its own, no shared cache line written,
 * no read-modify-write); a writer is rare and expensive (it waits for every slot to drain).
 *
 * <h2>Implementation notes</h2>
 * Each thread that takes the read side gets a {@link Reader}: a slot holding its count of read
 * holds, written only by that thread, read by writers. The kernel's per-CPU counter at a finer
 * grain: per thread, and each simulated task has a thread of its own. A pending writer blocks
 * new readers, nested ones included (as in Linux), so a task that takes the read side twice
 * while a writer waits deadlocks; the scheduler reports that instead of hanging. Readers never
 * wait on each other.
 *
 * <h2>Memory ordering</h2>
 * Two regimes, chosen per call: the kernel's, where the writer pays through a grace period and
 * the reader's fast path has no fence; and a Dekker pair for callers no grace period covers.
 * <ul>
 *   <li><b>Grace periods (virtual clock, the caller a participant): no fence.</b> Linux's
 *       {@code percpu_down_read()} reads the writer's state and increments a per-CPU counter with
 *       no barrier, inside a preempt-disabled section, because its writer waits out an RCU grace
 *       period ({@code rcu_sync_enter()}) before it trusts the counters: once every CPU has
 *       passed a quiescent state, each reader either saw the writer or has its increment
 *       visible. Here the order is store then load, and the same argument holds. The simulated
 *       machine has grace periods of its own. The invariant used: when the scheduler counts no
 *       task runnable, every attached thread is parked inside {@code Scheduler.block()} and took
 *       the scheduler's lock after its last write of a count. That rests on the scheduler
 *       counting exactly (attach, spawn, wake and detach change the count under its lock) and
 *       on only the owner detaching, once. So a writer on the virtual clock sets {@code writerPending}
 *       (holding that lock) and then trusts the counts only when the scheduler reads them at a
 *       quiescent point, holding the lock, before it lets the clock move or calls a deadlock
 *       ({@link Scheduler#block(Object, long, boolean, java.util.function.BooleanSupplier)}).
 *       A participant that last passed the lock before the flag was set has run nothing since,
 *       so its counts were written before that passage and are visible to the recheck
 *       (lock release, then acquire); one that passed it after reads the flag after it, and sees
 *       it. Either way no reader is inside when the writer goes on, and everything a reader did
 *       in its section happens-before the writer's (its release store of the count, then its
 *       passage of the lock). The reader's lock is then a release store of its count and an
 *       acquire read of the flag (the acquire orders its section after the previous writer's
 *       {@code writeUnlock}, a volatile write); its unlock a release store, with no wake-up to
 *       send (the writer is woken by the recheck, at the same simulated instant). The price,
 *       as in Linux: every writer waits for a grace period, and a participant that never blocks
 *       in the scheduler (a host wait while attached, a loop of try-locks) stalls it, as a CPU
 *       that never passes a quiescent state stalls RCU.</li>
 *   <li><b>Dekker (the real clock, where a grace period would cost real time; a thread outside
 *       the machine, which the scheduler never waits for): one fence each way.</b> The lock is a
 *       volatile write of the count (a {@code getAndSet}: write and fence in one instruction,
 *       x86's {@code xchg}), then a volatile read of {@code writerPending}; the writer does a
 *       volatile write of {@code writerPending}, then volatile reads of {@code readers} and every
 *       count. Volatile accesses are totally ordered consistently with program order, so
 *       whichever write comes first is seen by the other side's read: the reader backs out, or
 *       the writer sees its count and waits. The unlock is a volatile write, then a read of
 *       {@code writerPending} and a wake-up if it is set: the same pair, so no wake-up is lost.
 *       A writer on the virtual clock reads these counts at its quiescent recheck after its
 *       flag write, so the pair holds there too. A new reader publishes its slot in
 *       {@code readers} (a volatile write) before its first count, in either regime.</li>
 * </ul>
 *
 * <h2>Finding the slot</h2>
 * {@link #readLock()} and {@link #readUnlock()} find the calling thread's {@link Reader}
 * through a {@link ThreadLocal}: a hash probe per call, the Java price of the kernel's
 * {@code this_cpu_ptr()}, which is a segment-register offset. A caller that keeps its
 * {@link #reader()} (a simulated CPU's thread knows its CPU) calls {@link Reader#lock()} and
 * {@link Reader#unlock()} and skips the probe. Slots of threads that ended with no hold are
 * dropped when the next thread registers.
 */
public final class PercpuRwSemaphore {
    private static final Reader[] NONE = {};

    private final Scheduler scheduler;
    private final String name;
    /** Virtual clock: writers wait for a grace period, and participants' read side has no fence. */
    private final boolean graces;
    private final ThreadLocal<Reader> local = new ThreadLocal<>();
    /** Every thread's slot; copy-on-write, replaced while holding {@link #local}'s monitor. */
    private volatile Reader[] readers = NONE;
    private volatile boolean writerPending;
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(PercpuRwSemaphore.class, "writerPending", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // guarded by the scheduler lock
    private final WaitQueue readerQueue;
    private final WaitQueue writerQueue;
    private Task writer;

    public PercpuRwSemaphore(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.name = name;
        this.graces = scheduler.isVirtual();
        this.readerQueue = new WaitQueue(scheduler, name + " (read)");
        this.writerQueue = new WaitQueue(scheduler, name + " (write)");
    }

    /**
     * The calling thread's slot, created on first use. Keep it to take the read side without
     * looking it up each time; only this thread may use it.
     */
    public Reader reader() {
        Reader r = local.get();
        return r != null ? r : register();
    }

    private Reader register() {
        Reader r = new Reader(this, Thread.currentThread());
        synchronized (local) {
            List<Reader> kept = new ArrayList<>();
            for (Reader o : readers) {
                // isAlive() false: the owner's last write happens-before, so its count is final
                if (o.owner.isAlive() || o.holds != 0) {
                    kept.add(o);
                }
            }
            kept.add(r);
            readers = kept.toArray(NONE);
        }
        local.set(r);
        return r;
    }

    /** Slots registered now (threads that took the read side and have not ended, or hold it). */
    int registeredReaders() {
        return readers.length;
    }

    /** True if no thread holds the read side (volatile reads). */
    private boolean noReaders() {
        for (Reader r : readers) {
            if (r.holds != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code percpu_down_read()}. */
    public void readLock() {
        lock(reader());
    }

    /** {@code percpu_down_read_trylock()}. */
    public boolean tryReadLock() {
        Reader r = reader();
        return tryLock(r, (long) Reader.HOLDS.get(r));
    }

    /** {@code percpu_up_read()}. */
    public void readUnlock() {
        unlock(reader());
    }

    private void lock(Reader r) {
        long h = (long) Reader.HOLDS.get(r);
        if (!tryLock(r, h)) {
            scheduler.mightSleep("percpu_down_read(" + name + ")");
            scheduler.lock();
            try {
                while (writerPending || !tryLock(r, h)) {
                    readerQueue.await(Scheduler.NO_DEADLINE, false);
                }
            } finally {
                scheduler.unlock();
            }
        }
    }

    /** The fast path: {@code h} is the caller's count (only the caller writes it). */
    private boolean tryLock(Reader r, long h) {
        if (graces && r.participant()) {
            Reader.HOLDS.setRelease(r, h + 1); // no fence: the writer waits for a grace period
            if (!(boolean) PENDING.getAcquire(this)) {
                return true;
            }
            Reader.HOLDS.setRelease(r, h);
            return false;
        }
        Reader.HOLDS.getAndSet(r, h + 1); // a volatile write and the one fence: x86's xchg
        if (!writerPending) {
            return true;
        }
        Reader.HOLDS.setRelease(r, h);
        wakeWriter();
        return false;
    }

    private void unlock(Reader r) {
        long h = (long) Reader.HOLDS.get(r);
        if (h == 0) {
            throw new IllegalStateException(name + ": read unlock without read lock");
        }
        if (graces && r.participant()) {
            Reader.HOLDS.setRelease(r, h - 1); // the writer's recheck at a quiescent point sees it
            return;
        }
        r.holds = h - 1;
        if (writerPending) {
            wakeWriter();
        }
    }

    /**
     * A writer may be waiting for this reader's count. On the real clock it reads the counts
     * again when woken; on the virtual clock it waits for the scheduler's recheck regardless.
     */
    private void wakeWriter() {
        scheduler.lock();
        try {
            writerQueue.wakeAll();
        } finally {
            scheduler.unlock();
        }
    }

    /** {@code percpu_down_write()}: excludes other writers, then waits for readers to drain. */
    public void writeLock() {
        scheduler.mightSleep("percpu_down_write(" + name + ")");
        Task self = scheduler.self();
        scheduler.lock();
        try {
            while (writerPending) {
                writerQueue.await(Scheduler.NO_DEADLINE, false);
            }
            writerPending = true;
            try {
                if (graces) {
                    // rcu_sync_enter(): the counts mean something only after a grace period,
                    // so only the scheduler's recheck at a quiescent point may let the writer in
                    // (with no reader at all too: like Linux, every writer waits a grace period)
                    boolean[] drained = {false};
                    while (!drained[0]) {
                        writerQueue.await(Scheduler.NO_DEADLINE, false, () -> drained[0] = noReaders());
                    }
                } else {
                    while (!noReaders()) {
                        writerQueue.await(Scheduler.NO_DEADLINE, false);
                    }
                }
            } catch (RuntimeException | Error e) {
                // a deadlock report or a shutdown while draining: no writer is left pending
                writerPending = false;
                readerQueue.wakeAll();
                writerQueue.wakeAll();
                throw e;
            }
            writer = self;
        } finally {
            scheduler.unlock();
        }
    }

    /** {@code percpu_up_write()}. */
    public void writeUnlock() {
        Task self = scheduler.self();
        scheduler.lock();
        try {
            if (writer != self) {
                throw new IllegalStateException(name + ": write unlock by " + self + ", writer " + writer);
            }
            writer = null;
            writerPending = false;
            readerQueue.wakeAll();
            writerQueue.wakeAll();
        } finally {
            scheduler.unlock();
        }
    }

    /** True if the calling thread holds the read side. */
    public boolean isReadHeldByCurrentThread() {
        Reader r = local.get();
        return r != null && r.holds > 0;
    }

    /** True if the calling task holds the write side. */
    public boolean isWriteHeldByCurrentTask() {
        Task self = scheduler.current();
        scheduler.lock();
        try {
            return self != null && writer == self;
        } finally {
            scheduler.unlock();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** Padding before a reader's count: 128 bytes, two cache lines (adjacent-line prefetch). */
    @SuppressWarnings("unused")
    abstract static class Pad0 {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    /** A reader's count of read holds. */
    abstract static class Holds extends Pad0 {
        volatile long holds;
    }

    /** Padding after the count. */
    @SuppressWarnings("unused")
    abstract static class Pad1 extends Holds {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }

    /**
     * One thread's slot in a {@link PercpuRwSemaphore}: its count of read holds, written only
     * by that thread ({@link #owner}), on a cache line of its own. A handle to keep (the
     * kernel's {@code this_cpu_ptr()}): {@link #lock()} and {@link #unlock()} are the
     * semaphore's read side without the thread-local look-up.
     */
    public static final class Reader extends Pad1 {
        static final VarHandle HOLDS;

        static {
            try {
                HOLDS = MethodHandles.lookup().findVarHandle(Holds.class, "holds", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final PercpuRwSemaphore sem;
        final Thread owner;
        /** The owner's task when last seen attached; only the owner reads or writes it. */
        private Task task;

        Reader(PercpuRwSemaphore sem, Thread owner) {
            this.sem = sem;
            this.owner = owner;
        }

        /** True if the owner (the caller) is a participant of the semaphore's scheduler now. */
        boolean participant() {
            Task t = task;
            if (t != null && t.isAttachedHere()) {
                return true;
            }
            task = t = sem.scheduler.current();
            return t != null;
        }

        private void checkOwner() {
            if (owner != Thread.currentThread()) {
                throw new IllegalStateException(sem.name + ": reader of " + owner.getName()
                        + " used by " + Thread.currentThread().getName());
            }
        }

        /** {@code percpu_down_read()} by the owner. */
        public void lock() {
            checkOwner();
            sem.lock(this);
        }

        /** {@code percpu_down_read_trylock()} by the owner. */
        public boolean tryLock() {
            checkOwner();
            return sem.tryLock(this, (long) HOLDS.get(this));
        }

        /** {@code percpu_up_read()} by the owner. */
        public void unlock() {
            checkOwner();
            sem.unlock(this);
        }

        /** True if the owner holds the read side. */
        public boolean isHeld() {
            return holds > 0;
        }
    }
}
