package dev.cpuhp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The engine's own cost, in one table (issue 11): runs every JMH benchmark of this module, the
 * per-CPU heap footprint and the 8192-CPU boot as a user types it (measured from outside with
 * {@code /usr/bin/time -v}), and prints each figure beside its baseline from the same run, the
 * ratio and the goal. {@code scripts/bench-engine} runs it.
 *
 * <p>Options: {@code --json}; {@code --quick} (one fork, short iterations, one boot: a smoke run
 * whose figures are indicative only); {@code --forks N}; {@code --skip-boot}; {@code --boot-runs N}
 * (default 3: the median is the figure); {@code --boot-jfr DIR} (one more boot records
 * {@code DIR/boot.jfr}, for diagnosing it; its time is a note, not a figure).
 */
public final class EngineReport {
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, RunResult> results = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private double loadAtStart;

    /** One line of the table. */
    record Row(String what, double value, String unit, String baseline, double baseValue, String goal, Boolean met) {
        double ratio() {
            return baseValue > 0 ? value / baseValue : Double.NaN;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean json = false;
        boolean quick = false;
        boolean skipBoot = false;
        int forks = 3;
        int bootRuns = 3;
        Path bootJfr = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--quick" -> quick = true;
                case "--skip-boot" -> skipBoot = true;
                case "--forks" -> forks = Integer.parseInt(args[++i]);
                case "--boot-runs" -> bootRuns = Integer.parseInt(args[++i]);
                case "--boot-jfr" -> bootJfr = Files.createDirectories(Path.of(args[++i]).toAbsolutePath());
                case "-h", "--help" -> {
                    System.out.println("usage: scripts/bench-engine [--json] [--quick] [--forks N] [--skip-boot] [--boot-runs N]"
                            + " [--boot-jfr DIR]");
                    System.out.println("Runs the engine benchmarks (JMH), the per-CPU footprint and the 8192-CPU boot;");
                    System.out.println("prints one table of figures, their same-run baselines, ratios and goals.");
                    return;
                }
                default -> {
                    System.err.println("bench-engine: unknown option " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        EngineReport r = new EngineReport();
        r.loadAtStart = loadAverage();
        r.runJmh(quick ? 1 : forks, quick);
        r.lock();
        r.cycle();
        r.registration();
        r.crossCalls();
        r.footprint();
        if (!skipBoot) {
            r.boot(quick ? 1 : bootRuns, bootJfr);
        }
        System.out.print(json ? r.json() : r.table());
    }

    private static void progress(String s) {
        System.err.println("bench-engine: " + s);
    }

    private void runJmh(int forks, boolean quick) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder().include("dev\\.cpuhp\\.bench\\..*Bench").forks(forks)
                .shouldFailOnError(true);
        if (quick) {
            o.warmupIterations(1).warmupTime(TimeValue.milliseconds(500)).measurementIterations(2)
                    .measurementTime(TimeValue.milliseconds(500));
        }
        // JMH's own report goes to a file: standard output carries only the table (or the JSON).
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "cpuhp-bench-engine-jmh.log");
        o.output(log.toString());
        progress("JMH, " + forks + " fork(s) per benchmark, its log in " + log + "; this takes a while");
        Collection<RunResult> all = new Runner(o.build()).run();
        for (RunResult rr : all) {
            String name = rr.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            String p = rr.getParams().getParam("profile");
            results.put(p == null ? name : name + ":" + p, rr);
        }
    }

    private Result primary(String key) {
        RunResult rr = results.get(key);
        if (rr == null) {
            throw new IllegalStateException("no result for " + key + "; have " + results.keySet());
        }
        return rr.getPrimaryResult();
    }

    private double score(String key) {
        return primary(key).getScore();
    }

    private double percentile(String key, double p) {
        return primary(key).getStatistics().getPercentile(p);
    }

