package dev.cpuhp.sync;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.Task;
import dev.cpuhp.sched.WaitQueue;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The kernel's {@code percpu_rw_semaphore}, which {@code cpu_hotplug_lock} is: readers are
 * cheap and scale (each bumps a counter of its own stripe, no shared cache line, no lock);
 * a writer is rare and expensive (it waits for the sum of all stripes to drain).
 *
 * <h2>Implementation notes</h2>
 * Reader fast path: increment the stripe, then read {@code writerPending}; writer: set
 * {@code writerPending}, then sum the stripes. Both are volatile accesses, which the JMM
 * orders totally, so at least one side sees the other (Dekker): either the reader sees the
 * writer and backs out to the slow path, or the writer counts the reader and waits.
 * Readers never wait on each other. A pending writer blocks new readers (as in Linux), so a
 * task that takes the read side twice while a writer waits deadlocks; the scheduler reports
 * that instead of hanging. The per-stripe counts may go negative when a task releases on
 * another stripe than it acquired on; only the sum means anything.
 *
 * <h2>Memory ordering, and why the fast path has two fences where Linux has none</h2>
 * <ul>
 *   <li><b>Lock</b>: the stripe increment is a volatile read-modify-write, so it and the
 *       following volatile read of {@code writerPending} are in the synchronization order;
 *       the writer's volatile write of {@code writerPending} and its volatile reads of the
 *       stripes are too. Whichever comes first in that total order is seen by the other:
 *       store-then-load on both sides (Dekker), which needs a StoreLoad barrier on each side.
 *       On x86 the {@code lock xadd} of the increment is that barrier.</li>
 *   <li><b>Unlock</b>: the decrement must be visible to a writer that is summing, and a
 *       writer that summed before it must be woken: decrement, then read
 *       {@code writerPending}; the writer sets it, then sums. Dekker again: a second
 *       StoreLoad. Without it the reader may miss the flag while the writer misses the
 *       decrement, and the writer sleeps forever (the lost wake-up the jcstress test
 *       {@code PercpuRwSemaphoreStress} catches with a plain {@code writerPending}).</li>
 *   <li><b>Critical sections</b>: the writer's volatile sum reads the reader's decrement
 *       (a volatile write, so a release), so everything the reader did inside its section
 *       happens-before the writer's section; the writer's {@code writeUnlock} clears {@code writerPending} (a volatile
 *       write) that the next reader reads (an acquire).</li>
 * </ul>
 * Linux's {@code percpu_down_read()} has no barrier: it reads {@code rcu_sync_is_idle()} and
 * does a per-CPU increment with preemption off, and the writer pays with
 * {@code synchronize_rcu()}, a grace period after which every reader that could have missed
 * the flag has left its preempt-disabled section. Java has no such asymmetric fence (no
 * grace period over arbitrary threads, no {@code membarrier()} without native code), so the
 * two locked instructions stay; what is left to make cheap is everything around them.
 *
 * <h2>Stripes</h2>
 * Each thread gets a stripe of its own on first use, round-robin, so up to
 * {@code stripes} live threads never share a cache line (a hash of the thread id put two of
 * four threads on one line more often than not). A simulated CPU's tasks each have their own
 * thread, so this is the per-CPU counter of the kernel at a finer grain: per task.
 */
public final class PercpuRwSemaphore {
    /** Longs between two stripes: 128 bytes, so stripes never share a cache line. */
    private static final int PAD = 16;
    /**
     * At least this many stripes (four per host core otherwise): live threads beyond that
     * share, but only the host's cores run at once. More would cost the writer's sum, and
     * Lincheck's model checker reads a longer sum loop as a hang.
     */
    private static final int STRIPES = 8;

    private final Scheduler scheduler;
    private final String name;
    private final int mask;
    private final AtomicLongArray stripes;
    /** Per thread: [0] read holds, [1] the thread's stripe (an offset into {@link #stripes}). */
    private final ThreadLocal<int[]> local;
    /** The stripe the next new thread gets (modulo their number). */
    private final java.util.concurrent.atomic.AtomicInteger nextStripe = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean writerPending;

    // guarded by the scheduler lock
    private final WaitQueue readerQueue;
    private final WaitQueue writerQueue;
    private Task writer;

    public PercpuRwSemaphore(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.name = name;
        int n = Integer.highestOneBit(Math.max(STRIPES, 4 * Runtime.getRuntime().availableProcessors()) * 2 - 1);
        this.mask = n - 1;
        this.stripes = new AtomicLongArray(n * PAD);
        int m = mask;
        // Each thread keeps to one stripe, as each CPU keeps to its own per-CPU counter.
        this.local = ThreadLocal.withInitial(() -> new int[] {0, (nextStripe.getAndIncrement() & m) * PAD});
        this.readerQueue = new WaitQueue(scheduler, name + " (read)");
        this.writerQueue = new WaitQueue(scheduler, name + " (write)");
    }

    private long readers() {
        long sum = 0;
        for (int i = 0; i < stripes.length(); i += PAD) {
            sum += stripes.get(i);
        }
        return sum;
    }

    /** {@code percpu_down_read()}. */
    public void readLock() {
        int[] l = local.get();
        if (!tryReadFast(l[1])) {
            scheduler.mightSleep("percpu_down_read(" + name + ")");
            scheduler.lock();
            try {
                while (!tryReadFast(l[1])) {
                    readerQueue.await(Scheduler.NO_DEADLINE, false);
                }
            } finally {
                scheduler.unlock();
            }
        }
        l[0]++;
    }

    /** {@code percpu_down_read_trylock()}. */
    public boolean tryReadLock() {
        int[] l = local.get();
        if (tryReadFast(l[1])) {
            l[0]++;
            return true;
        }
        return false;
    }

    private boolean tryReadFast(int stripe) {
        if (writerPending) {
            return false;
        }
        stripes.incrementAndGet(stripe);
        if (!writerPending) {
            return true;
        }
        release(stripe);
        return false;
    }

    /** {@code percpu_up_read()}. */
    public void readUnlock() {
        int[] l = local.get();
        if (l[0] == 0) {
            throw new IllegalStateException(name + ": read unlock without read lock");
        }
        l[0]--;
        release(l[1]);
    }

    private void release(int stripe) {
        stripes.decrementAndGet(stripe);
        if (writerPending) {
            scheduler.lock();
            try {
                writerQueue.wakeAll();
            } finally {
                scheduler.unlock();
            }
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
            while (readers() != 0) {
                writerQueue.await(Scheduler.NO_DEADLINE, false);
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
        return local.get()[0] > 0;
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
}
