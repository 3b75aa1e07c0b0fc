package dev.cpuhp.calibrate;

import dev.cpuhp.machine.Topology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The AP's own start, which no tracepoint shows: the gap from the control task's release
 * ({@code cpu:bringup} enter) to the AP's first event of its own. In a serial bringup that gap
 * is the whole start (INIT/SIPI, firmware, microcode: {@code ap.alive_us}) plus what follows the
 * release ({@code ap.starting_us}); in a parallel one the AP was kicked long before and is
 * alive already, so the gap is the second part alone. The first CPU of a package to start adds
 * the TSC sync, if the machine does one.
 */
final class ApStart {
    /** One AP's untraced gap and where it shows. */
    private record Gap(int trace, BootTrace.Ap ap, long nanos, int from, int to) {
    }

    private ApStart() {
    }

    static void derive(List<BootTrace> traces, Topology topo, List<Calibration.Entry> out, List<String> findings) {
        List<Gap> serial = new ArrayList<>();
        List<Gap> parallel = new ArrayList<>();
        boolean missingIdle = false;
        for (int i = 0; i < traces.size(); i++) {
            for (BootTrace.Ap ap : traces.get(i).aps()) {
                boolean idle = ap.onlineIdle() != null;
                missingIdle |= !idle;
                long gap = idle ? ap.releaseToIdle() : ap.releaseToThread();
                int to = idle ? ap.onlineIdle().line() : ap.online().isEmpty() ? ap.bringup().exitLine() : ap.online().get(0).enterLine();
                Gap g = new Gap(i + 1, ap, gap < 0 ? ap.bringup().nanos() : gap, ap.bringup().enterLine(), to);
                (traces.get(i).mode() == BootTrace.Mode.PARALLEL ? parallel : serial).add(g);
            }
        }
        if (missingIdle) {
            findings.add("Some APs show no event of their own before their hotplug thread runs (no csd events traced?): "
                    + "their start is measured to the thread's first step, which adds the thread's wake-up.");
        }
        Set<Gap> tscCpus = tsc(traces, topo, serial, parallel, out, findings);
        Samples starting = new Samples();
        // A parallel AP is surely alive at its release if it was kicked at least a whole serial
        // start before (or, without a serial trace, the longest parallel gap): else part of its
        // gap may be the rest of its start, and it is left out.
        long sure = (serial.isEmpty() ? parallel : serial).stream().mapToLong(Gap::nanos).max().orElse(0);
        List<Gap> alive = parallel.stream().filter(g -> !tscCpus.contains(g) && g.ap().kickToRelease() >= sure).toList();
        if (alive.isEmpty() && !parallel.isEmpty()) {
            findings.add("No AP of the parallel bringup was kicked a whole start (" + Samples.us(sure) + " us) before its "
                    + "release: ap.starting_us may include some of the APs' own start.");
        }
        (alive.isEmpty() ? parallel.stream().filter(g -> !tscCpus.contains(g)).toList() : alive)
                .forEach(g -> starting.add(g.nanos(), g.trace(), g.from(), g.to()));
        Samples aliveSamples = new Samples();
        long startingMedian = starting.isEmpty() ? 0 : starting.median();
        int clamped = 0;
        for (Gap g : serial) {
            if (!tscCpus.contains(g)) {
                clamped += g.nanos() < startingMedian ? 1 : 0;
                aliveSamples.add(g.nanos() - startingMedian, g.trace(), g.from(), g.to());
            }
        }
        String untraced = "from cpu:bringup enter (the release) to the AP's first own event";
        if (!starting.isEmpty() && !aliveSamples.isEmpty()) {
            out.add(new Calibration.Entry("ap.alive_us", aliveSamples.distribution().toString(), "serial: " + untraced
                    + ", less the median parallel gap (" + Samples.us(startingMedian) + " us): " + aliveSamples.summary() + ": "
                    + aliveSamples.citation()));
            if (clamped > 0) {
                findings.add(clamped + " serial AP(s) started faster than the parallel boot's median release-to-online gap; "
                        + "their alive time is taken as 0 (the two boots' speeds differ).");
            }
        } else if (!starting.isEmpty()) {
            long bound = parallel.stream().mapToLong(g -> g.ap().kickToRelease()).min().orElse(0);
            out.add(new Calibration.Entry("ap.alive_us", "0", "not visible in a parallel bringup: every AP was alive before"
                    + " its release (the shortest kick-to-release was " + Samples.us(bound) + " us, so alive is at most that)."
                    + " A serial trace (cpuhp.parallel=0) measures it"));
            findings.add("ap.alive_us is not measurable from a parallel trace alone (at most " + Samples.us(bound)
                    + " us here): serial predictions leave it out. Add a cpuhp.parallel=0 trace, or --set ap.alive_us=...");
        } else {
            out.add(new Calibration.Entry("ap.alive_us", aliveSamples.distribution().toString(), "serial: " + untraced
                    + " (all of it counted as the AP's own start: a serial trace cannot split it): " + aliveSamples.summary()
                    + ": " + aliveSamples.citation()));
            findings.add("From a serial trace alone the AP's start cannot be split into the part before 'alive' (which "
                    + "a parallel bringup overlaps) and the part after the release (which it does not): all of it is taken "
                    + "as ap.alive_us, so parallel predictions are a lower bound. Add a parallel trace to split it.");
        }
        out.add(new Calibration.Entry("ap.starting_us", starting.isEmpty() ? "0" : starting.distribution().toString(),
                starting.isEmpty() ? "no parallel trace: see ap.alive_us" : "parallel: " + untraced + ", APs already alive"
                        + " (STARTING callbacks, which ftrace does not see, and the rest of start_secondary()): "
                        + starting.summary() + ": " + starting.citation()));
        out.add(new Calibration.Entry("ap.core_start_us", "0", "not separable in a trace: inside ap.alive_us"));
        out.add(new Calibration.Entry("ap.microcode_us", "0", "not separable in a trace: inside ap.alive_us"));
    }

