package dev.cpuhp.calibrate;

import dev.cpuhp.state.Layout;
import dev.cpuhp.trace.FtraceReader;
import dev.cpuhp.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One bringup of the APs read off a trace: who drove it, whether the APs were kicked together
 * (parallel) or one by one (serial), and each AP's path through it. The same reading serves a
 * real kernel's trace and a simulated one, so a replay is judged by the rule it was made by.
 *
 * <p>What a trace shows of an AP (the kernel's tracepoints stay silent on a CPU outside
 * {@code cpu_online_mask}, so nothing of its own startup or STARTING section appears):
 * <pre>
 *   control task   PREPARE steps .. cpu:kick_ap ........ cpu:bringup enter ........................ exit
 *   the AP                           (firmware, alive)       |release   STARTING  |idle  cpuhp/N: ONLINE |
 *                                                          bringupEnter     onlineIdle   threadStart..threadEnd
 * </pre>
 * {@code onlineIdle} is the first event the AP itself records: in Linux its idle task waking the
 * control task from {@code cpuhp_online_idle()}; a trace without the csd events, or a simulated
 * one, may have none, and then the AP's first sign is its hotplug thread's first step.
 *
 * @param controlPid the task that kicked the first AP (the boot's {@code init}, or a writer of
 *                   {@code online}); only its bringups are read
 * @param aps        each AP's first bringup by that task, in kick order
 * @param steps      every callback run in the trace, any task, either direction
 * @param ipis       cross-CPU call latencies: each {@code csd_queue_cpu} to the entry on its target
 */
