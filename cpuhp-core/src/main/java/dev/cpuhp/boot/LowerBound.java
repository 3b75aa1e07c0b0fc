package dev.cpuhp.boot;

import java.util.Comparator;
import java.util.List;

/**
 * The critical-path lower bound of a bringup: the control CPU must run every AP's PREPARE and
 * KICK steps one after another (they stay serial in every strategy), and each AP then needs
 * its own tail (firmware and microcode, STARTING, ONLINE) before it is up. No order of kicks
 * can finish before {@code max_j (prep_1 + ... + prep_j + tail_j)} for the best order, which
 * is longest tail first (Jackson's rule for one machine with delivery times).
 *
 * <p>It relaxes everything else: cross-CPU interference, the sibling-after-primary rule, and
 * any control-CPU work after the kicks. Computed from measured per-AP figures, never constants.
 *
 * @param nanos          the bound
 * @param prepareNanos   the serial part before the critical AP could be kicked: the prepare
 *                       steps of the APs kicked up to and including it, on the control CPU
 * @param criticalCpu    the AP whose tail sets the bound
 * @param criticalTail   its tail
 */
public record LowerBound(long nanos, long prepareNanos, int criticalCpu, long criticalTail) {

    public static LowerBound of(List<ApTimeline> aps) {
        List<ApTimeline> order = aps.stream()
                .sorted(Comparator.comparingLong(ApTimeline::tailNanos).reversed()
                        .thenComparingInt(ApTimeline::cpu))
                .toList();
        long acc = 0;
        long best = 0;
        long prefix = 0;
        int cpu = -1;
        long tail = 0;
        for (ApTimeline ap : order) {
            acc += ap.prepareNanos();
            if (acc + ap.tailNanos() >= best) {
                best = acc + ap.tailNanos();
                prefix = acc;
                cpu = ap.cpu();
                tail = ap.tailNanos();
            }
        }
        return new LowerBound(best, prefix, cpu, tail);
    }
}
