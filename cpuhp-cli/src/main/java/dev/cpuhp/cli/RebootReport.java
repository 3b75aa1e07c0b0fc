package dev.cpuhp.cli;

import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.hotplug.Teardown;
import dev.cpuhp.kexec.KexecReboot.Downtime;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.platform.HardwareProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report of {@code cpuhp reboot}: a table of downtimes, text or JSON. */
final class RebootReport {
    private final HardwareProfile profile;
    private final long seed;
    private final List<Teardown> downs;
    private final List<Strategy> ups;
    private final List<Downtime> table;

    RebootReport(HardwareProfile profile, long seed, List<Teardown> downs, List<Strategy> ups, List<Downtime> table) {
        this.profile = profile;
        this.seed = seed;
        this.downs = downs;
        this.ups = ups;
        this.table = table;
    }

    private Downtime cell(Teardown t, Strategy s) {
        return table.stream().filter(d -> d.teardown() == t && d.bringup() == s).findFirst().orElseThrow();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    String text() {
        Topology t = profile.topology();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "cpuhp reboot: %s, %d sockets x %d cores x %d threads (%d CPUs), virtual clock, seed %d%n",
                profile.name(), t.sockets(), t.coresPerSocket(), t.threadsPerCore(), t.cpus(), seed));
        sb.append("CPU downtime of a kexec reboot = teardown in the old kernel + bringup in the new one\n\n");
        sb.append(String.format(Locale.ROOT, "%-10s %12s |", "teardown", "down"));
        for (Strategy s : ups) {
            sb.append(String.format(Locale.ROOT, " %15s", "+ " + s.cliName() + " up"));
        }
        sb.append('\n');
        for (Teardown d : downs) {
            sb.append(String.format(Locale.ROOT, "%-10s %9.2f ms |", d.cliName(), ms(cell(d, ups.get(0)).teardownNanos())));
            for (Strategy s : ups) {
                sb.append(String.format(Locale.ROOT, " %12.2f ms", ms(cell(d, s).totalNanos())));
            }
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%-10s %12s |", "(up alone)", ""));
        for (Strategy s : ups) {
            sb.append(String.format(Locale.ROOT, " %12.2f ms", ms(cell(downs.get(0), s).bringupNanos())));
        }
        sb.append('\n');
        published(sb);
        return sb.toString();
    }

    private void published(StringBuilder sb) {
        List<String> cmp = new ArrayList<>();
        for (Teardown d : downs) {
            profile.published("kexec_teardown_" + d.cliName().replace('-', '_')).ifPresent(p -> cmp.add(String.format(
                    Locale.ROOT, "%s teardown %.0f ms, model %.2f ms (%+.1f%%)", d.cliName(), p,
                    ms(cell(d, ups.get(0)).teardownNanos()), 100 * (ms(cell(d, ups.get(0)).teardownNanos()) / p - 1))));
        }
        if (!cmp.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%npublished (%s):%n", profile.get("published.source", "?")));
            cmp.forEach(c -> sb.append("  ").append(c).append('\n'));
        }
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("profile", profile.name());
        root.put("cpus", profile.topology().cpus());
        root.put("seed", seed);
        Map<String, Object> down = new LinkedHashMap<>();
        downs.forEach(d -> down.put(d.cliName(), ms(cell(d, ups.get(0)).teardownNanos())));
        root.put("teardown_ms", down);
        Map<String, Object> up = new LinkedHashMap<>();
        ups.forEach(s -> up.put(s.cliName(), ms(cell(downs.get(0), s).bringupNanos())));
        root.put("bringup_ms", up);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Downtime d : table) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("teardown", d.teardown().cliName());
            m.put("bringup", d.bringup().cliName());
            m.put("total_ms", ms(d.totalNanos()));
            rows.add(m);
        }
        root.put("downtime", rows);
        Map<String, Object> pub = new LinkedHashMap<>();
        for (Teardown d : Teardown.values()) {
            String key = "kexec_teardown_" + d.cliName().replace('-', '_');
            profile.published(key).ifPresent(v -> pub.put(key + "_ms", v));
        }
        if (!pub.isEmpty()) {
            pub.put("source", profile.get("published.source", ""));
            root.put("published", pub);
        }
        return root;
    }
}
