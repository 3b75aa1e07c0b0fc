package dev.cpuhp.torture;

import dev.cpuhp.errno.Errno;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Counters of a torture run, shared by its drivers (synchronized: drivers may run at once). */
final class Stats {
    private final Map<Op, Long> perOp = new java.util.EnumMap<>(Op.class);
    private final Map<String, Long> results = new TreeMap<>();
    private long skipped;
    private long rollbacks;
    private long injected;
    private long[] online = new long[1024];
    private int nOnline;
    private long[] offline = new long[1024];
    private int nOffline;

    synchronized void op(Op op, int ret) {
        perOp.merge(op, 1L, Long::sum);
        results.merge(ret >= 0 ? "ok" : Errno.describe(ret).replaceAll(".*\\((\\w+)\\).*", "$1"), 1L, Long::sum);
    }

    synchronized void skipped() {
        skipped++;
    }

    synchronized void rollback() {
        rollbacks++;
    }

    synchronized void injected() {
        injected++;
    }

    synchronized void latency(boolean up, long nanos) {
        if (up) {
            if (nOnline == online.length) {
                online = Arrays.copyOf(online, nOnline * 2);
            }
            online[nOnline++] = nanos;
        } else {
            if (nOffline == offline.length) {
                offline = Arrays.copyOf(offline, nOffline * 2);
            }
            offline[nOffline++] = nanos;
        }
    }

    synchronized long skippedCount() {
        return skipped;
    }

    synchronized long rollbackCount() {
        return rollbacks;
    }

    synchronized long injectedCount() {
        return injected;
    }

    synchronized Map<String, Long> perOp() {
        Map<String, Long> out = new LinkedHashMap<>();
        perOp.forEach((k, v) -> out.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }

    synchronized Map<String, Long> results() {
        return new LinkedHashMap<>(results);
    }

    /** p50, p99 and max in microseconds of the onlines and offlines that succeeded. */
    synchronized Map<String, long[]> latencies() {
        Map<String, long[]> out = new LinkedHashMap<>();
        out.put("online", percentiles(online, nOnline));
        out.put("offline", percentiles(offline, nOffline));
        return out;
    }

    private static long[] percentiles(long[] a, int n) {
        if (n == 0) {
            return new long[] {0, 0, 0};
        }
        long[] s = Arrays.copyOf(a, n);
        Arrays.sort(s);
        return new long[] {s[(int) ((n - 1) * 0.50)] / 1000, s[(int) ((n - 1) * 0.99)] / 1000, s[n - 1] / 1000};
    }
}
