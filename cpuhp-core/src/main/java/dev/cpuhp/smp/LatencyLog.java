package dev.cpuhp.smp;

import java.util.Arrays;

/** A growable record of latencies in nanoseconds, safe to append from any thread. */
public final class LatencyLog {
    private long[] values = new long[256];
    private int size;

    public synchronized void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    public synchronized long[] snapshot() {
        return Arrays.copyOf(values, size);
    }

    public synchronized void clear() {
        size = 0;
    }

    /** The {@code q}-quantile (0..1) of {@code sorted}, nearest-rank; 0 if empty. */
    public static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
