package dev.cpuhp.bench;

import dev.cpuhp.Machine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap bytes per simulated CPU: the heap in use with a machine booted (every CPU online, its
 * threads parked: virtual threads keep their stacks on the heap, so they are counted) minus
 * the heap in use before, after a full collection each time, divided by the CPU count.
 */
final class Footprint {
    private Footprint() {
    }

    /** Bytes of heap per CPU of a booted {@code profile} machine. */
    static long bytesPerCpu(String profile) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long before = settledHeap(mem);
        try (Machine m = Machine.builder().profile(profile).virtualClock().boot()) {
            m.tracer().setEnabled(false);
            m.tracer().clear();
            m.smp().latencies().clear();
            long after = settledHeap(mem);
            return (after - before) / m.nrCpuIds();
        }
    }

    private static long settledHeap(MemoryMXBean mem) {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = mem.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - last) < 1 << 20) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
