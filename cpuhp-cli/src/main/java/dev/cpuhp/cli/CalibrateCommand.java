package dev.cpuhp.cli;

import dev.cpuhp.calibrate.BootTrace;
import dev.cpuhp.calibrate.Calibration;
import dev.cpuhp.calibrate.Replay;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.state.KernelTable;
import dev.cpuhp.trace.FtraceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cpuhp calibrate}: a hardware profile from a real machine's bringup trace. */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make a hardware profile of your machine from a trace of its CPU bringup.",
                "",
                "Boot the machine with  trace_event=cpuhp:*,csd:* trace_buf_size=32M",
                "on the kernel command line (add cpuhp.parallel=0 for a serial boot), then",
                "save /sys/kernel/tracing/trace, /sys/devices/system/cpu/hotplug/states and",
                "/proc/cpuinfo. From each TRACE's bringup it derives: every state's cost per",
                "call (cpuhp_enter to cpuhp_exit, as measured values); the AP's own start (the",
                "untraced gap from its release to its first event: alive + STARTING in a",
                "serial boot, STARTING alone in a parallel one; one trace of each splits",
                "them); IPI latency (csd events); the static key's text patching; the",
                "TSC-sync pattern. Every profile line names the trace lines it came from.",
                "Then:  cpuhp boot --profile FILE",
                "",
                "--replay boots the profile the way each trace booted and compares;",
                "--predict TRACE does that for a trace not used to calibrate (the other mode).",
                "Exit status: 0, or 2 on bad input."})
