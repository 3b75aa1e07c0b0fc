package dev.cpuhp.calibrate;

import dev.cpuhp.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The time each hotplug step took, read off a trace's {@code cpuhp_enter}/{@code cpuhp_exit}
 * pairs: the first piece of calibrating a profile from a real boot, and one that needs no
 * states listing (steps are known by number and by the function the trace names).
 *
 * <p>An enter is paired with the next exit of the same task for the same CPU and step. A
 * step's direction shows in the exit: going up the CPU's state is the step, going down it is
 * one less (the state advances before the callback runs).
 */
public final class StepTimes {
    /**
     * One callback run.
     *
     * @param cpu   the CPU the step was for
     * @param task  the task that ran it ({@code comm}), e.g. the control task or {@code cpuhp/N}
     * @param up    bringup (true) or teardown
     */
    public record Run(int cpu, int step, String fun, String task, boolean up, long start, long nanos, int ret) {
    }

    /** Every run of one step in one direction. */
    public record Step(int step, boolean up, String fun, List<Run> runs) {
        public long totalNanos() {
            return runs.stream().mapToLong(Run::nanos).sum();
        }

        public double meanNanos() {
            return runs.isEmpty() ? 0 : (double) totalNanos() / runs.size();
        }
    }

    /**
     * @param runs      every paired run, in the order they ended
     * @param unpaired  enters with no exit (the trace ended, or its buffer wrapped)
     */
    public record Result(List<Run> runs, int unpaired) {
        /** The runs grouped by step and direction, ordered by step number. */
        public List<Step> bySteps() {
            Map<String, List<Run>> groups = new TreeMap<>();
            for (Run r : runs) {
                groups.computeIfAbsent(String.format("%04d%s", r.step(), r.up() ? "u" : "d"), k -> new ArrayList<>()).add(r);
            }
            List<Step> out = new ArrayList<>();
            groups.values().forEach(g -> out.add(new Step(g.get(0).step(), g.get(0).up(), g.get(0).fun(), g)));
            return out;
        }
    }

    private StepTimes() {
    }

    public static Result of(List<TraceEvent> events) {
        Map<String, long[]> open = new HashMap<>();
        Map<String, String> funs = new HashMap<>();
        List<Run> runs = new ArrayList<>();
        for (TraceEvent e : events) {
            switch (e) {
                case TraceEvent.CpuhpEnter x -> {
                    open.put(key(e.ctx().pid(), x.cpu(), x.idx()), new long[] {e.ctx().ts()});
                    funs.put(key(e.ctx().pid(), x.cpu(), x.idx()), x.fun());
                }
                case TraceEvent.CpuhpMultiEnter x -> {
                    open.put(key(e.ctx().pid(), x.cpu(), x.idx()), new long[] {e.ctx().ts()});
                    funs.put(key(e.ctx().pid(), x.cpu(), x.idx()), x.fun());
                }
                case TraceEvent.CpuhpExit x -> {
                    String k = key(e.ctx().pid(), x.cpu(), x.idx());
                    long[] start = open.remove(k);
                    if (start != null) {
                        runs.add(new Run(x.cpu(), x.idx(), funs.remove(k), e.ctx().comm(), x.state() >= x.idx(), start[0],
                                e.ctx().ts() - start[0], x.ret()));
                    }
                }
                default -> { }
            }
        }
        return new Result(runs, open.size());
    }

    private static String key(int pid, int cpu, int idx) {
        return pid + "/" + cpu + "/" + idx;
    }
}
