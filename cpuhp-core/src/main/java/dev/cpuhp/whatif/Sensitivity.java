package dev.cpuhp.whatif;

import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.platform.HardwareProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How much a measured figure (a bringup, a reboot's downtime) moves when one cost of the
 * profile moves by a step, for each strategy: which state or latency to attack. Every figure
 * comes from a run of the modified machine; nothing is derived from the profile's numbers.
 */
public final class Sensitivity {
    /** The step each cost is moved by, up and down. */
    public static final double STEP = 0.10;

    /**
     * One cost's effect.
     *
     * @param key   the profile line, e.g. {@code ap.microcode_us}
     * @param value its value in the profile
     * @param plus  per strategy, the figure with the cost {@code STEP} higher, minus the base
     * @param minus per strategy, the figure with the cost {@code STEP} lower, minus the base
     */
    public record Row(String key, String value, Map<Strategy, Long> plus, Map<Strategy, Long> minus) {
        /** The largest move of any strategy either way, for sorting. */
        public long largest() {
            long m = 0;
            for (long v : plus.values()) {
                m = Math.max(m, Math.abs(v));
            }
            for (long v : minus.values()) {
                m = Math.max(m, Math.abs(v));
            }
            return m;
        }
    }

    /** @param base the figure of each strategy on the unmodified machine */
    public record Result(Map<Strategy, Long> base, List<Row> rows) {
    }

    private Sensitivity() {
    }

    /**
     * @param measure  runs one strategy on one machine and returns the figure, nanoseconds
     * @param bringup  which direction's state costs to vary (false: teardown)
     * @param progress told each time one more run is done
     */
    public static Result of(HardwareProfile profile, List<Strategy> strategies, boolean bringup,
                            Measure measure, Consumer<Integer> progress) {
        int done = 0;
        Map<Strategy, Long> base = new LinkedHashMap<>();
        for (Strategy s : strategies) {
            base.put(s, measure.run(profile, s));
            progress.accept(++done);
        }
        List<Row> rows = new ArrayList<>();
        for (String key : profile.costKeys(bringup)) {
            HardwareProfile up = profile.scaled(key, 1 + STEP, bringup);
            HardwareProfile down = profile.scaled(key, 1 - STEP, bringup);
            Map<Strategy, Long> plus = new LinkedHashMap<>();
            Map<Strategy, Long> minus = new LinkedHashMap<>();
            for (Strategy s : strategies) {
                plus.put(s, measure.run(up, s) - base.get(s));
                minus.put(s, measure.run(down, s) - base.get(s));
                done += 2;
                progress.accept(done);
            }
            rows.add(new Row(key, profile.cost(key, bringup).toString(), plus, minus));
        }
        rows.sort(Comparator.comparingLong(Row::largest).reversed().thenComparing(Row::key));
        return new Result(base, rows);
    }

    /** How many runs {@link #of} makes, for a progress display. */
    public static int runs(HardwareProfile profile, int strategies, boolean bringup) {
        return strategies * (1 + 2 * profile.costKeys(bringup).size());
    }

    /** One measured figure of a machine under a strategy. */
    @FunctionalInterface
    public interface Measure {
        long run(HardwareProfile profile, Strategy strategy);
    }

}