    /**
     * The TSC-sync pattern: does the first CPU of each package other than the boot CPU's take
     * longer to start than the others? Returns the gaps that include a sync.
     */
    private static Set<Gap> tsc(List<BootTrace> traces, Topology topo, List<Gap> serial, List<Gap> parallel,
                                List<Calibration.Entry> out, List<String> findings) {
        Set<Gap> firsts = new HashSet<>();
        if (topo.sockets() < 2) {
            out.add(new Calibration.Entry("ap.tsc_sync", "none", "one package: no cross-package TSC sync to see"));
            return firsts;
        }
        Samples excess = new Samples();
        List<String> quiet = new ArrayList<>();
        for (List<Gap> gaps : List.of(serial, parallel)) {
            for (int t = 1; t <= traces.size(); t++) {
                int trace = t;
                List<Gap> mine = gaps.stream().filter(g -> g.trace() == trace).sorted((a, b) -> Long.compare(
                        a.ap().bringup().start(), b.ap().bringup().start())).toList();
                Set<Integer> seen = new HashSet<>();
                seen.add(topo.socket(0));
                List<Gap> first = new ArrayList<>();
                List<Long> others = new ArrayList<>();
                for (Gap g : mine) {
                    if (seen.add(topo.socket(g.ap().cpu()))) {
                        first.add(g);
                    } else {
                        others.add(g.nanos());
                    }
                }
                if (first.isEmpty() || others.size() < 2) {
                    continue;
                }
                long median = median(others);
                long mad = median(others.stream().map(v -> Math.abs(v - median)).toList());
                for (Gap g : first) {
                    long over = g.nanos() - median;
                    if (over > Math.max(500_000, 3 * mad)) {
                        excess.add(over, g.trace(), g.from(), g.to());
                        firsts.add(g);
                    } else {
                        quiet.add(String.format(Locale.ROOT, "[%d] CPU %d %+.0f us against the others' median", g.trace(),
                                g.ap().cpu(), over / 1000.0));
                    }
                }
            }
        }
        if (excess.isEmpty() || !quiet.isEmpty()) {
            out.add(new Calibration.Entry("ap.tsc_sync", "none", "the first CPU of each other package starts no slower than"
                    + " the rest (" + String.join(", ", quiet) + ")"));
            if (!excess.isEmpty()) {
                findings.add("Only some first-of-package CPUs were slow to start (" + excess.summary() + "): no TSC-sync pattern.");
                firsts.clear();
            }
            return firsts;
        }
        out.add(new Calibration.Entry("ap.tsc_sync", "first-of-socket", "the first CPU of each other package starts later"
                + " than the rest of its boot"));
        out.add(new Calibration.Entry("ap.tsc_sync_us", excess.distribution().toString(), "its excess over the others' median: "
                + excess.summary() + ": " + excess.citation()));
        return firsts;
    }

    private static long median(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        s.sort(null);
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }
}
