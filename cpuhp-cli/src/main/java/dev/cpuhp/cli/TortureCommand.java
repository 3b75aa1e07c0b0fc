package dev.cpuhp.cli;

import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.torture.FaultSweep;
import dev.cpuhp.torture.Torture;
import dev.cpuhp.torture.TortureReport;
import dev.cpuhp.torture.TortureSpec;
import dev.cpuhp.torture.Violation;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cpuhp torture}: random operations from several drivers at once, every rule checked. */
@Command(name = "torture", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Torture the hotplug state machine and check every rule as it goes.",
                "",
                "Several drivers at once bring CPUs up and down, write targets (valid or not),",
                "inject failures, switch SMT, register and remove states and instances, make",
                "cross-CPU calls and hold cpus_read_lock(). A checker follows every callback:",
                "CPU states and masks, startups and teardowns balanced and in order, nothing",
                "lost, exact rollback, only the kernel's errnos, every operation finishing.",
                "",
                "Runs are deterministic by default: one seed, one run, one digest, on any",
                "host; a failing run prints the command that replays it. Exit status: 0 when",
                "nothing broke, 1 on a violation or a stall."})
final class TortureCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--ops", paramLabel = "N", description = "Operations to issue. Default: 10000 (unless --duration).")
    Long ops;

    @Option(names = "--duration", paramLabel = "TIME", description = "Run for this long (wall clock), e.g. 30s, 5m.")
    String duration;

    @Option(names = "--threads", defaultValue = "4", paramLabel = "N",
            description = "Drivers issuing operations at once (1-64). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seeds the operations, the machine and the interleaving. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--profile", defaultValue = TortureSpec.DEFAULT_PROFILE, paramLabel = "NAME|FILE",
            description = "The machine. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one line of the profile (repeatable), as cpuhp boot --set.")
    java.util.List<String> overrides = new java.util.ArrayList<>();

    @Option(names = "--concurrent",
            description = "Let simulated tasks run truly at once (more interleavings, no replay).")
    boolean concurrent;

    @Option(names = "--sweep", description = "Run the exhaustive fault sweep instead (every state, both ways).")
    boolean sweep;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @CommandLine.Mixin
    ProgressOption progress;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        HardwareProfile machine;
        try {
            machine = HardwareProfile.resolve(profile);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CommandLine.ParameterException(cl, "--profile " + profile + ": " + e.getMessage());
        }
        machine = MachineOptions.applyOverrides(cl, machine, overrides);
        if (sweep) {
            return sweep(machine);
        }
        long millis = duration == null ? 0 : parseDuration(cl, duration);
        long n = ops != null ? ops : millis > 0 ? 0 : 10_000;
        if (n < 0 || (ops != null && ops == 0)) {
            throw new CommandLine.ParameterException(cl, "--ops must be >= 1, got " + ops);
        }
        if (threads < 1 || threads > 64) {
            throw new CommandLine.ParameterException(cl, "--threads must be 1-64, got " + threads);
        }
        TortureSpec s = (n > 0 ? TortureSpec.ops(n, seed).withDuration(millis) : TortureSpec.duration(millis, seed))
                .withThreads(threads).withProfile(profile).withSettings(overrides).withDeterministic(!concurrent);
        TortureReport r;
        try (ProgressBar bar = progress.bar("torture", millis > 0 ? -1 : n, " ops")) {
            Consumer<Long> hook = bar == null ? done -> { } : done -> bar.stepTo(millis > 0 ? 0 : done);
            r = Torture.run(s, hook);
        }
        if (json) {
            Json.print(json(r));
        } else {
            System.out.print(text(r));
        }
        return r.passed() ? 0 : 1;
    }

    private int sweep(HardwareProfile machine) {
        FaultSweep.Result r = FaultSweep.run(machine, seed);
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("profile", profile);
            j.put("scenarios", r.scenarios());
            j.put("passed", r.passed());
            j.put("violations", r.violations().stream().map(Violation::toString).toList());
            Json.print(j);
        } else {
            System.out.printf("cpuhp torture --sweep: %s: %d scenarios, %d passed%n", profile, r.scenarios(), r.passed());
            r.violations().forEach(v -> System.out.println("  " + v));
        }
        return r.ok() ? 0 : 1;
    }

    static long parseDuration(CommandLine cl, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            long millis;
            if (t.endsWith("ms")) {
                millis = Long.parseLong(t.substring(0, t.length() - 2));
            } else if (t.endsWith("s")) {
                millis = Long.parseLong(t.substring(0, t.length() - 1)) * 1000;
            } else if (t.endsWith("m")) {
                millis = Long.parseLong(t.substring(0, t.length() - 1)) * 60_000;
            } else if (t.endsWith("h")) {
                millis = Long.parseLong(t.substring(0, t.length() - 1)) * 3_600_000;
            } else {
                millis = Duration.parse(text).toMillis();
            }
            if (millis <= 0 || millis > 7L * 24 * 3_600_000) {
                throw new NumberFormatException();
            }
            return millis;
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(cl,
                    "--duration must be a positive time up to a week like 30s, 5m or 2h, got \"" + text + "\"");
        }
    }

    private static String text(TortureReport r) {
        StringBuilder sb = new StringBuilder();
        TortureSpec s = r.spec();
        sb.append(String.format(Locale.ROOT, "cpuhp torture: %s, %d drivers, seed %d, %s%n", s.profile(), s.threads(), s.seed(),
                s.deterministic() ? "deterministic" : "concurrent"));
        sb.append(String.format(Locale.ROOT, "%,d operations in %.1f s (%,.0f ops/s), %,d skipped (CPU or state busy)%n",
                r.ops(), r.wallMillis() / 1000.0, r.opsPerSecond(), r.skipped()));
        sb.append(String.format(Locale.ROOT, "%,d callbacks checked, %,d failures injected, %,d rollbacks%n",
                r.callbacks(), r.injectedFailures(), r.rollbacks()));
        sb.append("by operation: ").append(r.perOp()).append('\n');
        sb.append("answers:      ").append(r.results()).append('\n');
        r.latencyUs().forEach((k, v) -> sb.append(String.format(Locale.ROOT,
                "%-8s simulated latency p50 %,d us, p99 %,d us, max %,d us%n", k, v[0], v[1], v[2])));
        sb.append(String.format(Locale.ROOT, "violations: %d, stalls: %d, digest %s%n", r.violationCount(),
                r.stalls().size(), r.digest()));
        r.violations().forEach(v -> sb.append("  ").append(v).append('\n'));
        r.stalls().forEach(st -> sb.append(st.indent(2)));
        if (!r.passed()) {
            sb.append("replay: ").append(r.replay()).append('\n');
        }
        return sb.toString();
    }

    private static Map<String, Object> json(TortureReport r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("ops", r.ops());
        j.put("skipped", r.skipped());
        j.put("violations", r.violationCount());
        j.put("stalls", r.stalls().size());
        j.put("rollbacks", r.rollbacks());
        j.put("injected_failures", r.injectedFailures());
        j.put("callbacks", r.callbacks());
        j.put("seed", r.spec().seed());
        j.put("digest", r.digest());
        j.put("threads", r.spec().threads());
        j.put("profile", r.spec().profile());
        j.put("deterministic", r.spec().deterministic());
        j.put("wall_ms", r.wallMillis());
        j.put("ops_per_second", Math.round(r.opsPerSecond()));
        j.put("per_op", r.perOp());
        j.put("answers", r.results());
        Map<String, Object> lat = new LinkedHashMap<>();
        r.latencyUs().forEach((k, v) -> lat.put(k, Map.of("p50_us", v[0], "p99_us", v[1], "max_us", v[2])));
        j.put("latency", lat);
        j.put("violation_list", r.violations().stream().map(Violation::toString).toList());
        j.put("stall_reports", r.stalls());
        j.put("replay", r.replay());
        return j;
    }
}
