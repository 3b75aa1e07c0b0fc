package dev.cpuhp.bench;

import dev.cpuhp.Machine;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One CPU's offline-to-online cycle through the whole 6.18 table, callbacks costing nothing,
 * on the real clock: what is left is the engine's own time (the walk, the hand-offs between
 * the control task, the AP's own thread, its hotplug thread and its stopper, the trace). Its
 * floor, measured in the same run: the same number of thread hand-offs as a bare park/unpark
 * ping-pong between two virtual threads. The number of hand-offs per cycle is the scheduler's
 * count of blocks over one cycle, taken in the setup ({@link #HANDOFFS}).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class CycleBench {
    /** Hand-offs per cycle, written by the setup of {@link Cpu}, read by {@link PingPong}. */
    static volatile int HANDOFFS;

    @State(Scope.Benchmark)
    public static class Cpu {
        Machine machine;
        int steps;

        @Setup(Level.Trial)
        public void boot() {
            machine = Machine.builder().ideal(1, 2, 2).realClock(1.0).boot();
            java.util.concurrent.atomic.AtomicInteger enters = new java.util.concurrent.atomic.AtomicInteger();
            long p0 = machine.scheduler().progress();
            try (AutoCloseable sub = machine.tracer().subscribe(e -> {
                if (e instanceof dev.cpuhp.trace.TraceEvent.CpuhpEnter) {
                    enters.incrementAndGet();
                }
            })) {
                cycle(this);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            steps = enters.get();
            // Every hand-off is one block and one wake-up, each counted once by the scheduler.
            HANDOFFS = (int) ((machine.scheduler().progress() - p0) / 2);
        }

        @TearDown(Level.Trial)
        public void close() {
            machine.close();
        }
    }

    static void cycle(Cpu c) {
        if (c.machine.hotplug().cpuDown(3) != 0 || c.machine.hotplug().cpuUp(3) != 0) {
            throw new IllegalStateException("cycle of CPU 3 failed");
        }
    }

    /** Two virtual threads handing a token back and forth with park/unpark. */
    @State(Scope.Benchmark)
    public static class PingPong {
        volatile Thread main;
        volatile Thread partner;
        volatile int turn;
        volatile boolean stop;
        int handoffs;

        @Setup(Level.Trial)
        public void start() throws InterruptedException {
            if (HANDOFFS == 0) {
                Cpu probe = new Cpu();
                probe.boot();
                probe.close();
            }
            handoffs = HANDOFFS;
            partner = Thread.ofVirtual().start(() -> {
                while (!stop) {
                    while (turn != 1 && !stop) {
                        LockSupport.park(this);
                    }
                    turn = 0;
                    LockSupport.unpark(main);
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() {
            stop = true;
            LockSupport.unpark(partner);
        }

        /** {@code n} hand-offs: n/2 round trips. */
        void run(int n) {
            main = Thread.currentThread();
            for (int i = 0; i < n; i += 2) {
                turn = 1;
                LockSupport.unpark(partner);
                while (turn != 0) {
                    LockSupport.park(this);
                }
            }
        }
    }

    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Shape {
        public int steps;
        public int handoffs;
    }

    @Benchmark
    public void cycle(Cpu c, Shape shape) {
        cycle(c);
        shape.steps = c.steps;
        shape.handoffs = HANDOFFS;
    }

    /** The floor: the cycle's hand-offs and nothing else, from the same caller thread to a virtual thread. */
    @Benchmark
    public void handoffFloor(PingPong p) {
        p.run(p.handoffs);
    }
}
