package dev.cpuhp.torture;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which CPUs a driver is operating on. Claims never block (a driver that finds a CPU taken
 * skips its operation), so they add no waiting the simulated scheduler cannot see.
 */
final class Claims {
    private final AtomicIntegerArray held;

    Claims(int cpus) {
        held = new AtomicIntegerArray(cpus);
    }

    boolean claim(int cpu) {
        return held.compareAndSet(cpu, 0, 1);
    }

    void release(int cpu) {
        held.set(cpu, 0);
    }

    /**
     * The first free CPU from {@code from} on, wrapping: the operation moves to a CPU nobody
     * is working on rather than being skipped. Deterministic for a given order of claims.
     *
     * @return the CPU claimed, or -1 if all are taken
     */
    int claimFrom(int from) {
        int n = held.length();
        for (int k = 0; k < n; k++) {
            int cpu = (from + k) % n;
            if (claim(cpu)) {
                return cpu;
            }
        }
        return -1;
    }

    /** Every CPU or none. */
    boolean claimAll() {
        for (int cpu = 0; cpu < held.length(); cpu++) {
            if (!claim(cpu)) {
                for (int c = 0; c < cpu; c++) {
                    release(c);
                }
                return false;
            }
        }
        return true;
    }

    /** The one slot of a single-slot claim set. */
    boolean claim() {
        return claim(0);
    }

    void release() {
        release(0);
    }

    void releaseAll() {
        for (int cpu = 0; cpu < held.length(); cpu++) {
            release(cpu);
        }
    }
}