final class CalibrateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "TRACE", description = "A saved /sys/kernel/tracing/trace of a boot (or of an online).")
    List<Path> traces;

    @Option(names = "--states", required = true, paramLabel = "FILE",
            description = "The machine's /sys/devices/system/cpu/hotplug/states (or a built-in table: linux-6.12, linux-6.18).")
    String states;

    @Option(names = "--cpuinfo", paramLabel = "FILE",
            description = "A copy of the machine's /proc/cpuinfo: the exact topology (else it is read off the trace).")
    Path cpuinfo;

    @Option(names = "--topology", paramLabel = "SxCxT[:NUMBERING]",
            description = "The topology, e.g. 2x28x2 or 1x4x2:siblings-adjacent (else --cpuinfo, else the trace).")
    String topology;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the profile here. Default: standard output.")
    Path output;

    @Option(names = "--name", paramLabel = "NAME", description = "The profile's name. Default: the output file's name, else \"calibrated\".")
    String name;

    @Option(names = "--replay", description = "Boot the profile as each TRACE booted and compare, figure by figure.")
    boolean replay;

    @Option(names = "--predict", paramLabel = "TRACE", description = "Compare the profile's prediction with this trace, not used to calibrate (repeatable).")
    List<Path> predict = new ArrayList<>();

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N",
            description = "Simulated boots per comparison (seeds 1..N), averaged. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--json", description = "Print one JSON object: the profile's lines, the findings, the comparisons.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (runs < 1 || runs > 100) {
            throw new CommandLine.ParameterException(cl, "--runs must be 1-100, got " + runs);
        }
        KernelTable table = StatesOption.resolve(cl, states);
        List<BootTrace> read = new ArrayList<>();
        for (Path t : traces) {
            read.add(read(cl, t, table));
        }
        String profileName = name != null ? name : output != null ? output.getFileName().toString().replaceFirst("\\.profile$", "")
                : "calibrated";
        Calibration.Result result;
        try {
            result = Calibration.derive(read, new Calibration.Inputs(profileName, statesValue(), table,
                    cpuinfo == null ? null : Files.readString(cpuinfo, StandardCharsets.ISO_8859_1),
                    cpuinfo == null ? null : cpuinfo.toString(), topology()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        if (output != null) {
            Files.writeString(output, result.text());
        }
        HardwareProfile profile = result.profile(output != null ? output.toString() : "calibrated");
        List<Replay.Report> reports = new ArrayList<>();
        if (replay) {
            read.forEach(t -> reports.add(Replay.against(t, profile, runs)));
        }
        for (Path p : predict) {
            reports.add(Replay.against(read(cl, p, table), profile, runs));
        }
        if (json) {
            Json.print(json(result, reports));
        } else if (output == null) {
            System.out.print(result.text());
            System.err.print(summary(result, reports));
        } else {
            System.out.print(summary(result, reports));
        }
        return 0;
    }

    private BootTrace read(CommandLine cl, Path file, KernelTable table) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(cl, file + ": no such file");
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            FtraceReader.Parsed parsed = FtraceReader.read(in);
            if (parsed.events().isEmpty()) {
                throw new CommandLine.ParameterException(cl, file + ": no cpuhp or csd events"
                        + (parsed.broken().isEmpty() ? "" : " (line " + parsed.broken().get(0).split(":", 2)[0]
                        + " is not ftrace's format)")
                        + ": is it /sys/kernel/tracing/trace of a boot with trace_event=cpuhp:*,csd:*?");
            }
            return BootTrace.read(file.toString(), parsed, table.layout());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    /** The profile's {@code states} line: a built-in name, or the listing's path as seen from the profile. */
    private String statesValue() {
        if (KernelTable.BUILTIN.contains(states)) {
            return states;
        }
        Path listing = Path.of(states).toAbsolutePath().normalize();
        if (output == null) {
            return listing.toString();
        }
        Path dir = output.toAbsolutePath().normalize().getParent();
        return dir == null ? listing.toString() : dir.relativize(listing).toString();
    }

    private Topology topology() {
        if (topology == null) {
            return null;
        }
        String[] parts = topology.split(":", 2);
        try {
            String[] n = parts[0].split("x");
            if (n.length != 3) {
                throw new NumberFormatException();
            }
            return new Topology(Integer.parseInt(n[0]), Integer.parseInt(n[1]), Integer.parseInt(n[2]),
                    parts.length > 1 ? Topology.Numbering.parse(parts[1]) : Topology.Numbering.PRIMARIES_FIRST);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--topology " + topology
                    + ": expected SOCKETSxCORESxTHREADS[:primaries-first|siblings-adjacent], e.g. 2x28x2");
        }
    }

    private String summary(Calibration.Result r, List<Replay.Report> reports) {
        StringBuilder sb = new StringBuilder();
        sb.append("cpuhp calibrate: ").append(output != null ? "wrote " + output : "profile above").append(" (")
                .append(r.entries().stream().filter(e -> e.key().startsWith("state.")).count()).append(" state costs, topology ")
                .append(r.topology()).append(")\n");
        r.findings().forEach(f -> sb.append("  note: ").append(f).append('\n'));
        for (Replay.Report rep : reports) {
            sb.append(String.format(Locale.ROOT, "%n%s bringup of %s: trace vs model (mean of %d boots)%n",
                    rep.mode().cliName(), rep.traceOrigin(), rep.runs()));
            sb.append(String.format(Locale.ROOT, "  %-44s %12s %12s %8s%n", "", "trace ms", "model ms", "error"));
            row(sb, rep.span(), 1e6);
            rep.phases().forEach(p -> row(sb, p, 1e6));
            sb.append(String.format(Locale.ROOT, "  %-44s %12s %12s%n", "state (mean per call)", "trace us", "model us"));
            rep.states().forEach(s -> row(sb, s, 1e3));
            List<Replay.Row> out = rep.statesOutside(0.15, 2_000);
            sb.append(String.format(Locale.ROOT, "  bringup %+.1f%%; %d of %d states within 15%% (or 2 us, the trace's resolution)%n",
                    100 * rep.span().error(), rep.states().size() - out.size(), rep.states().size()));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, Replay.Row r, double unit) {
        sb.append(String.format(Locale.ROOT, "  %-44s %12.3f %12.3f %8s%n", r.what(), r.trace() / unit, r.model() / unit,
                Double.isInfinite(r.error()) ? "-" : String.format(Locale.ROOT, "%+.1f%%", 100 * r.error())));
    }

    private Map<String, Object> json(Calibration.Result r, List<Replay.Report> reports) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("output", output == null ? null : output.toString());
        j.put("topology", r.topology().toString());
        Map<String, String> lines = new LinkedHashMap<>();
        r.entries().forEach(e -> lines.put(e.key(), e.value()));
        j.put("profile", lines);
        j.put("findings", r.findings());
        j.put("comparisons", reports.stream().map(rep -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trace", rep.traceOrigin());
            m.put("mode", rep.mode().cliName());
            m.put("runs", rep.runs());
            m.put("bringup", rowJson(rep.span()));
            m.put("phases", rep.phases().stream().map(CalibrateCommand::rowJson).toList());
            m.put("states", rep.states().stream().map(CalibrateCommand::rowJson).toList());
            m.put("states_outside_15pct", rep.statesOutside(0.15, 2_000).size());
            return m;
        }).toList());
        return j;
    }

    private static Map<String, Object> rowJson(Replay.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("what", r.what());
        m.put("trace_us", r.trace() / 1e3);
        m.put("model_us", r.model() / 1e3);
        m.put("error", Double.isFinite(r.error()) ? r.error() : null);
        return m;
    }
}
