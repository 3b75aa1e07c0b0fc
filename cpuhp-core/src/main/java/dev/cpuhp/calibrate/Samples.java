package dev.cpuhp.calibrate;

import dev.cpuhp.platform.Distribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Measured durations and the trace lines each came from: one profile line's evidence. The
 * profile value it becomes is the measurements themselves ({@code empirical(...)}), or 64 of
 * their quantiles when there are more, or a constant when they all agree.
 */
final class Samples {
    /** The most values a profile line lists; past this it lists evenly spaced quantiles. */
    static final int MAX_LISTED = 64;

    private final List<Long> nanos = new ArrayList<>();
    /** trace number (from 1) to line ranges, in the order they were added */
    private final TreeMap<Integer, List<String>> lines = new TreeMap<>();

    void add(long value, int trace, int firstLine, int lastLine) {
        nanos.add(Math.max(0, value));
        lines.computeIfAbsent(trace, k -> new ArrayList<>()).add(firstLine == lastLine ? String.valueOf(firstLine)
                : firstLine + "-" + lastLine);
    }

    boolean isEmpty() {
        return nanos.isEmpty();
    }

    int size() {
        return nanos.size();
    }

    long[] values() {
        return nanos.stream().mapToLong(Long::longValue).toArray();
    }

    long median() {
        long[] v = values();
        Arrays.sort(v);
        return v.length == 0 ? 0 : v[v.length / 2];
    }

    double mean() {
        return nanos.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    /** The profile value: µs resolution, as the trace has it. */
    Distribution distribution() {
        long[] v = values();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(v[i] / 1000.0) * 1000;
        }
        if (v.length == 0) {
            return Distribution.ZERO;
        }
        if (Arrays.stream(v).allMatch(x -> x == v[0])) {
            return new Distribution.Constant(v[0]);
        }
        if (v.length <= MAX_LISTED) {
            return new Distribution.Empirical(v);
        }
        long[] sorted = v.clone();
        Arrays.sort(sorted);
        long[] q = new long[MAX_LISTED];
        for (int i = 0; i < q.length; i++) {
            q[i] = sorted[(int) Math.min(sorted.length - 1, Math.floor((i + 0.5) * sorted.length / q.length))];
        }
        return new Distribution.Empirical(q);
    }

    /** "[1] 289-290 321-322; [2] 317-320": where every value came from. */
    String citation() {
        StringBuilder b = new StringBuilder();
        lines.forEach((trace, ranges) -> b.append(b.isEmpty() ? "" : "; ").append('[').append(trace).append("] ")
                .append(String.join(" ", ranges)));
        return b.toString();
    }

    /** "7 values, mean 85.9 us, 78.3..104.8": a one-line summary. */
    String summary() {
        long[] v = values();
        if (v.length == 0) {
            return "no values";
        }
        long lo = Arrays.stream(v).min().orElse(0);
        long hi = Arrays.stream(v).max().orElse(0);
        return String.format(Locale.ROOT, "%d value%s, mean %s us%s", v.length, v.length == 1 ? "" : "s", us(mean()),
                lo == hi ? "" : ", " + us(lo) + ".." + us(hi));
    }

    static String us(double nanos) {
        double u = nanos / 1000.0;
        return u >= 100 ? String.format(Locale.ROOT, "%.0f", u) : String.format(Locale.ROOT, "%.1f", u);
    }
}
