package dev.cpuhp.cli;

import dev.cpuhp.boot.BootExperiment;
import dev.cpuhp.boot.BootRun;
import dev.cpuhp.boot.BootSpec;
import dev.cpuhp.boot.LowerBound;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.platform.HardwareProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report of {@code cpuhp boot}: text, JSON and the files. */
final class BootReport {
    private final HardwareProfile profile;
    private final BootSpec spec;
    private final List<BootRun> runs;
    private final LowerBound bound;
    private final Map<String, Path> files = new LinkedHashMap<>();
    /** Per strategy, every run of it when there were several (--runs), sorted; else empty. */
    private final List<List<BootRun>> repeats;

    /**
     * @param serial a serial run of the same machine, for the lower bound; may be null. With
     *               {@code nosmt} there is no bound and no published figure to compare with:
     *               both are of every CPU coming up, not of siblings sent back down.
     */
    BootReport(HardwareProfile profile, BootSpec spec, List<BootRun> runs, BootRun serial, List<List<BootRun>> repeats) {
        this.profile = profile;
        this.repeats = repeats;
        this.spec = spec;
        this.runs = runs;
        this.bound = serial == null || spec.nosmt() || serial.aps().isEmpty() ? null : LowerBound.of(serial.aps());
    }

    private BootRun byStrategy(Strategy s) {
        return runs.stream().filter(r -> r.spec().strategy() == s).findFirst().orElse(null);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    // ------------------------------------------------------------------ text

    String text() {
        Topology t = profile.topology();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "cpuhp boot: %s, %d sockets x %d cores x %d threads (%d CPUs), %s clock, seed %d%s%n",
                profile.name(), t.sockets(), t.coresPerSocket(), t.threadsPerCore(), t.cpus(), spec.clockName(),
                spec.seed(), spec.nosmt() ? ", nosmt" : ""));
        if (!profile.description().isEmpty()) {
            sb.append("  ").append(profile.description()).append('\n');
        }
        sb.append('\n');
        BootRun serial = byStrategy(Strategy.SERIAL);
        sb.append(String.format(Locale.ROOT, "%-10s %11s %22s %11s %11s %22s %9s%n",
                "strategy", "bringup", "control CPU waited", "prepare", "online", "IPI p50 / p99 (calls)", "speed-up"));
        for (BootRun r : runs) {
            String ipi = r.ipiLatencies().length == 0 ? "-" : String.format(Locale.ROOT, "%.1f / %.1f us (%d)",
                    r.ipiLatency(0.5) / 1e3, r.ipiLatency(0.99) / 1e3, r.ipiLatencies().length);
            String speedup = serial == null ? "-" : String.format(Locale.ROOT, "%.2fx", (double) serial.totalNanos() / r.totalNanos());
            sb.append(String.format(Locale.ROOT, "%-10s %8.2f ms %10.2f ms %5.1f%% %8.2f ms %8.2f ms %22s %9s%n",
                    r.spec().strategy().cliName(), ms(r.totalNanos()), ms(r.controlWaitNanos()), 100 * r.controlWaitShare(),
                    ms(r.prepareNanos()), ms(r.onlineNanos()), ipi, speedup));
        }
        sb.append(String.format(Locale.ROOT, "%d of %d CPUs online after each run%n", runs.get(0).cpusUp(), t.cpus()));
        spread(sb);
        published(sb);
        lowerBound(sb);
        if (!files.isEmpty()) {
            sb.append("\nfiles:\n");
            files.forEach((what, path) -> sb.append(String.format(Locale.ROOT, "  %-28s %s%n", path, what)));
        }
        return sb.toString();
    }

    /** The spread of repeated real-clock runs, against the modelled (virtual-clock) figure. */
    private void spread(StringBuilder sb) {
        if (repeats.isEmpty()) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "%nreal clock, %d runs per strategy (the table shows the median run):%n",
                repeats.get(0).size()));
        sb.append(String.format(Locale.ROOT, "%-10s %11s %11s %11s %11s %10s%n", "strategy", "min", "median", "max",
                "modelled", "min/model"));
        for (List<BootRun> same : repeats) {
            BootRun first = same.get(0);
            long model = BootExperiment.run(first.spec().withClock(true, 1.0).withObserver(null)).totalNanos();
            sb.append(String.format(Locale.ROOT, "%-10s %8.2f ms %8.2f ms %8.2f ms %8.2f ms %10.3f%n",
                    first.spec().strategy().cliName(), ms(first.totalNanos()), ms(same.get(same.size() / 2).totalNanos()),
                    ms(same.get(same.size() - 1).totalNanos()), ms(model), (double) first.totalNanos() / model));
        }
    }

    private void published(StringBuilder sb) {
        var pubSerial = profile.published("serial");
        var pubParallel = profile.published("parallel");
        if (spec.nosmt() || pubSerial.isEmpty() && pubParallel.isEmpty()) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "%npublished (%s):%n", profile.get("published.source", "?")));
        if (pubSerial.isPresent() && pubParallel.isPresent()) {
            sb.append(String.format(Locale.ROOT, "  serial %.3f ms, parallel %.3f ms", pubSerial.getAsDouble(), pubParallel.getAsDouble()));
            var prep = profile.published("parallel_prepare");
            var online = profile.published("parallel_online");
            if (prep.isPresent() && online.isPresent()) {
                sb.append(String.format(Locale.ROOT, " (prepare %.3f + online %.3f)", prep.getAsDouble(), online.getAsDouble()));
            }
            sb.append(String.format(Locale.ROOT, ": %.2fx%n", pubSerial.getAsDouble() / pubParallel.getAsDouble()));
        } else {
            sb.append(String.format(Locale.ROOT, "  %s %.3f ms%n", pubSerial.isPresent() ? "serial" : "parallel",
                    pubSerial.isPresent() ? pubSerial.getAsDouble() : pubParallel.getAsDouble()));
        }
        List<String> cmp = new ArrayList<>();
        compare(cmp, "serial", byStrategy(Strategy.SERIAL), pubSerial);
        compare(cmp, "parallel", byStrategy(Strategy.PARALLEL), pubParallel);
        if (!cmp.isEmpty()) {
            sb.append("  this run vs published: ").append(String.join(", ", cmp)).append('\n');
        }
    }

    private static void compare(List<String> out, String what, BootRun r, java.util.OptionalDouble published) {
        if (r != null && published.isPresent()) {
            out.add(String.format(Locale.ROOT, "%s %+.1f%%", what, 100 * (ms(r.totalNanos()) / published.getAsDouble() - 1)));
        }
    }

    private void lowerBound(StringBuilder sb) {
        if (bound == null) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "%ncritical-path lower bound: %.2f ms%n", ms(bound.nanos())));
        sb.append(String.format(Locale.ROOT, "  = %.2f ms of prepare steps, serial on the control CPU, until the critical AP is kicked%n",
                ms(bound.prepareNanos())));
        sb.append(String.format(Locale.ROOT, "  + %.2f ms, that AP's own path (CPU %d: firmware and microcode, STARTING, ONLINE)%n",
                ms(bound.criticalTail()), bound.criticalCpu()));
        for (BootRun r : runs) {
            sb.append(String.format(Locale.ROOT, "  %-9s %8.2f ms = %.2fx the bound%n", r.spec().strategy().cliName(),
                    ms(r.totalNanos()), (double) r.totalNanos() / bound.nanos()));
        }
    }

    // ------------------------------------------------------------------ JSON

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("profile", profile.name());
        root.put("cpus", profile.topology().cpus());
        root.put("topology", profile.topology().toString());
        root.put("clock", spec.virtualClock() ? "virtual" : "real");
        root.put("time_scale", spec.timeScale());
        root.put("seed", spec.seed());
        root.put("nosmt", spec.nosmt());
        BootRun serial = byStrategy(Strategy.SERIAL);
        List<Map<String, Object>> results = new ArrayList<>();
        for (BootRun r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("strategy", r.spec().strategy().cliName());
            m.put("total_ms", round(ms(r.totalNanos()), 3));
            m.put("control_wait_ms", round(ms(r.controlWaitNanos()), 3));
            m.put("control_wait_share", round(r.controlWaitShare(), 4));
            m.put("prepare_ms", round(ms(r.prepareNanos()), 3));
            m.put("online_ms", round(ms(r.onlineNanos()), 3));
            Map<String, Object> ipi = new LinkedHashMap<>();
            ipi.put("p50", round(r.ipiLatency(0.5) / 1e3, 3));
            ipi.put("p99", round(r.ipiLatency(0.99) / 1e3, 3));
            ipi.put("calls", r.ipiLatencies().length);
            m.put("ipi_latency_us", ipi);
            Map<String, Object> waits = new LinkedHashMap<>();
            waits.put("alive_ms", round(ms(r.waits().alive()), 3));
            waits.put("online_idle_ms", round(ms(r.waits().onlineIdle()), 3));
            waits.put("ap_thread_ms", round(ms(r.waits().apThread()), 3));
            m.put("core_waits", waits);
            m.put("speedup_vs_serial", serial == null ? null : round((double) serial.totalNanos() / r.totalNanos(), 3));
            m.put("cpus_online", r.cpusUp());
            m.put("online", r.online());
            m.put("wall_ms", round(ms(r.wallNanos()), 1));
            repeats.stream().filter(l -> l.get(0).spec().strategy() == r.spec().strategy()).findFirst()
                    .ifPresent(l -> m.put("runs_ms", l.stream().map(x -> round(ms(x.totalNanos()), 3)).toList()));
            results.add(m);
        }
        root.put("results", results);
        root.put("lower_bound_ms", bound == null ? null : round(ms(bound.nanos()), 3));
        if (bound != null) {
            Map<String, Object> lb = new LinkedHashMap<>();
            lb.put("prepare_ms", round(ms(bound.prepareNanos()), 3));
            lb.put("critical_cpu", bound.criticalCpu());
            lb.put("critical_tail_ms", round(ms(bound.criticalTail()), 3));
            root.put("lower_bound", lb);
        }
        Map<String, Object> pub = new LinkedHashMap<>();
        for (String k : List.of("serial", "parallel", "parallel_prepare", "parallel_online")) {
            profile.published(k).ifPresent(v -> pub.put(k + "_ms", v));
        }
        if (!pub.isEmpty()) {
            pub.put("source", profile.get("published.source", ""));
            root.put("published", pub);
        }
        Map<String, String> f = new LinkedHashMap<>();
        files.forEach((what, path) -> f.put(what, path.toString()));
        root.put("files", f);
        return root;
    }

    /** The files written, to list in the report. */
    void filesWritten(Map<String, Path> written) {
        files.putAll(written);
    }
}
