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
 * <ul>
 *   <li><b>Lock</b> (one fence): a volatile write of the reader's count (a {@code getAndSet},
 *       so the write and the fence are one instruction, x86's {@code xchg}), then a volatile
 *       read of {@code writerPending}; the writer does a volatile write of {@code writerPending},
 *       then volatile reads of {@code readers} and every count. Volatile accesses are totally
 *       ordered (the synchronization order) consistently with program order, so whichever of
 *       the two writes comes first is seen by the other side's read (Dekker): either the reader
 *       sees the writer and backs out, or the writer sees the reader's count (or a later write
 *       of it, as a count is coherence-ordered) and waits. A new reader publishes its slot in
 *       {@code readers} (a volatile write) before its first count, so the writer's read of the
 *       array is covered by the same argument. One locked instruction on a cache line no
 *       other thread writes, where a shared counter has one per increment on a shared
 *       line.</li>
 *   <li><b>Critical sections</b>: the unlock writes the count with at least release semantics
 *       and the writer reads it with a volatile read (an acquire), so everything a reader did
 *       in its section happens-before the writer's section; the writer's {@code writeUnlock}
 *       clears {@code writerPending} (a volatile write) that the next reader reads (an
 *       acquire).</li>
 *   <li><b>Unlock, and the writer's wake-up</b>: the unlock writes the count, then reads
 *       {@code writerPending}, and wakes the writer if it is set. That is store-then-load
 *       against the writer's store-then-load: with no StoreLoad fence on the reader's side,
 *       both may miss the other (the reader sees no writer, the writer an old count) and the
 *       writer would sleep forever. Linux's {@code percpu_up_read()} has no fence either: its
 *       writer first waits out an RCU grace period ({@code rcu_sync_enter()}), after which
 *       every reader takes the slow path with {@code smp_mb()}. Java has no such asymmetric
 *       fence, but the simulated machine has grace periods of its own: the writer sleeps with a
 *       recheck ({@link Scheduler#block(Object, long, boolean, java.util.function.BooleanSupplier)}),
 *       and before the scheduler lets the virtual clock move or calls a deadlock, it reads the
 *       counts again, holding its lock. Nothing is runnable then, so every participant has,
 *       after its last unlock, released that lock (it blocked, detached or ended under it):
 *       each unlock a participant did happens-before the recheck, which sees the count, and a
 *       missed wake-up costs no simulated time. So the unlock is a
 *       release write and no fence ("lazy") when the scheduler's clock is virtual and the
 *       calling thread is a participant. Otherwise (the real clock, where a grace period
 *       would cost real time; a thread outside the machine, which the scheduler never waits
 *       for) the count is a volatile write, which makes the unlock a Dekker pair with the
 *       writer's, a second fence.</li>
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
    /** Virtual clock: a participant's unlock need not fence (see the class notes). */
    private final boolean lazyUnlock;
    private final ThreadLocal<Reader> local = new ThreadLocal<>();
    /** Every thread's slot; copy-on-write, replaced while holding {@link #local}'s monitor. */
    private volatile Reader[] readers = NONE;
    private volatile boolean writerPending;

    // guarded by the scheduler lock
    private final WaitQueue readerQueue;
    private final WaitQueue writerQueue;
    private Task writer;

    public PercpuRwSemaphore(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.name = name;
        this.lazyUnlock = scheduler.isVirtual();
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
        if (lazyUnlock && r.participant()) {
            Reader.HOLDS.setRelease(r, h - 1);
        } else {
            r.holds = h - 1;
        }
        if (writerPending) {
            wakeWriter();
        }
    }

    /** A writer may be waiting for this reader's count; it reads the counts again under the lock. */
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
            while (!noReaders()) {
                writerQueue.await(Scheduler.NO_DEADLINE, false, this::noReaders);
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
