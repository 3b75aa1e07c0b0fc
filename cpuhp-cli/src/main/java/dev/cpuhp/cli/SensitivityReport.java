package dev.cpuhp.cli;

import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.whatif.Sensitivity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report of a sensitivity run: one row per cost, largest effect first. */
final class SensitivityReport {
    private final String heading;
    private final String figure;
    private final Sensitivity.Result result;

    /** @param figure what was measured, e.g. "bringup" or "downtime" */
    SensitivityReport(String heading, String figure, Sensitivity.Result result) {
        this.heading = heading;
        this.figure = figure;
        this.result = result;
    }

    String text(int limit) {
        StringBuilder sb = new StringBuilder(heading).append('\n');
        sb.append(String.format(Locale.ROOT, "each cost %+.0f%% / %+.0f%%: change of the %s, ms%n%n",
                100 * Sensitivity.STEP, -100 * Sensitivity.STEP, figure));
        sb.append(String.format(Locale.ROOT, "%-34s %-24s", "cost", "profile value (us)"));
        for (Strategy s : result.base().keySet()) {
            sb.append(String.format(Locale.ROOT, " %21s", s.cliName()));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%-34s %-24s", "(base)", ""));
        for (long b : result.base().values()) {
            sb.append(String.format(Locale.ROOT, " %18.2f ms", b / 1e6));
        }
        sb.append('\n');
        int shown = 0;
        for (Sensitivity.Row r : result.rows()) {
            if (shown++ == limit) {
                sb.append(String.format(Locale.ROOT, "... %d more with smaller effects (--json has them all)%n",
                        result.rows().size() - limit));
                break;
            }
            sb.append(String.format(Locale.ROOT, "%-34s %-24s", r.key(), abbreviate(r.value(), 24)));
            for (Strategy s : result.base().keySet()) {
                sb.append(String.format(Locale.ROOT, " %+10.3f / %+8.3f", r.plus().get(s) / 1e6, r.minus().get(s) / 1e6));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("figure", figure);
        root.put("step", Sensitivity.STEP);
        Map<String, Object> base = new LinkedHashMap<>();
        result.base().forEach((s, v) -> base.put(s.cliName(), v / 1e6));
        root.put("base_ms", base);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Sensitivity.Row r : result.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", r.key());
            m.put("value", r.value());
            Map<String, Object> plus = new LinkedHashMap<>();
            Map<String, Object> minus = new LinkedHashMap<>();
            r.plus().forEach((s, v) -> plus.put(s.cliName(), v / 1e6));
            r.minus().forEach((s, v) -> minus.put(s.cliName(), v / 1e6));
            m.put("plus_ms", plus);
            m.put("minus_ms", minus);
            rows.add(m);
        }
        root.put("costs", rows);
        return root;
    }
}
