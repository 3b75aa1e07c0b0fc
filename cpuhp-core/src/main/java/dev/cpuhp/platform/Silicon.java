package dev.cpuhp.platform;

import dev.cpuhp.machine.Topology;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the hardware itself remembers, below any kernel: per core, how many of its threads are
 * running (a core with none is powered down and its first thread pays for waking it) and
 * whether it already runs the new microcode revision (the update is per core, and survives
 * offlining and kexec; only a reset loses it); per package, whether the kernel's TSC reference
 * is stored (the first CPU of a package to start syncs its TSC against the control CPU).
 */
final class Silicon {
    private final Topology topology;
    private final AtomicInteger[] threadsRunning;
    private final AtomicBoolean[] microcodeCurrent;
    private final AtomicBoolean[] tscReference;

    /** @param microcodeLoaded cores start with the update applied (a kexec, not a power-on) */
    Silicon(Topology topology, boolean microcodeLoaded) {
        this.topology = topology;
        int cores = topology.sockets() * topology.coresPerSocket();
        threadsRunning = new AtomicInteger[cores];
        microcodeCurrent = new AtomicBoolean[cores];
        for (int c = 0; c < cores; c++) {
            threadsRunning[c] = new AtomicInteger();
            microcodeCurrent[c] = new AtomicBoolean(microcodeLoaded);
        }
        tscReference = new AtomicBoolean[topology.sockets()];
        for (int s = 0; s < tscReference.length; s++) {
            tscReference[s] = new AtomicBoolean();
        }
    }

    /** The boot CPU runs: its core is up to date and its package holds the TSC reference. */
    void bootCpu(int cpu) {
        threadsRunning[topology.globalCore(cpu)].incrementAndGet();
        microcodeCurrent[topology.globalCore(cpu)].set(true);
        tscReference[topology.socket(cpu)].set(true);
    }

    /** A thread starts; true if its core was powered down (no other thread of it running). */
    boolean threadStarts(int cpu) {
        return threadsRunning[topology.globalCore(cpu)].getAndIncrement() == 0;
    }

    /** A thread is dead (offline, or stuck in firmware and restarted). */
    void threadStops(int cpu) {
        threadsRunning[topology.globalCore(cpu)].updateAndGet(n -> Math.max(0, n - 1));
    }

    /** The loader on {@code cpu} finds its core's revision old and applies the update: true once per core. */
    boolean takeMicrocodeUpdate(int cpu) {
        return !microcodeCurrent[topology.globalCore(cpu)].getAndSet(true);
    }

    /** True once per package: the first CPU there to start stores the TSC reference. */
    boolean takeTscReference(int cpu) {
        return !tscReference[topology.socket(cpu)].getAndSet(true);
    }
}
