package dev.cpuhp.calibrate;

import dev.cpuhp.machine.Topology;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.state.KernelTable;
import dev.cpuhp.state.Layout;
import dev.cpuhp.state.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A hardware profile derived from real bringup traces: what {@code cpuhp calibrate} writes.
 *
 * <p>Each line comes from what the traces show, and says which lines: a state's cost from its
 * {@code cpuhp_enter}→{@code cpuhp_exit} runs; the AP's own start from the gaps around the
 * untraced part of its bringup; IPI latency from {@code csd_queue_cpu}→{@code csd_function_entry};
 * the static key's text patching from the sync IPIs inside {@code sched_cpu_activate()}; the
 * TSC sync from whether the first CPU of each package is slower to start than its peers.
 *
 * <p>The AP's untraced part, from the control task's release ({@code cpu:bringup} enter) to the
 * AP's first event, is {@code ap.starting_us} when the AP was long alive by then (a parallel
 * boot) and alive + starting in a serial boot. With both kinds of trace they separate; with one
 * the split is an assumption the profile states.
 */
public final class Calibration {
    /**
     * What the traces do not say.
     *
     * @param name      the profile's name
     * @param states    the profile's {@code states} value (a path to the listing)
     * @param cpuinfo   {@code /proc/cpuinfo} of the machine, or null
     * @param topology  the topology, if the user gives it (else from cpuinfo, else from the trace)
     */
    public record Inputs(String name, String states, KernelTable table, String cpuinfo, String cpuinfoName,
                         Topology topology) {
    }

    /** One profile line and the comment above it. */
    public record Entry(String key, String value, String comment) {
    }

    /**
     * @param header   comment lines that open the profile
     * @param entries  its lines, in order
     * @param findings what the traces showed that a reader should know, one sentence each
     */
    public record Result(List<String> header, List<Entry> entries, List<String> findings, Topology topology) {
        /** The profile file. */
        public String text() {
            StringBuilder b = new StringBuilder();
            header.forEach(h -> b.append("# ").append(h).append('\n'));
            for (Entry e : entries) {
                b.append('\n');
                if (!e.comment().isEmpty()) {
                    wrap(e.comment(), b);
                }
                b.append(e.key()).append(" = ").append(e.value()).append('\n');
            }
            return b.toString();
        }

        public HardwareProfile profile(String origin) {
            return HardwareProfile.parse(text(), origin);
        }

        private static void wrap(String comment, StringBuilder b) {
            StringBuilder line = new StringBuilder("#");
            for (String word : comment.split(" ")) {
                if (line.length() + word.length() + 1 > 100 && line.length() > 1) {
                    b.append(line).append('\n');
                    line = new StringBuilder("#  ");
                }
                line.append(' ').append(word);
            }
            b.append(line).append('\n');
        }
    }

    private final List<BootTrace> traces;
    private final Inputs in;
    private final Layout layout;
    private final Map<Integer, String> names = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();

    private Calibration(List<BootTrace> traces, Inputs in) {
        this.traces = traces;
        this.in = in;
        this.layout = in.table().layout();
        for (Row r : in.table().rows()) {
            names.put(r.state(), r.name());
        }
    }

    /** Derives the profile from one or more traces of the same machine. */
    public static Result derive(List<BootTrace> traces, Inputs in) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("no trace to calibrate from");
        }
        return new Calibration(traces, in).run();
    }

    private Result run() {
        List<String> header = new ArrayList<>();
        header.add("Calibrated by cpuhp calibrate from " + traces.size() + " trace" + (traces.size() == 1 ? "" : "s")
                + "; each line below names the trace lines it came from:");
        for (int i = 0; i < traces.size(); i++) {
            BootTrace t = traces.get(i);
            header.add(String.format(Locale.ROOT, "  [%d] %s: %s bringup of %d APs by %s-%d, lines %d-%d, %.3f ms", i + 1,
                    t.origin(), t.mode().cliName(), t.aps().size(), t.controlTask(), t.controlPid(), t.firstLine(),
                    t.lastLine(), t.spanNanos() / 1e6));
        }
        header.add("States: " + in.table().origin() + " (Linux " + layout.kernel() + " layout).");
        TopologyGuess guess = TopologyGuess.of(traces, in.cpuinfo(), in.cpuinfoName(), in.topology());
        Topology topo = guess.topology();
        findings.addAll(guess.findings());
        entries.add(new Entry("name", in.name(), ""));
        entries.add(new Entry("description", "calibrated from " + String.join(", ",
                traces.stream().map(t -> t.mode().cliName() + " trace " + t.origin()).toList()), ""));
        entries.add(new Entry("calibration", "cpuhp calibrate: per-state costs, AP start, IPI latency from the traces; "
                + String.join(", ", traces.stream().map(t -> String.format(Locale.ROOT, "%s bringup %.3f ms",
                t.mode().cliName(), t.spanNanos() / 1e6)).toList()), ""));
        entries.add(new Entry("topology", topo.sockets() + "x" + topo.coresPerSocket() + "x" + topo.threadsPerCore(),
                guess.evidence()));
        entries.add(new Entry("topology.numbering", topo.numbering().key(), ""));
        entries.add(new Entry("states", in.states(), ""));
        published();
        ApStart.derive(traces, topo, entries, findings);
        ipis();
        StateCosts.derive(traces, names, layout, entries, findings);
        return new Result(header, List.copyOf(entries), List.copyOf(findings), topo);
    }

    /** The measured bringup of each mode, for {@code cpuhp boot} to compare its figures with. */
    private void published() {
        Map<BootTrace.Mode, Integer> first = new LinkedHashMap<>();
        for (int i = 0; i < traces.size(); i++) {
            first.putIfAbsent(traces.get(i).mode(), i);
        }
        entries.add(new Entry("published.source", String.join(", ", first.values().stream()
                .map(i -> "[" + (i + 1) + "] " + traces.get(i).origin()).toList()), "the bringup this machine's own trace measured"));
        first.forEach((mode, i) -> {
            BootTrace t = traces.get(i);
            entries.add(new Entry("published." + mode.cliName() + "_ms", String.format(Locale.ROOT, "%.3f", t.spanNanos() / 1e6),
                    "[" + (i + 1) + "] " + t.firstLine() + "-" + t.lastLine() + ": the first AP's first step to the last AP's cpu:bringup exit"));
        });
    }

    /** {@code ipi.wakeup_us}: every matched queue→entry latency. */
    private void ipis() {
        Samples s = new Samples();
        for (int i = 0; i < traces.size(); i++) {
            for (BootTrace.Ipi ipi : traces.get(i).ipis()) {
                s.add(ipi.nanos(), i + 1, ipi.queueLine(), ipi.entryLine());
            }
        }
        if (s.isEmpty()) {
            findings.add("No csd events: IPI latency is not measured (trace with csd:* too); ipi.wakeup_us is 0.");
            entries.add(new Entry("ipi.wakeup_us", "0", "no csd_queue_cpu/csd_function_entry pairs in the traces"));
            return;
        }
        String value = s.distribution().toString();
        entries.add(new Entry("ipi.wakeup_us", value, "csd_queue_cpu -> csd_function_entry on the target, " + s.summary()
                + (s.size() > Samples.MAX_LISTED ? ", as " + Samples.MAX_LISTED + " quantiles" : "") + ": " + s.citation()));
    }
}
