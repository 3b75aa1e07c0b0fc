package dev.cpuhp.hotplug;

import dev.cpuhp.machine.CpuMasks;
import dev.cpuhp.machine.Topology;

/**
 * SMT control ({@code CONFIG_HOTPLUG_SMT}): whether secondary threads may come up. Written
 * under the add/remove lock; read by {@code cpu_up()} under the same lock.
 */
final class Smt {
    private final Topology topology;
    private final CpuMasks masks;
    volatile SmtControl control;
    /** {@code cpu_smt_max_threads}. */
    final int maxThreads;
    /** {@code cpu_smt_num_threads}. */
    volatile int numThreads;

    Smt(Topology topology, CpuMasks masks) {
        this.topology = topology;
        this.masks = masks;
        this.maxThreads = topology.threadsPerCore();
        this.control = maxThreads == 1 ? SmtControl.NOT_SUPPORTED : SmtControl.ENABLED;
        this.numThreads = maxThreads;
    }

    /** {@code cpuhp_smt_aware()}: parallel bringup does primaries first. */
    boolean aware() {
        return maxThreads > 1;
    }

    /**
     * {@code cpu_smt_thread_allowed()}: always true on x86, which has no
     * {@code CONFIG_SMT_NUM_THREADS_DYNAMIC} (powerpc's): its thread count is 1 or all, and
     * {@code cpuhp_smt_disable()} sets the count before it takes the siblings down while the
     * control still says enabled, so a sibling rolled forward then (a DEAD callback that fails)
     * must stay bootable. The oracle found cpuhp refusing it with ECANCELED.
     */
    boolean threadAllowed(int cpu) {
        return true;
    }

    /**
     * {@code cpu_bootable()}: x86 boots every sibling once (to set CR4.MCE) even with SMT off,
     * so a never-booted secondary is bootable; later it is refused.
     */
    boolean bootable(int cpu) {
        SmtControl c = control;
        if (c == SmtControl.ENABLED && threadAllowed(cpu)) {
            return true;
        }
        if (c == SmtControl.NOT_IMPLEMENTED || c == SmtControl.NOT_SUPPORTED) {
            return true;
        }
        if (topology.isPrimary(cpu)) {
            return true;
        }
        return !masks.bootedOnce().contains(cpu);
    }
}
