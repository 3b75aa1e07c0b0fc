package dev.cpuhp.calibrate;

import dev.cpuhp.boot.BootExperiment;
import dev.cpuhp.boot.BootRun;
import dev.cpuhp.boot.BootSpec;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.state.Layout;
import dev.cpuhp.trace.FtraceReader;
import dev.cpuhp.trace.FtraceWriter;
import dev.cpuhp.trace.TraceEvent;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A profile played back against a trace: the simulated machine boots the same CPUs in the
 * trace's mode, its trace is written in the kernel's format and read back by the same
 * {@link BootTrace} reading, and each figure is set beside the real one. Used on the trace a
 * profile was calibrated from it checks the calibration; on a trace of the other mode it is a
 * prediction.
 */
public final class Replay {
    /** One figure, real and modelled, in nanoseconds. */
    public record Row(String what, double trace, double model) {
        /** (model - trace) / trace; 0 when both are 0. */
        public double error() {
            return trace == 0 ? (model == 0 ? 0 : Double.POSITIVE_INFINITY) : (model - trace) / trace;
        }

        /** Within {@code tolerance}, or within {@code floorNanos} (the trace's resolution) in absolute terms. */
        public boolean within(double tolerance, double floorNanos) {
            return Math.abs(model - trace) <= floorNanos || Math.abs(error()) <= tolerance;
        }
    }

    /**
     * @param span   the whole bringup
     * @param phases per-AP means of the bringup's parts (see {@link BootTrace.Ap})
     * @param states each state's (or instance's) mean startup cost per call
     */
    public record Report(BootTrace.Mode mode, String traceOrigin, int runs, Row span, List<Row> phases, List<Row> states) {
        /** The state rows outside {@code tolerance} and farther than {@code floorNanos} from the trace. */
        public List<Row> statesOutside(double tolerance, double floorNanos) {
            return states.stream().filter(r -> !r.within(tolerance, floorNanos)).toList();
        }
    }

    private Replay() {
    }

    /**
     * Boots {@code profile} {@code runs} times (seeds 1..runs) in {@code real}'s mode, bringing
     * up the CPUs it brought up, and compares the means with {@code real}.
     */
    public static Report against(BootTrace real, HardwareProfile profile, int runs) {
        Strategy strategy = real.mode() == BootTrace.Mode.PARALLEL ? Strategy.PARALLEL : Strategy.SERIAL;
        int cpus = profile.topology().cpus();
        CpuMask mask = CpuMask.of(cpus, java.util.stream.IntStream.concat(java.util.stream.IntStream.of(0),
                real.aps().stream().mapToInt(BootTrace.Ap::cpu).filter(c -> c < cpus)));
        List<BootTrace> sims = new ArrayList<>();
        for (int seed = 1; seed <= runs; seed++) {
            BootRun run = BootExperiment.run(BootSpec.of(profile, strategy).withSeed(seed).withCpus(mask, cpus));
            sims.add(readBack(run.events(), cpus, profile.kernelTable().layout()));
        }
        Row span = new Row("bringup", real.spanNanos(), sims.stream().mapToLong(BootTrace::spanNanos).average().orElse(0));
        List<Row> phases = List.of(
                phase("prepare + kick, per AP", real, sims, a -> a.kick().end() - a.prepare().ts()),
                phase("kick to release, per AP", real, sims, BootTrace.Ap::kickToRelease),
                phase("release to AP thread, per AP", real, sims, BootTrace.Ap::releaseToThread),
                phase("AP thread (ONLINE), per AP", real, sims, BootTrace.Ap::threadSection),
                phase("AP thread done to exit, per AP", real, sims, BootTrace.Ap::threadToExit));
        Map<String, double[]> model = stateMeans(sims);
        List<Row> states = new ArrayList<>();
        stateMeans(List.of(real)).forEach((k, v) -> states.add(new Row(k, v[0], model.getOrDefault(k, new double[] {0})[0])));
        return new Report(real.mode(), real.origin(), runs, span, phases, states);
    }

    /** What ftrace would have written of a simulated run, read back as a real trace is. */
    static BootTrace readBack(List<TraceEvent> events, int cpus, Layout layout) {
        StringBuilder text = new StringBuilder();
        FtraceWriter.write(events, cpus, text);
        try {
            return BootTrace.read("model", FtraceReader.read(new BufferedReader(new StringReader(text.toString()))), layout);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Row phase(String what, BootTrace real, List<BootTrace> sims, ToLongFunction<BootTrace.Ap> f) {
        return new Row(what, mean(real, f), sims.stream().mapToDouble(s -> mean(s, f)).average().orElse(0));
    }

    private static double mean(BootTrace t, ToLongFunction<BootTrace.Ap> f) {
        return t.aps().stream().mapToLong(f).filter(v -> v >= 0).average().orElse(0);
    }

    /** Each state's (or instance's) mean bringup run, by "NAME (fun)" in step order. */
    private static Map<String, double[]> stateMeans(List<BootTrace> traces) {
        Map<String, double[]> sums = new LinkedHashMap<>(); // {sum, count}
        for (BootTrace t : traces) {
            for (StepTimes.Run r : t.bringupRuns()) {
                String key = r.step() + " " + r.fun() + (r.instance() < 0 ? "" : "[" + r.instance() + "]");
                double[] a = sums.computeIfAbsent(key, k -> new double[2]);
                a[0] += r.nanos();
                a[1]++;
            }
        }
        Map<String, double[]> out = new java.util.TreeMap<>(java.util.Comparator.comparingInt((String k) ->
                Integer.parseInt(k.substring(0, k.indexOf(' ')))).thenComparing(k -> k));
        sums.forEach((k, a) -> out.put(k, new double[] {a[0] / a[1]}));
        return out;
    }
}
