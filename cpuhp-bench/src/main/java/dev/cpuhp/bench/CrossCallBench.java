package dev.cpuhp.bench;

import dev.cpuhp.Machine;
import dev.cpuhp.smp.SmpFunction;
import java.util.concurrent.TimeUnit;
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
 * Cross-CPU calls on the 112-CPU machine (virtual clock, so the modelled IPI latency costs no
 * wall time and what is measured is the engine's own): {@code smp_call_function_single()}
 * with wait (queue, wake the target's thread, run, complete, wake the caller: the latency of
 * one round trip), without wait (throughput of queueing), and {@code on_each_cpu()} with wait
 * (a broadcast to all 112 CPUs; the report divides by the CPU count).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class CrossCallBench {
    static final SmpFunction NOP = new SmpFunction("bench_nop", cpu -> { });

    Machine machine;

    @Setup(Level.Trial)
    public void boot() {
        machine = Machine.builder().profile("skl-2s-112t").virtualClock().boot();
        machine.tracer().setEnabled(false);
    }

    /** Every call's latency is recorded; a measurement makes millions, so start each afresh. */
    @Setup(Level.Iteration)
    public void forget() {
        machine.smp().latencies().clear();
    }

    @TearDown(Level.Trial)
    public void close() {
        machine.close();
    }

    private <T> T asTask(java.util.function.Supplier<T> f) {
        return machine.runAs("bench", 0, f);
    }

    @Benchmark
    public int singleWait() {
        return asTask(() -> machine.smp().callSingle(57, NOP, true));
    }

    @Benchmark
    public int singleNoWait() {
        return asTask(() -> machine.smp().callSingle(57, NOP, false));
    }

    @Benchmark
    public int broadcastWait() {
        return asTask(() -> {
            machine.smp().onEachCpu(NOP, true, "bench");
            return 0;
        });
    }
}
