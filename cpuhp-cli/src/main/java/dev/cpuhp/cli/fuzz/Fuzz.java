package dev.cpuhp.cli.fuzz;

import dev.cpuhp.Machine;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.platform.HardwareProfile;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The fuzzer's entry points, one per surface: each boots the machines it needs (as
 * {@code cpuhp shell}, {@code serve} and {@code mount} boot theirs: parallel bringup, every
 * CPU online) and runs the inputs, telling {@code progress} the count as it goes and
 * {@code log} (if not null) every input with its result.
 */
public final class Fuzz {
    /** Payloads stop at 70000 bytes for the shell and FUSE, past a page and the shell's line limit. */
    private static final int MAX_LENGTH = 70_000;
    /** HTTP payloads go to a megabyte, far past the server's body limit. */
    private static final int MAX_HTTP_LENGTH = 1 << 20;

    private Fuzz() {
    }

    public static FuzzReport shell(HardwareProfile profile, long seed, long inputs, LongConsumer progress, PrintStream log) throws Exception {
        try (ShellSurface s = new ShellSurface(machines(profile))) {
            return new Fuzzer(s, seed, MAX_LENGTH, log).run(inputs, progress);
        }
    }

    /** Also checks, after the run, that every trace stream the inputs dropped was let go. */
    public static FuzzReport http(HardwareProfile profile, long seed, long inputs, LongConsumer progress, PrintStream log) throws Exception {
        try (HttpSurface s = new HttpSurface(machines(profile))) {
            FuzzReport r = new Fuzzer(s, seed, MAX_HTTP_LENGTH, log).run(inputs, progress);
            if (!s.traceStreamsReleased()) {
                r.crashes++;
                r.violations.add("after the run: trace streams whose clients went away are still held");
            }
            return r;
        }
    }

    /** Why the FUSE surface cannot run here, if it cannot. */
    public static Optional<String> fuseUnavailable() {
        return FuseSurface.unavailable();
    }

    /** {@code profile} must name a built-in profile or a file the mount process can read too. */
    public static FuzzReport fuse(String profile, long seed, long inputs, LongConsumer progress, PrintStream log) throws Exception {
        return fuse(profile, java.util.List.of(), seed, inputs, progress, log);
    }

    /** As {@link #fuse(String, long, long, LongConsumer, PrintStream)}, the profile overridden by {@code settings}. */
    public static FuzzReport fuse(String profile, java.util.List<String> settings, long seed, long inputs, LongConsumer progress,
                                  PrintStream log) throws Exception {
        try (FuseSurface s = new FuseSurface(profile, settings)) {
            return new Fuzzer(s, seed, MAX_LENGTH, log).run(inputs, progress);
        }
    }

    /**
     * Machines in deterministic mode (one simulated task at a time, in a fixed order): the
     * fuzzer drives them from one thread at a time, so a run is a pure function of its seed,
     * interleavings included, and its replay meets the same machine.
     */
    private static Supplier<Machine> machines(HardwareProfile profile) {
        return () -> Machine.builder().profile(profile).strategy(Strategy.PARALLEL).deterministic(1).boot();
    }
}
