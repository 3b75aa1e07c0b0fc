package dev.cpuhp.cli;

import dev.cpuhp.boot.BootExperiment;
import dev.cpuhp.boot.BootRun;
import dev.cpuhp.boot.BootSpec;
import dev.cpuhp.boot.LowerBound;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.platform.HardwareProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cpuhp bench}: the bringup benchmark. Every strategy on machines of 4, 112 and 1920
 * CPUs (virtual clock), each against the critical-path lower bound; then the same 112-CPU
 * boots on the real clock, to show the two clocks agree.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The bringup benchmark: every strategy, every size, both clocks.",
                "",
                "Serial, parallel and pipelined bringup on machines of 4, 112 and 1920 CPUs",
                "against the critical-path lower bound, and the agreement of the real and the",
                "virtual clock on the 112-CPU machine (median of repeated real runs)."})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one line of every profile benchmarked (repeatable), as cpuhp boot --set.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--profiles", split = ",", paramLabel = "NAME[,NAME]",
            defaultValue = "laptop-4t,skl-2s-112t,spr-16s-1920t",
            description = "Machines to benchmark on the virtual clock. Default: ${DEFAULT-VALUE}.")
    List<String> profiles;

    @Option(names = "--clock-profile", defaultValue = "skl-2s-112t", paramLabel = "NAME",
            description = "Machine for the real/virtual clock agreement. Default: ${DEFAULT-VALUE}.")
    String clockProfile;

    @Option(names = "--real-runs", defaultValue = "5", paramLabel = "N",
            description = "Real-clock runs per strategy after a warm-up run; the median is reported. 0 skips. Default: ${DEFAULT-VALUE}.")
    int realRuns;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the hardware model. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (realRuns < 0) {
            throw new CommandLine.ParameterException(cl, "--real-runs must be >= 0, got " + realRuns);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> machines = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-15s %6s %-10s %11s %10s %12s %9s%n",
                "machine", "CPUs", "strategy", "bringup", "speed-up", "lower bound", "vs bound"));
        for (String name : profiles) {
            HardwareProfile p = load(cl, name);
            List<BootRun> runs = new ArrayList<>();
            for (Strategy s : Strategy.values()) {
                progress("virtual clock: " + name + " " + s.cliName());
                runs.add(BootExperiment.run(BootSpec.of(p, s).withSeed(seed)));
            }
            LowerBound lb = LowerBound.of(runs.get(0).aps());
            for (BootRun r : runs) {
                text.append(String.format(Locale.ROOT, "%-15s %6d %-10s %8.2f ms %9.2fx %9.2f ms %8.2fx%n",
                        name, p.topology().cpus(), r.spec().strategy().cliName(), r.totalNanos() / 1e6,
                        (double) runs.get(0).totalNanos() / r.totalNanos(), lb.nanos() / 1e6,
                        (double) r.totalNanos() / lb.nanos()));
            }
            machines.add(new BootReport(p, BootSpec.of(p, Strategy.SERIAL).withSeed(seed), runs, runs.get(0), List.of()).json());
        }
        root.put("machines", machines);
        if (realRuns > 0) {
            root.put("clock_agreement", agreement(load(cl, clockProfile), text));
        }
        if (json) {
            Json.print(root);
        } else {
            System.out.print(text);
        }
        return 0;
    }

    /** The same boots on both clocks: median real figure against the virtual one. */
    private Map<String, Object> agreement(HardwareProfile p, StringBuilder text) {
        text.append(String.format(Locale.ROOT, "%nclock agreement on %s (%d CPUs): median of %d real-clock runs after one warm-up%n",
                p.name(), p.topology().cpus(), realRuns));
        text.append(String.format(Locale.ROOT, "%-10s %12s %12s %12s %10s%n", "strategy", "virtual", "real median",
                "real range", "real/virt"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("profile", p.name());
        out.put("real_runs", realRuns);
        List<Object> rows = new ArrayList<>();
        for (Strategy s : Strategy.values()) {
            BootSpec virtual = BootSpec.of(p, s).withSeed(seed);
            long v = BootExperiment.run(virtual).totalNanos();
            BootSpec real = virtual.withClock(false, 1.0);
            progress("real clock: warm-up " + s.cliName());
            BootExperiment.run(real);
            long[] r = new long[realRuns];
            for (int i = 0; i < realRuns; i++) {
                progress("real clock: " + s.cliName() + " run " + (i + 1) + "/" + realRuns);
                r[i] = BootExperiment.run(real).totalNanos();
            }
            Arrays.sort(r);
            long median = r[r.length / 2];
            double ratio = (double) median / v;
            text.append(String.format(Locale.ROOT, "%-10s %9.2f ms %9.2f ms %5.1f-%.1f ms %9.3f%n", s.cliName(),
                    v / 1e6, median / 1e6, r[0] / 1e6, r[r.length - 1] / 1e6, ratio));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("strategy", s.cliName());
            row.put("virtual_ms", v / 1e6);
            row.put("real_median_ms", median / 1e6);
            row.put("real_ms", Arrays.stream(r).mapToDouble(x -> x / 1e6).toArray());
            row.put("real_over_virtual", ratio);
            rows.add(row);
        }
        out.put("results", rows);
        return out;
    }

    private HardwareProfile load(CommandLine cl, String name) {
        HardwareProfile p;
        try {
            p = HardwareProfile.resolve(name);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(cl, name + ": " + e.getMessage());
        }
        return MachineOptions.applyOverrides(cl, p, overrides);
    }

    private static void progress(String what) {
        if (System.console() != null) {
            System.err.print("\r\033[K" + what);
            System.err.flush();
        }
    }
}
