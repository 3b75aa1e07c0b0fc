package dev.cpuhp.bench;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.VirtualClock;
import dev.cpuhp.sync.PercpuRwSemaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The read side of the hotplug lock ({@code cpus_read_lock()} + unlock) with 1, 2 and 4
 * threads taking it at once, against baselines measured in the same run: the JDK's
 * {@link ReentrantReadWriteLock} read lock, {@link StampedLock}'s read lock and its optimistic
 * read (a version read and a validate, which writes nothing), and one shared
 * {@link AtomicLong} counter incremented and decremented (what a naive rw-lock's fast path
 * does). Method names end in the thread count; the report divides by it for per-thread cost.
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
    private final StampedLock stamped = new StampedLock();
    private final AtomicLong sharedReaders = new AtomicLong();

    @TearDown
    public void tearDown() {
        scheduler.shutdown();
    }

    private void percpu() {
        hotplugLock.readLock();
        hotplugLock.readUnlock();
    }

    private void rw() {
        rwlock.readLock().lock();
        rwlock.readLock().unlock();
    }

    private void stampedRead() {
        long s = stamped.readLock();
        stamped.unlockRead(s);
    }

    private boolean optimistic() {
        long s = stamped.tryOptimisticRead();
        return stamped.validate(s);
    }

    private void shared() {
        sharedReaders.incrementAndGet();
        sharedReaders.decrementAndGet();
    }

    @Benchmark @Threads(1) public void percpuRwsem1() { percpu(); }
    @Benchmark @Threads(2) public void percpuRwsem2() { percpu(); }
    @Benchmark @Threads(4) public void percpuRwsem4() { percpu(); }
    @Benchmark @Threads(1) public void reentrantRwLock1() { rw(); }
    @Benchmark @Threads(2) public void reentrantRwLock2() { rw(); }
    @Benchmark @Threads(4) public void reentrantRwLock4() { rw(); }
    @Benchmark @Threads(1) public void stampedRead1() { stampedRead(); }
    @Benchmark @Threads(2) public void stampedRead2() { stampedRead(); }
    @Benchmark @Threads(4) public void stampedRead4() { stampedRead(); }
    @Benchmark @Threads(1) public void stampedOptimistic1(Blackhole bh) { bh.consume(optimistic()); }
    @Benchmark @Threads(2) public void stampedOptimistic2(Blackhole bh) { bh.consume(optimistic()); }
    @Benchmark @Threads(4) public void stampedOptimistic4(Blackhole bh) { bh.consume(optimistic()); }
    @Benchmark @Threads(1) public void sharedCounter1() { shared(); }
    @Benchmark @Threads(2) public void sharedCounter2() { shared(); }
    @Benchmark @Threads(4) public void sharedCounter4() { shared(); }
}
