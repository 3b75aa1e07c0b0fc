package dev.cpuhp.bench;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.VirtualClock;
import dev.cpuhp.sync.PercpuRwSemaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The read side of the hotplug lock ({@code cpus_read_lock()} + unlock) on a hot path, with
 * several threads taking it at once, against two baselines measured in the same run: the
 * JDK's {@link ReentrantReadWriteLock} read lock and a single shared reader counter (what a
 * naive rw-lock's fast path does). The per-CPU-striped counter should stay flat as threads
 * are added; the shared ones bounce one cache line between cores.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class HotplugLockBench {
    private final Scheduler scheduler = new Scheduler(new VirtualClock(), s -> { });
    private final PercpuRwSemaphore hotplugLock = new PercpuRwSemaphore(scheduler, "cpu_hotplug_lock");
    private final ReentrantReadWriteLock rwlock = new ReentrantReadWriteLock();
    private final AtomicLong sharedReaders = new AtomicLong();

    @TearDown
    public void tearDown() {
        scheduler.shutdown();
    }

    @Benchmark
    @Threads(1)
    public void percpuRwsem1() {
        hotplugLock.readLock();
        hotplugLock.readUnlock();
    }

    @Benchmark
    @Threads(4)
    public void percpuRwsem4() {
        hotplugLock.readLock();
        hotplugLock.readUnlock();
    }

    @Benchmark
    @Threads(1)
    public void reentrantRwLock1() {
        rwlock.readLock().lock();
        rwlock.readLock().unlock();
    }

    @Benchmark
    @Threads(4)
    public void reentrantRwLock4() {
        rwlock.readLock().lock();
        rwlock.readLock().unlock();
    }

    @Benchmark
    @Threads(1)
    public void sharedCounter1() {
        sharedReaders.incrementAndGet();
        sharedReaders.decrementAndGet();
    }

    @Benchmark
    @Threads(4)
    public void sharedCounter4() {
        sharedReaders.incrementAndGet();
        sharedReaders.decrementAndGet();
    }
}
