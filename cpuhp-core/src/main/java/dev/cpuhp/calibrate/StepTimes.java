package dev.cpuhp.calibrate;

import dev.cpuhp.trace.FtraceReader;
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
 * one less (the state advances before the callback runs). The instances of a multi-instance
 * step are numbered in the order one walk calls them, as {@code cpuhp_invoke_callback()} goes
 * down the state's list.
 */
public final class StepTimes {
    /**
     * One callback run.
     *
     * @param cpu       the CPU the step was for
     * @param pid       the task that ran it
     * @param task      its {@code comm}, e.g. the control task or {@code cpuhp/N}
     * @param up        bringup (true) or teardown
     * @param instance  which instance of a multi-instance step, from 0; -1 for a single callback
     * @param enterLine the trace line of its enter
     * @param exitLine  the trace line of its exit
     */
    public record Run(int cpu, int step, String fun, int pid, String task, boolean up, int instance, long start, long nanos,
                      int ret, int enterLine, int exitLine) {
        public long end() {
            return start + nanos;
        }
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

    /** An enter waiting for its exit. */
    private record Open(long ts, String fun, int instance, int line) {
    }

    private StepTimes() {
    }

    public static Result of(List<TraceEvent> events) {
        return of(FtraceReader.Parsed.of(events));
    }

    public static Result of(FtraceReader.Parsed trace) {
        Map<String, Open> open = new HashMap<>();
        // per task, the last run it finished: a multi-instance enter right after a run of the
        // same step for the same CPU is that walk's next instance
        Map<Integer, Run> last = new HashMap<>();
        List<Run> runs = new ArrayList<>();
        List<TraceEvent> events = trace.events();
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            int line = trace.lines().get(i);
            int pid = e.ctx().pid();
            switch (e) {
                case TraceEvent.CpuhpEnter x -> open.put(key(pid, x.cpu(), x.idx()), new Open(e.ctx().ts(), x.fun(), -1, line));
                case TraceEvent.CpuhpMultiEnter x -> {
                    Run prev = last.get(pid);
                    int instance = prev != null && prev.instance() >= 0 && prev.cpu() == x.cpu() && prev.step() == x.idx()
                            ? prev.instance() + 1 : 0;
                    open.put(key(pid, x.cpu(), x.idx()), new Open(e.ctx().ts(), x.fun(), instance, line));
                }
                case TraceEvent.CpuhpExit x -> {
                    Open o = open.remove(key(pid, x.cpu(), x.idx()));
                    if (o != null) {
                        Run r = new Run(x.cpu(), x.idx(), o.fun(), pid, e.ctx().comm(), x.state() >= x.idx(), o.instance(),
                                o.ts(), e.ctx().ts() - o.ts(), x.ret(), o.line(), line);
                        runs.add(r);
                        last.put(pid, r);
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