public record BootTrace(String origin, Mode mode, int controlPid, String controlTask, int cpus, List<Ap> aps,
                        StepTimes.Result steps, List<Ipi> ipis) {

    public enum Mode {
        SERIAL, PARALLEL;

        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A time in the trace and the line that shows it. */
    public record Mark(long ts, int line) {
    }

    /**
     * One AP's bringup.
     *
     * @param firstPass  kicked before the control task brought the first AP up (the primary
     *                   threads, in Linux's parallel bringup)
     * @param onlineIdle the AP's own first event, null if the trace has none before its thread runs
     */
    public record Ap(int cpu, boolean firstPass, Mark prepare, StepTimes.Run kick, StepTimes.Run bringup, Mark onlineIdle,
                     List<StepTimes.Run> online) {
        /** From the control task's release (its bringup enter) to the AP's own first event. */
        public long releaseToIdle() {
            return onlineIdle == null ? -1 : onlineIdle.ts() - bringup.start();
        }

        /** From the release to the first step of the AP's hotplug thread. */
        public long releaseToThread() {
            return online.isEmpty() ? -1 : online.get(0).start() - bringup.start();
        }

        /** The AP's hotplug thread from its first step's start to its last's end. */
        public long threadSection() {
            return online.isEmpty() ? 0 : online.get(online.size() - 1).end() - online.get(0).start();
        }

        /** From the thread's last step to the control task's bringup exit. */
        public long threadToExit() {
            return online.isEmpty() ? -1 : bringup.end() - online.get(online.size() - 1).end();
        }

        /** From the kick's exit (INIT/SIPI sent) to the control task's bringup enter. */
        public long kickToRelease() {
            return bringup.start() - kick.end();
        }
    }

    /** One cross-CPU call: queued on {@code source}, entered on {@code target}. */
    public record Ipi(int source, int target, String func, long nanos, int queueLine, int entryLine) {
    }

    /**
     * The callback runs of each AP's bringup, in trace order: the control task's steps for it
     * from its first PREPARE step to its kick, and its hotplug thread's ONLINE steps. Not the
     * runs a state's registration makes on CPUs already up, nor the teardowns.
     */
    public List<StepTimes.Run> bringupRuns() {
        Map<Integer, Ap> byCpu = new HashMap<>();
        aps.forEach(a -> byCpu.put(a.cpu(), a));
        List<StepTimes.Run> out = new ArrayList<>();
        for (StepTimes.Run r : steps.runs()) {
            Ap ap = byCpu.get(r.cpu());
            if (ap != null && r.up() && (r.pid() == controlPid && r.start() >= ap.prepare().ts() && r.end() <= ap.kick().end()
                    || ap.online().contains(r))) {
                out.add(r);
            }
        }
        return out;
    }

    /** The whole bringup: the first AP's first step to the last AP's bringup exit. */
    public long spanNanos() {
        return aps.isEmpty() ? 0 : end() - start();
    }

    public long start() {
        return aps.stream().mapToLong(a -> a.prepare().ts()).min().orElse(0);
    }

    public long end() {
        return aps.stream().mapToLong(a -> a.bringup().end()).max().orElse(0);
    }

    /** The first and last line of the bringup. */
    public int firstLine() {
        return aps.stream().mapToInt(a -> a.prepare().line()).min().orElse(0);
    }

    public int lastLine() {
        return aps.stream().mapToInt(a -> a.bringup().exitLine()).max().orElse(0);
    }

    /**
     * Reads the bringup out of a trace.
     *
     * @throws IllegalArgumentException if the trace holds no AP kicked and brought up
     */
    public static BootTrace read(String origin, FtraceReader.Parsed trace, Layout layout) {
        StepTimes.Result steps = StepTimes.of(trace);
        StepTimes.Run firstKick = steps.runs().stream().filter(r -> r.up() && r.step() == layout.bpKickAp() && r.ret() == 0)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(origin + ": no cpu:kick_ap step ("
                        + layout.bpKickAp() + " in Linux " + layout.kernel() + "'s table) in the trace: is the states listing"
                        + " this kernel's, and was the trace recorded with trace_event=cpuhp:* from boot?"));
        int control = firstKick.pid();
        Map<Integer, StepTimes.Run> kicks = new LinkedHashMap<>();
        Map<Integer, StepTimes.Run> bringups = new HashMap<>();
        Map<Integer, StepTimes.Run> prepares = new HashMap<>();
        for (StepTimes.Run r : steps.runs()) {
            if (r.pid() != control || !r.up() || r.ret() != 0) {
                continue;
            }
            if (r.step() == layout.bpKickAp()) {
                kicks.putIfAbsent(r.cpu(), r);
            } else if (r.step() == layout.bringupCpu() && kicks.containsKey(r.cpu())) {
                bringups.putIfAbsent(r.cpu(), r);
            }
            if (!bringups.containsKey(r.cpu()) && r.step() < layout.bpKickAp()) {
                prepares.merge(r.cpu(), r, (a, b) -> a.start() <= b.start() ? a : b);
            }
        }
        long firstBringup = bringups.values().stream().mapToLong(StepTimes.Run::start).min().orElse(Long.MAX_VALUE);
        List<Ap> aps = new ArrayList<>();
        boolean parallel = false;
        for (StepTimes.Run kick : kicks.values()) {
            StepTimes.Run bringup = bringups.get(kick.cpu());
            if (bringup == null) {
                continue; // the trace ended, or the bringup failed
            }
            // another AP kicked while this one waited for its bringup: the kicks went out together
            parallel |= kicks.values().stream().anyMatch(k -> k != kick && k.start() > kick.start() && k.start() < bringup.start());
            StepTimes.Run prep = prepares.getOrDefault(kick.cpu(), kick);
            List<StepTimes.Run> online = steps.runs().stream()
                    .filter(r -> r.cpu() == kick.cpu() && r.pid() != control && r.up() && r.start() >= bringup.start()
                            && r.end() <= bringup.end())
                    .toList();
            aps.add(new Ap(kick.cpu(), kick.start() < firstBringup, new Mark(prep.start(), prep.enterLine()), kick, bringup,
                    firstOwnEvent(trace, kick, bringup, online), online));
        }
        if (aps.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no AP was both kicked and brought up by " + firstKick.task());
        }
        int cpus = trace.events().stream().mapToInt(e -> e.ctx().cpu()).max().orElse(0) + 1;
        cpus = Math.max(cpus, aps.stream().mapToInt(Ap::cpu).max().orElse(0) + 1);
        return new BootTrace(origin, parallel ? Mode.PARALLEL : Mode.SERIAL, control, firstKick.task(), cpus, List.copyOf(aps),
                steps, ipis(trace));
    }

    /** The AP's first event of its own after its release, unless that is its hotplug thread's. */
    private static Mark firstOwnEvent(FtraceReader.Parsed trace, StepTimes.Run kick, StepTimes.Run bringup,
                                      List<StepTimes.Run> online) {
        List<TraceEvent> events = trace.events();
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            int line = trace.lines().get(i);
            if (line <= bringup.enterLine() || e.ctx().cpu() != kick.cpu()) {
                continue;
            }
            if (line >= bringup.exitLine() || !online.isEmpty() && line >= online.get(0).enterLine()) {
                return null;
            }
            return new Mark(e.ctx().ts(), line);
        }
        return null;
    }

    /**
     * Each queued call's latency to its entry on the target CPU (matched by target and csd).
     * The file merges per-CPU buffers by timestamp, so a queue and its entry stamped in the same
     * microsecond may come in either order: at equal times the queue is taken first.
     */
    private static List<Ipi> ipis(FtraceReader.Parsed trace) {
        List<TraceEvent> events = trace.events();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof TraceEvent.CsdQueueCpu || events.get(i) instanceof TraceEvent.CsdFunctionEntry) {
                order.add(i);
            }
        }
        order.sort(java.util.Comparator.<Integer>comparingLong(i -> events.get(i).ctx().ts())
                .thenComparing(i -> events.get(i) instanceof TraceEvent.CsdQueueCpu ? 0 : 1));
        Map<String, Integer> queued = new HashMap<>();
        List<Ipi> out = new ArrayList<>();
        for (int i : order) {
            TraceEvent e = events.get(i);
            if (e instanceof TraceEvent.CsdQueueCpu q && q.csd() != 0) {
                queued.put(q.cpu() + "/" + q.csd(), i);
            } else if (e instanceof TraceEvent.CsdFunctionEntry f && f.csd() != 0) {
                Integer qi = queued.remove(e.ctx().cpu() + "/" + f.csd());
                if (qi != null) {
                    long nanos = e.ctx().ts() - events.get(qi).ctx().ts();
                    out.add(new Ipi(events.get(qi).ctx().cpu(), e.ctx().cpu(), f.func(), nanos, trace.lines().get(qi), trace.lines().get(i)));
                }
            }
        }
        return List.copyOf(out);
    }
}
