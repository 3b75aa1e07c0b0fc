package dev.cpuhp.bench;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.VirtualClock;
import dev.cpuhp.sync.PercpuRwSemaphore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The read side of the hotplug lock ({@code cpus_read_lock()} + unlock) with 1, 2 and 4
 * threads taking it at once, against baselines measured in the same run: the JDK's
 * {@link ReentrantReadWriteLock} read lock, {@link StampedLock}'s read lock and its optimistic
 * read (a version read and a validate, which writes nothing), one shared {@link AtomicLong}
 * counter incremented and decremented (what a naive rw-lock's fast path does), and one
 * increment of it alone; and the floor of any read side that is correct in Java, one
 * {@code xchg} (a store and a StoreLoad fence) on a line only this thread writes. Method names
 * end in the thread count.
 *
 * <p>The lock's threads are participants of the simulated machine, as every engine caller of
 * {@code cpus_read_lock()} is (the API attaches its caller). {@code percpuRwsem} finds the
 * thread's slot per call ({@code readLock()}/{@code readUnlock()}, a thread-local look-up
 * each); {@code percpuReader} keeps its {@link PercpuRwSemaphore.Reader}, as a simulated CPU's
 * thread that knows its CPU can.
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

    /** A benchmark thread as a participant of the machine, with its slot of the lock. */
    @State(Scope.Thread)
    public static class Caller {
        private static final AtomicInteger CPUS = new AtomicInteger();
        private static final VarHandle OWN;
        private Scheduler.Attachment attachment;
        PercpuRwSemaphore.Reader reader;
        /** Written only by this thread; the padding keeps other threads' lines away. */
        @SuppressWarnings("unused")
        private long p0, p1, p2, p3, p4, p5, p6, p7, own, q0, q1, q2, q3, q4, q5, q6, q7;

        static {
            try {
                OWN = MethodHandles.lookup().findVarHandle(Caller.class, "own", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long xchg() {
            return (long) OWN.getAndSet(this, own + 1);
        }

        @Setup
        public void attach(HotplugLockBench b) {
            int cpu = CPUS.getAndIncrement();
            attachment = b.scheduler.attach("bench/" + cpu, cpu);
            reader = b.hotplugLock.reader();
        }

        @TearDown
        public void detach() {
            attachment.close();
        }
    }

    @TearDown
    public void tearDown() {
        scheduler.shutdown();
    }

    private void percpu() {
        hotplugLock.readLock();
        hotplugLock.readUnlock();
    }

    private static void percpu(Caller c) {
        c.reader.lock();
        c.reader.unlock();
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

    @Benchmark @Threads(1) public void percpuRwsem1(Caller c) { percpu(); }
    @Benchmark @Threads(2) public void percpuRwsem2(Caller c) { percpu(); }
    @Benchmark @Threads(4) public void percpuRwsem4(Caller c) { percpu(); }
    @Benchmark @Threads(1) public void percpuReader1(Caller c) { percpu(c); }
    @Benchmark @Threads(2) public void percpuReader2(Caller c) { percpu(c); }
    @Benchmark @Threads(4) public void percpuReader4(Caller c) { percpu(c); }
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
    @Benchmark @Threads(1) public long sharedIncrement1() { return sharedReaders.incrementAndGet(); }
    /** The floor of a read side correct in Java: a store and a StoreLoad fence, one locked instruction. */
    @Benchmark @Threads(1) public long privateXchg1(Caller c) { return c.xchg(); }
}