    private void lock() {
        double one = score("sharedIncrement1");
        for (int t : new int[] {1, 2, 4}) {
            double mine = score("percpuRwsem" + t);
            double kept = score("percpuReader" + t);
            double rw = score("reentrantRwLock" + t);
            double shared = score("sharedCounter" + t);
            String th = t + (t == 1 ? " thread" : " threads");
            if (t == 1) {
                rows.add(new Row("hotplug lock read+unlock, " + th, mine, "ns", "one AtomicLong increment", one, "<= 1x", mine <= one));
                rows.add(new Row("  same, the caller keeps its slot", kept, "ns", "one AtomicLong increment", one, "<= 1x", kept <= one));
                rows.add(new Row("  same, slot looked up", mine, "ns", "AtomicLong inc+dec", shared, "", null));
                rows.add(new Row("  floor: one xchg on the thread's own line", score("privateXchg1"), "ns", "one AtomicLong increment", one, "", null));
            } else {
                rows.add(new Row("hotplug lock read+unlock, " + th, mine, "ns", "ReentrantRWLock read", rw, "<= 0.33x", mine <= rw / 3));
                rows.add(new Row("  same, per-thread flatness", mine, "ns", "itself, 1 thread", score("percpuRwsem1"), "~1x", null));
                rows.add(new Row("  same, the caller keeps its slot", kept, "ns", "ReentrantRWLock read", rw, "", null));
            }
            rows.add(new Row("  baseline: ReentrantRWLock read, " + th, rw, "ns", "", 0, "", null));
            rows.add(new Row("  baseline: StampedLock read, " + th, score("stampedRead" + t), "ns", "", 0, "", null));
            rows.add(new Row("  baseline: StampedLock optimistic, " + th, score("stampedOptimistic" + t), "ns", "", 0, "", null));
            rows.add(new Row("  baseline: shared AtomicLong inc+dec, " + th, shared, "ns", "", 0, "", null));
        }
        rows.add(new Row("  baseline: one shared AtomicLong increment, 1 thread", one, "ns", "", 0, "", null));
    }

    private void cycle() {
        RunResult rr = results.get("cycle");
        double steps = rr.getSecondaryResults().get("steps").getScore();
        double handoffs = rr.getSecondaryResults().get("handoffs").getScore();
        double n = rr.getSecondaryResults().get("steps").getSampleCount();
        steps = n > 0 ? rr.getSecondaryResults().get("steps").getStatistics().getMax() : steps;
        handoffs = n > 0 ? rr.getSecondaryResults().get("handoffs").getStatistics().getMax() : handoffs;
        double med = percentile("cycle", 50);
        double p99 = percentile("cycle", 99);
        double floorMed = percentile("handoffFloor", 50);
        double floorP99 = percentile("handoffFloor", 99);
        rows.add(new Row(String.format(Locale.ROOT, "offline->online cycle, median (%.0f steps, %.0f hand-offs)", steps, handoffs),
                med, "us", "park/unpark floor", floorMed, "<= 2x", med <= 2 * floorMed));
        rows.add(new Row("  same, p99", p99, "us", "park/unpark floor p99", floorP99, "<= 2x", p99 <= 2 * floorP99));
        rows.add(new Row("  same, per step (median)", med / Math.max(1, steps), "us", "floor per step", floorMed / Math.max(1, steps), "", null));
    }

    private void registration() {
        int[] cpus = {112, 1920, 8192};
        String[] profiles = {"skl-2s-112t", "spr-16s-1920t", "x86-8192"};
        double perCpu112 = 0;
        for (int i = 0; i < cpus.length; i++) {
            double ms = score("setupAndRemove:" + profiles[i]);
            double perCpu = ms * 1e3 / cpus[i];
            if (i == 0) {
                perCpu112 = perCpu;
            }
            rows.add(new Row("register+remove a state, " + cpus[i] + " CPUs online", ms, "ms", "", 0, "", null));
            rows.add(new Row("  same, per CPU", perCpu, "us", "per CPU at 112", perCpu112, "~1x (linear)", null));
        }
        rows.add(new Row("  floor: 2 hand-offs per CPU (cycle's floor per hand-off)",
                2 * percentile("handoffFloor", 50) / Math.max(1, results.get("cycle").getSecondaryResults().get("handoffs").getStatistics().getMax()),
                "us", "", 0, "", null));
    }

