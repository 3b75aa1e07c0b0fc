package dev.cpuhp.calibrate;

import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.state.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each state's cost per call, both ways, from its {@code cpuhp_enter}→{@code cpuhp_exit} runs
 * in every trace, any task: the control task's PREPARE and DEAD steps, the AP's hotplug thread's
 * ONLINE steps. Three states are not their runs' length, because the model prices what they
 * wait for on its own: {@code cpu:bringup} (it waits for the AP), {@code cpu:teardown} (stop
 * machine and the DYING steps), and {@code sched:active} going down ({@code synchronize_rcu()}:
 * {@code rcu.grace_period_us}); a {@code sched:active} run that patched the SMT static key (its
 * CPU sent the text-poke sync IPIs) is {@code cost.static_key_patch_us} beyond the usual run.
 */
final class StateCosts {
    /** Samples of one state (or instance), both directions. */
    private record Costs(String name, String fun, Samples up, Samples down) {
    }

    private StateCosts() {
    }

    static void derive(List<BootTrace> traces, Map<Integer, String> names, Layout layout, List<Calibration.Entry> out,
                       List<String> findings) {
        // state number * 1000 + instance + 1: the profile's order
        TreeMap<Integer, Costs> costs = new TreeMap<>();
        Samples grace = new Samples();
        List<long[]> patches = new ArrayList<>(); // {trace, run length, enter line, exit line}
        for (int t = 0; t < traces.size(); t++) {
            BootTrace trace = traces.get(t);
            // the bringups' runs one way, every teardown the other (a registration's runs on CPUs
            // already up are left out: they are not part of a CPU's walk, and may cost otherwise)
            List<StepTimes.Run> runs = new ArrayList<>(trace.bringupRuns());
            trace.steps().runs().stream().filter(r -> !r.up()).forEach(runs::add);
            runs.sort(java.util.Comparator.comparingInt(StepTimes.Run::enterLine));
            for (StepTimes.Run r : runs) {
                if (r.ret() != 0 || r.up() && r.step() == layout.bringupCpu() || !r.up() && r.step() == layout.teardownCpu()) {
                    continue;
                }
                String name = names.get(r.step());
                if (name == null) {
                    findings.add("[" + (t + 1) + "] line " + r.enterLine() + ": step " + r.step() + " (" + r.fun()
                            + ") is not in the states listing; not priced.");
                    continue;
                }
                if (r.step() == layout.apActive()) {
                    if (patchedText(trace, r)) {
                        patches.add(new long[] {t + 1, r.nanos(), r.enterLine(), r.exitLine()});
                        continue;
                    }
                    if (!r.up()) {
                        grace.add(r.nanos(), t + 1, r.enterLine(), r.exitLine());
                        continue;
                    }
                }
                String key = r.instance() < 0 ? name : HardwareProfile.instanceKey(name, r.instance());
                Costs c = costs.computeIfAbsent(r.step() * 1000 + r.instance() + 1,
                        k -> new Costs(key, r.fun(), new Samples(), new Samples()));
                (r.up() ? c.up() : c.down()).add(r.nanos(), t + 1, r.enterLine(), r.exitLine());
            }
        }
        staticKey(patches, costs.get(layout.apActive() * 1000), ipiMedian(traces), out);
        if (!grace.isEmpty()) {
            out.add(new Calibration.Entry("rcu.grace_period_us", grace.distribution().toString(), "sched:active down "
                    + "(sched_cpu_deactivate() waits in synchronize_rcu()): " + grace.summary() + ": " + grace.citation()));
            out.add(new Calibration.Entry("rcu.grace_period_per_cpu_us", "0", "inside rcu.grace_period_us"));
        }
        for (Costs c : costs.values()) {
            String up = c.up().isEmpty() ? "0" : c.up().distribution().toString();
            String value = c.down().isEmpty() ? up : up + " / " + c.down().distribution().toString();
            StringBuilder why = new StringBuilder(c.fun());
            if (!c.up().isEmpty()) {
                why.append(" up: ").append(c.up().summary()).append(": ").append(c.up().citation());
            }
            if (!c.down().isEmpty()) {
                why.append(c.up().isEmpty() ? " down: " : "; down: ").append(c.down().summary()).append(": ")
                        .append(c.down().citation());
            }
            out.add(new Calibration.Entry("state." + c.name(), value, why.toString()));
        }
    }

    /** Whether the run's CPU sent the text-poke sync IPIs ({@code do_sync_core}) while it ran. */
    private static boolean patchedText(BootTrace trace, StepTimes.Run r) {
        return trace.ipis().stream().anyMatch(i -> i.func().contains("sync_core") && i.source() == r.cpu()
                && i.queueLine() > r.enterLine() && i.queueLine() < r.exitLine());
    }

    /**
     * The patch's own cost: the run less a usual {@code sched:active} and less its three sync
     * rounds as the model prices them (each an IPI of typical latency). What the rounds waited
     * beyond that stays in the patch, so a replay spends what the trace spent.
     */
    private static void staticKey(List<long[]> patches, Costs activate, long ipi, List<Calibration.Entry> out) {
        if (patches.isEmpty()) {
            return;
        }
        long usual = activate == null || activate.up().isEmpty() ? 0 : activate.up().median();
        Samples s = new Samples();
        for (long[] p : patches) {
            s.add(p[1] - usual - 3 * ipi, (int) p[0], (int) p[2], (int) p[3]);
        }
        out.add(new Calibration.Entry("cost.static_key_patch_us", s.distribution().toString(), "sched:active runs that "
                + "patched the sched_smt_present static key (their CPU sent the do_sync_core IPIs): the run less the usual "
                + "sched:active (" + Samples.us(usual) + " us) less three sync rounds at the median IPI latency ("
                + Samples.us(ipi) + " us): " + s.summary() + ": " + s.citation()));
    }

    private static long ipiMedian(List<BootTrace> traces) {
        long[] v = traces.stream().flatMap(t -> t.ipis().stream()).mapToLong(BootTrace.Ipi::nanos).sorted().toArray();
        return v.length == 0 ? 0 : v[v.length / 2];
    }
}
