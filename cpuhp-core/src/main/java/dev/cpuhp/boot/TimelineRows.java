package dev.cpuhp.boot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which rows a timeline panel draws. Up to {@value #MAX_INDIVIDUAL} APs, one row each. Past
 * that a row per AP would be a fraction of a pixel, so the APs are drawn as at most
 * {@value #MAX_GROUPS} groups of consecutive CPUs (a power of two each: with x86 numbering a
 * group of 128 is one socket's primary threads on the 8192-CPU machine), each shaded by the
 * share of its CPUs in each phase, followed by the {@value #SLOWEST} slowest APs one by one:
 * those whose own path (firmware, STARTING, ONLINE) is longest, the ones that bound a boot.
 */
public final class TimelineRows {
    public static final int MAX_INDIVIDUAL = 256;
    public static final int MAX_GROUPS = 64;
    public static final int SLOWEST = 12;

    /** One row of a panel. */
    public sealed interface Row permits Single, Group {
        String label();
    }

    /** One AP. */
    public record Single(ApTimeline ap, boolean slowest) implements Row {
        public String label() {
            return "CPU " + ap.cpu();
        }
    }

    /** Consecutive APs drawn together. */
    public record Group(List<ApTimeline> aps) implements Row {
        public String label() {
            return "CPUs " + aps.get(0).cpu() + "-" + aps.get(aps.size() - 1).cpu();
        }
    }

    private TimelineRows() {
    }

    /** @param aps in CPU order */
    public static List<Row> of(List<ApTimeline> aps) {
        List<Row> rows = new ArrayList<>();
        if (aps.size() <= MAX_INDIVIDUAL) {
            aps.forEach(a -> rows.add(new Single(a, false)));
            return rows;
        }
        int per = Integer.highestOneBit((aps.size() + MAX_GROUPS - 1) / MAX_GROUPS);
        if (per * MAX_GROUPS < aps.size()) {
            per *= 2;
        }
        for (int i = 0; i < aps.size(); i += per) {
            rows.add(new Group(List.copyOf(aps.subList(i, Math.min(aps.size(), i + per)))));
        }
        aps.stream().sorted(Comparator.comparingLong(ApTimeline::tailNanos).reversed().thenComparingInt(ApTimeline::cpu))
                .limit(SLOWEST).forEach(a -> rows.add(new Single(a, true)));
        return rows;
    }
}