    private void crossCalls() {
        double single = score("singleWait");
        double floor = percentile("handoffFloor", 50)
                / Math.max(1, results.get("cycle").getSecondaryResults().get("handoffs").getStatistics().getMax());
        rows.add(new Row("cross call, single, wait (round trip)", single, "us", "2 hand-offs (floor)", 2 * floor, "", null));
        rows.add(new Row("cross call, single, no wait (queueing)", score("singleNoWait"), "us", "", 0, "", null));
        double bcast = score("broadcastWait");
        rows.add(new Row("cross call, broadcast to 112 CPUs, wait", bcast, "us", "", 0, "", null));
        rows.add(new Row("  same, per target CPU", bcast / 111, "us", "single, wait", single, "", null));
    }

    private void footprint() {
        long base = 0;
        for (String p : new String[] {"skl-2s-112t", "spr-16s-1920t", "x86-8192"}) {
            progress("footprint of " + p);
            long b = Footprint.bytesPerCpu(p);
            if (base == 0) {
                base = b;
            }
            rows.add(new Row("heap per simulated CPU, " + p, b / 1024.0, "KiB", "per CPU at 112", base / 1024.0, "", null));
        }
    }

    /**
     * {@code ./cpuhp boot --profile x86-8192} as a user types it, {@code runs} times, each in a
     * fresh JVM under {@code /usr/bin/time -v}; the host's load average is read before each.
     * With {@code jfrDir}, one more run records a JFR file there: a diagnostic, not a figure
     * (JFR costs time).
     */
    private void boot(int runs, Path jfrDir) throws IOException, InterruptedException {
        String root = System.getProperty("cpuhp.root");
        if (root == null || !Files.isExecutable(Path.of("/usr/bin/time"))) {
            progress("boot at scale skipped: needs -Dcpuhp.root and /usr/bin/time");
            return;
        }
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        double[] load = new double[runs];
        double rss = 0;
        double bytes = 0;
        for (int i = 0; i < runs; i++) {
            load[i] = loadAverage();
            double[] r = timedBoot(root, String.format(Locale.ROOT, "run %d of %d", i + 1, runs), load[i], null);
            wall[i] = r[0];
            cpu[i] = r[1];
            rss = Math.max(rss, r[2]);
            bytes = r[3];
        }
        String n = runs + (runs == 1 ? " run" : " runs");
        double median = median(wall);
        rows.add(new Row("boot x86-8192, 3 strategies + files: wall, median of " + n, median, "s", "goal", 10, "< 10 s",
                median < 10));
        rows.add(new Row("  same, fastest run", Arrays.stream(wall).min().orElseThrow(), "s", "", 0, "", null));
        rows.add(new Row("  same, slowest run", Arrays.stream(wall).max().orElseThrow(), "s", "", 0, "", null));
        rows.add(new Row("  same, CPU time (user+sys), median", median(cpu), "s", "2 cores x wall goal", 20, "", null));
        rows.add(new Row("  same, peak RSS, largest", rss, "MiB", "goal", 2048, "< 2 GiB", rss < 2048));
        rows.add(new Row("  same, files written", bytes, "MiB", "", 0, "", null));
        rows.add(new Row("  host load average (1 min) before the runs, highest", Arrays.stream(load).max().orElseThrow(), "",
                "", 0, "", null));
        if (jfrDir != null) {
            Path jfr = jfrDir.resolve("boot.jfr");
            double l = loadAverage();
            double[] r = timedBoot(root, "one more, recording " + jfr, l, jfr);
            notes.add(String.format(Locale.ROOT, "one more boot recorded %s (load average %.2f before it): %.2f s of wall,"
                    + " %.2f s of CPU with JFR's own cost; not a figure above", jfr, l, r[0], r[1]));
        }
    }

