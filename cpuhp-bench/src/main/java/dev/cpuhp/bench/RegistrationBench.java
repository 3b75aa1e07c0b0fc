package dev.cpuhp.bench;

import dev.cpuhp.Machine;
import dev.cpuhp.state.CpuhpState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code cpuhp_setup_state()} of a dynamic ONLINE state with a trivial callback, then its
 * removal, on machines with every CPU online (virtual clock): the startup runs on each
 * CPU's hotplug thread, one after another, and the teardown likewise. Per CPU, this is the
 * cost of two hand-offs to a hotplug thread and back; the report divides by the CPU count.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(3)
@State(Scope.Benchmark)
public class RegistrationBench {
    @Param({"skl-2s-112t", "spr-16s-1920t", "x86-8192"})
    public String profile;

    Machine machine;

    @Setup(Level.Trial)
    public void boot() {
        machine = Machine.builder().profile(profile).virtualClock().boot();
        machine.tracer().setEnabled(false);
    }

    @TearDown(Level.Trial)
    public void close() {
        machine.close();
    }

    @Benchmark
    public int setupAndRemove() {
        int state = machine.hotplug().setupState(CpuhpState.AP_ONLINE_DYN, "bench:online", cpu -> 0, cpu -> 0);
        if (state < 0) {
            throw new IllegalStateException("setup: " + state);
        }
        return machine.hotplug().removeState(state);
    }
}
