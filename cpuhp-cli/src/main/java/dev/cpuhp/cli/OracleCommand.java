package dev.cpuhp.cli;

import dev.cpuhp.cli.oracle.Capture;
import dev.cpuhp.cli.oracle.Comparison;
import dev.cpuhp.cli.oracle.Guest;
import dev.cpuhp.cli.oracle.Op;
import dev.cpuhp.cli.oracle.Outcome;
import dev.cpuhp.cli.oracle.ScriptGenerator;
import dev.cpuhp.cli.oracle.SimRun;
import dev.cpuhp.cli.proc.CpuNamespace;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.state.KernelTable;
import dev.cpuhp.state.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cpuhp oracle}: the same hotplug script on the real Linux kernel and on cpuhp, compared. */
@Command(name = "oracle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a random hotplug script on a real Linux 6.12 kernel and on cpuhp, and compare.",
                "",
                "The script (from --seed) takes CPUs online and offline, injects failures and",
                "then breaks the operation they arm, writes targets and SMT control, writes the",
                "values the kernel's parsers refuse, and reads every hotplug file. The real side",
                "boots Debian's Linux 6.12 under QEMU (scripts/linux-guest, software emulation,",
                "-smp " + Guest.SMP + "); cpuhp's side is a machine configured like",
                "the guest (profile " + SimRun.PROFILE + ": 6.12's table, siblings numbered next to",
                "each other, no CONFIG_CPU_HOTPLUG_STATE_CONTROL). Compared for every operation:",
                "the errno, the bytes read, per CPU the steps called (step, direction, return",
                "value, callback, kind of task) and the kernel log lines cpuhp models; with",
                "--selftest, also the kernel selftest's verdicts and outputs.",
                "",
                "Exit status: 0 when both sides agree, 1 on any difference, 2 on bad input,",
                "74 when the guest could not run."})
final class OracleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seeds the script. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--ops", defaultValue = "100", paramLabel = "N",
            description = "Operations in the script (1-5000). Default: ${DEFAULT-VALUE}.")
    int ops;

    @Option(names = "--real", paramLabel = "DIR",
            description = "Compare against a capture already on disk instead of booting the guest.")
    Path real;

    @Option(names = "--save", paramLabel = "DIR",
            description = "Keep the real side here (the script and the cpuhp trace lines, compressed).")
    Path save;

    @Option(names = "--selftest",
            description = "Start the script with the kernel's cpu-on-off-test.sh, limited and -a: in the guest, and against "
                    + "cpuhp's machine mounted with FUSE in a private mount namespace (root).")
    boolean selftest;

    @Option(names = "--profile", defaultValue = SimRun.PROFILE, paramLabel = "NAME|FILE",
            description = "cpuhp's machine. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--timeout", defaultValue = "0", paramLabel = "SECONDS",
            description = "Give up on the guest after this long. Default: 60 + 3 per operation.")
    int timeout;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @CommandLine.Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandLine cl = spec.commandLine();
        if (ops < 1 || ops > 5000) {
            throw new CommandLine.ParameterException(cl, "--ops must be 1-5000, got " + ops);
        }
        HardwareProfile p;
        try {
            p = HardwareProfile.resolve(profile);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--profile " + profile + ": " + e.getMessage());
        }
        KernelTable table = p.kernelTable();
        boolean show = progress.show();
        Capture capture;
        if (real != null) {
            capture = Capture.load(real);
        } else {
            List<Op> script = new java.util.ArrayList<>();
            if (selftest) {
                // first, while every CPU is online: the selftest skips a machine whose online list has no range
                script.add(Op.selftest(1, ""));
                script.add(Op.selftest(2, "-a"));
            }
            int first = script.size();
            ScriptGenerator.generate(seed, ops, p.topology().cpus(), table).forEach(op ->
                    script.add(new Op(op.n() + first, op.kind(), op.file(), op.value())));
            Path dir = save != null ? save : Files.createTempDirectory("cpuhp-oracle");
            if (show) {
                System.err.println("cpuhp oracle: booting Linux 6.12 under QEMU and running " + script.size()
                        + " operations (about " + (15 + script.size()) + " s)...");
            }
            Guest.run(script, dir, timeout > 0 ? timeout : 60 + 3 * script.size());
            capture = Capture.load(dir);
            if (save != null) {
                capture.save(save);
                Files.deleteIfExists(save.resolve(Capture.RAW));
            }
        }
        Path selftestScript = null;
        if (capture.script().stream().anyMatch(op -> op.kind() == Op.Kind.SELFTEST)) {
            var why = CpuNamespace.unavailable();
            if (why.isPresent()) {
                throw new IOException("the script runs the selftest, and against cpuhp that " + why.get());
            }
            selftestScript = Guest.selftest();
        }
        List<Outcome> sim;
        try (ProgressBar bar = progress.bar("cpuhp", capture.script().size(), " ops")) {
            IntConsumer hook = bar == null ? n -> { } : bar::stepTo;
            sim = SimRun.run(capture.script(), profile, seed, selftestScript, hook);
        }
        Layout l = table.layout();
        Comparison.Result r = Comparison.compare(capture.script(), capture.outcomes(), sim, l.bpKickAp(), l.bringupCpu());
        if (json) {
            Json.print(json(r, capture));
        } else {
            System.out.print(text(r, capture));
        }
        return r.agree() ? 0 : 1;
    }

    private String text(Comparison.Result r, Capture c) {
        StringBuilder sb = new StringBuilder();
        sb.append("cpuhp oracle: Linux ").append(c.kernel()).append(" (QEMU -smp ").append(Guest.SMP).append(") vs cpuhp ")
                .append(profile).append(real != null ? ", capture " + real : ", seed " + seed).append('\n');
        for (Comparison.Difference d : r.differences()) {
            sb.append(String.format("op %d: %s: %s%n", d.op(), d.description(), d.what()));
            sb.append("  real:  ").append(d.real()).append('\n');
            sb.append("  cpuhp: ").append(d.cpuhp()).append('\n');
            d.context().forEach(line -> sb.append("    ").append(line).append('\n'));
        }
        sb.append(String.format("ops %d, compared %d, differences %d%n", r.ops(), r.compared(), r.differences().size()));
        return sb.toString();
    }

    private Map<String, Object> json(Comparison.Result r, Capture c) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("kernel", c.kernel());
        j.put("profile", profile);
        j.put("seed", real != null ? null : seed);
        j.put("capture", real != null ? real.toString() : save != null ? save.toString() : null);
        j.put("ops", r.ops());
        j.put("compared", r.compared());
        j.put("differences", r.differences().size());
        j.put("difference_list", r.differences().stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", d.op());
            m.put("operation", d.description());
            m.put("what", d.what());
            m.put("real", d.real());
            m.put("cpuhp", d.cpuhp());
            m.put("context", d.context());
            return m;
        }).toList());
        return j;
    }
}