    /** One timed boot: wall s, CPU s, peak RSS MiB, MiB of files. */
    private static double[] timedBoot(String root, String what, double load, Path jfr) throws IOException, InterruptedException {
        Path out = Files.createTempDirectory("cpuhp-boot-8192");
        progress(String.format(Locale.ROOT, "./cpuhp boot --profile x86-8192, %s (files to %s; load average %.2f)", what, out,
                load));
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/time", "-v", root + "/cpuhp", "boot", "--profile", "x86-8192",
                "--out", out.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (jfr != null) {
            pb.environment().put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,filename=" + jfr);
        }
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cpuhp boot failed:\n" + err);
        }
        return new double[] {timeField(err, "Elapsed (wall clock) time (h:mm:ss or m:ss): "),
            timeField(err, "User time (seconds): ") + timeField(err, "System time (seconds): "),
            timeField(err, "Maximum resident set size (kbytes): ") / 1024, removeTree(out) / 1048576.0};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Deletes a directory of files; returns the bytes they held. */
    private static long removeTree(Path dir) throws IOException {
        long bytes = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                bytes += Files.size(f);
                Files.delete(f);
            }
        }
        Files.delete(dir);
        return bytes;
    }

    /** The host's 1-minute load average (Linux), or -1. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A figure of GNU time's verbose output; "m:ss.cc" or "h:mm:ss" for the elapsed time. */
    static double timeField(String out, String label) {
        int at = out.indexOf(label);
        if (at < 0) {
            throw new IllegalStateException("no \"" + label.trim() + "\" in time's output");
        }
        String v = out.substring(at + label.length()).lines().findFirst().orElseThrow().trim();
        double s = 0;
        for (String part : v.split(":")) {
            s = s * 60 + Double.parseDouble(part);
        }
        return s;
    }

    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-62s %10s %-4s  %-28s %10s %7s  %-12s %s%n",
                "figure", "value", "", "baseline (same run)", "baseline", "ratio", "goal", "met"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-62s %10.2f %-4s  %-28s %10s %7s  %-12s %s%n", r.what(), r.value(), r.unit(),
                    r.baseline(), r.baseValue() > 0 ? String.format(Locale.ROOT, "%.2f", r.baseValue()) : "",
                    r.baseValue() > 0 ? String.format(Locale.ROOT, "%.2fx", r.ratio()) : "", r.goal(),
                    r.met() == null ? "" : r.met() ? "yes" : "NO"));
        }
        sb.append(String.format(Locale.ROOT, "%nmachine: %d cores seen by the JVM, %s %s, %s; load average (1 min) %.2f at the"
                        + " start, %.2f at the end%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("os.arch"), loadAtStart, loadAverage()));
        for (String n : notes) {
            sb.append("note: ").append(n).append('\n');
        }
        return sb.toString();
    }

    String json() {
        StringBuilder sb = new StringBuilder("{\"rows\":[");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "{\"figure\":%s,\"value\":%.4f,\"unit\":%s,\"baseline\":%s,\"baseline_value\":%s,\"ratio\":%s,\"goal\":%s,\"met\":%s}",
                    str(r.what().strip()), r.value(), str(r.unit()), str(r.baseline()),
                    r.baseValue() > 0 ? String.format(Locale.ROOT, "%.4f", r.baseValue()) : "null",
                    r.baseValue() > 0 ? String.format(Locale.ROOT, "%.4f", r.ratio()) : "null", str(r.goal()),
                    r.met() == null ? "null" : r.met().toString()));
        }
        sb.append(String.format(Locale.ROOT, "\n],\"cores\":%d,\"java\":%s,\"load_start\":%.2f,\"load_end\":%.2f}%n",
                Runtime.getRuntime().availableProcessors(), str(System.getProperty("java.version")), loadAtStart, loadAverage()));
        return sb.toString();
    }

    private static String str(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
