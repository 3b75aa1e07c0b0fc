package dev.cpuhp.cli;

import dev.cpuhp.boot.BootExperiment;
import dev.cpuhp.boot.BootRun;
import dev.cpuhp.boot.BootSpec;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.platform.HardwareProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cpuhp boot}: bring a machine's secondary CPUs up with each strategy and compare. */
@Command(name = "boot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Boot a machine with each bringup strategy and see where the time goes.",
                "",
                "Reports the bringup time, the control CPU's waiting, the prepare/online split,",
                "IPI delivery latency, the speed-up and the critical-path lower bound, and",
                "writes a Perfetto trace, an SVG timeline and each run's kernel-format trace.",
                "",
                "Strategies: serial (Linux before 6.5, cpuhp.parallel=0), parallel (Linux",
                "6.5+), pipelined (beyond Linux: the second stage in parallel too)."})
final class BootCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    MachineOptions machine;

    @Mixin
    StatesOption states;

    @Option(names = "--strategy", split = ",", paramLabel = "NAME[,NAME]",
            defaultValue = "serial,parallel,pipelined",
            description = "Strategies to run, in order. Default: ${DEFAULT-VALUE}.")
    List<String> strategies;

    @Option(names = "--cpus", paramLabel = "LIST",
            description = "Bring up only these CPUs, in the kernel's list format (e.g. 1-27,56-83). Default: all.")
    String cpus;

    @Option(names = "--after", paramLabel = "LIST",
            description = "Bring these CPUs up first, unmeasured, then measure the bringup of the others "
                    + "(tglx measured the secondary threads with --cpus 56-111 --after 1-55).")
    String after;

    @Option(names = "--maxcpus", paramLabel = "N",
            description = "maxcpus=: bring up at most N CPUs, the boot CPU included.")
    Integer maxcpus;

    @Option(names = "--nosmt",
            description = "The nosmt kernel parameter: SMT off from boot. Each secondary thread is booted once "
                    + "(x86 sets CR4.MCE) and sent back down at once; only the primary threads stay online.")
    boolean nosmt;

    @Option(names = "--clock", defaultValue = "virtual", paramLabel = "virtual|real",
            description = "virtual: time moves only when nothing can run (fast; the same figures every run). "
                    + "real: delays are real waits. Default: ${DEFAULT-VALUE}.")
    String clock;

    @Option(names = "--time-scale", defaultValue = "1", paramLabel = "K",
            description = "Real clock only: run K times slower than real time (slow motion). Default: ${DEFAULT-VALUE}.")
    double timeScale;

    @Option(names = "--runs", defaultValue = "1", paramLabel = "N",
            description = "Real clock: run each strategy N times and report the spread (min, median, max). "
                    + "Default: ${DEFAULT-VALUE}.")
    int runsPerStrategy;

    @Option(names = "--sensitivity",
            description = "For each cost of the profile, how much each strategy's bringup changes when it is "
                    + "10%% higher or lower, largest effect first: which state or latency to attack.")
    boolean sensitivity;

    @Option(names = "--explain", paramLabel = "CPU",
            description = "That AP's path in each strategy: when it was kicked, what it waited for, each "
                    + "section, and where it stood against the critical path.")
    Integer explain;

    @Mixin
    ReportOptions report;

    @Option(names = "--out", defaultValue = "out/boot", paramLabel = "DIR",
            description = "Where to write trace.pftrace (Perfetto), timeline.svg and STRATEGY.trace. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--perfetto", defaultValue = "proto", paramLabel = "proto|json",
            description = "Perfetto trace format. proto: trace.pftrace, Perfetto's own binary format, streamed "
                    + "(any machine size). json: trace.json, Chrome trace events; keeps each run's trace in memory, "
                    + "so for small machines. Default: ${DEFAULT-VALUE}.")
    String perfetto;

    @Option(names = "--no-files", description = "Write no files.")
    boolean noFiles;


    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        HardwareProfile profile = machine.load(cl);
        if (states.states != null) {
            states.table(cl, profile); // refuses an unknown table or a listing it cannot import, naming it
            profile = MachineOptions.applyOverrides(cl, profile, List.of("states=" + states.states));
        }
        List<Strategy> chosen = RebootCommand.parse(cl, "--strategy", strategies, Strategy::fromCli);
        if (!clock.equals("virtual") && !clock.equals("real")) {
            throw new CommandLine.ParameterException(cl, "--clock must be virtual or real, got \"" + clock + "\"");
        }
        if (!(timeScale >= 1)) {
            throw new CommandLine.ParameterException(cl, "--time-scale must be >= 1, got " + timeScale);
        }
        int n = profile.topology().cpus();
        CpuMask mask = parseMask(cl, "--cpus", cpus, n);
        CpuMask first = parseMask(cl, "--after", after, n);
        if (maxcpus != null && maxcpus < 0) {
            throw new CommandLine.ParameterException(cl, "--maxcpus must be >= 0, got " + maxcpus);
        }
        BootSpec base = BootSpec.of(profile, chosen.get(0)).withSeed(machine.seed)
                .withClock(clock.equals("virtual"), timeScale)
                .withCpus(mask, maxcpus == null ? Topology.NR_CPUS : maxcpus)
                .withNosmt(nosmt).withBefore(first);

        if (!perfetto.equals("proto") && !perfetto.equals("json")) {
            throw new CommandLine.ParameterException(cl, "--perfetto must be proto or json, got \"" + perfetto + "\"");
        }
        if (!noFiles) {
            // Refuse an unwritable --out before the runs, not after them.
            try {
                java.nio.file.Files.createDirectories(out);
            } catch (java.io.IOException e) {
                throw new CommandLine.ParameterException(cl, "--out " + out + ": " + Failure.describe(e));
            }
            if (!java.nio.file.Files.isWritable(out)) {
                throw new CommandLine.ParameterException(cl, "--out " + out + ": not writable");
            }
        }
        if (sensitivity || explain != null) {
            if (!base.virtualClock()) {
                throw new CommandLine.ParameterException(cl, (sensitivity ? "--sensitivity" : "--explain")
                        + " needs the virtual clock: it compares runs that must differ only in what was changed");
            }
            return sensitivity ? BootWhatIf.sensitivity(base, chosen, report)
                    : BootWhatIf.explain(cl, base, chosen, explain, report);
        }
        if (runsPerStrategy < 1 || runsPerStrategy > 1 && base.virtualClock()) {
            throw new CommandLine.ParameterException(cl, "--runs " + runsPerStrategy + ": "
                    + (runsPerStrategy < 1 ? "must be >= 1" : "needs --clock real (virtual runs give the same figures every time)"));
        }
        boolean showProgress = report.showProgress(!base.virtualClock() || n >= 1024);
        List<BootRun> runs = new ArrayList<>();
        List<List<BootRun>> repeats = new ArrayList<>();
        BootFiles files = noFiles ? null : new BootFiles(out,
                perfetto.equals("json") ? BootFiles.Format.JSON : BootFiles.Format.PROTO, n);
        try {
            for (Strategy s : chosen) {
                List<BootRun> same = new ArrayList<>();
                for (int i = 0; i < runsPerStrategy; i++) {
                    // the files hold each strategy's first run; repeats only measure
                    same.add(run(base.withStrategy(s), showProgress, i == 0 ? files : null));
                }
                same.sort(java.util.Comparator.comparingLong(BootRun::totalNanos));
                runs.add(same.get(same.size() / 2)); // the median run stands for the strategy
                repeats.add(same);
            }
            if (files != null) {
                files.finish(profile.name() + ": bringup of " + runs.get(0).aps().size() + " APs, "
                        + base.clockName() + " clock", runs);
            }
        } finally {
            if (files != null) {
                files.close();
            }
        }
        // The lower bound comes from a serial run's contention-free per-AP figures; they are a
        // property of the machine model, so a virtual-clock run gives them exactly and fast.
        BootRun serial = BootExperiment.serialFor(base, runs);
        BootReport r = new BootReport(profile, base, runs, serial, runsPerStrategy > 1 ? repeats : List.of());
        if (files != null) {
            r.filesWritten(files.files());
        }
        report.print(r::json, r::text);
        return 0;
    }

    private BootRun run(BootSpec s, boolean showProgress, BootFiles files) throws java.io.IOException {
        try (Progress p = Progress.of(s.strategy().cliName(), showProgress)) {
            BootSpec spec = s.withObserver(p.hook());
            // Without files the trace is still read for the AP timelines, as it passes, and dropped.
            return files == null ? BootExperiment.run(spec, e -> { }) : files.run(spec);
        }
    }

    /** A CPU list in the kernel's format, or null if the option was not given. */
    static CpuMask parseMask(CommandLine cl, String option, String text, int nrCpus) {
        if (text == null) {
            return null;
        }
        try {
            return CpuMask.parse(text, nrCpus);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, option + " " + text + ": " + e.getMessage());
        }
    }
}
