package dev.cpuhp.boot;


import dev.cpuhp.state.Layout;
import dev.cpuhp.trace.TraceEvent;
import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import dev.cpuhp.trace.TraceEvent.CpuhpExit;
import dev.cpuhp.trace.TraceEvent.SyncPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * One AP's bringup, read off the trace: when the control CPU prepared it, kicked it, when it
 * reported alive, was released, reached online-idle, and ran its ONLINE section. All times in
 * simulated nanoseconds; {@code -1} where the trace has no such point.
 *
 * @param prepareNanos control-CPU time in the AP's PREPARE and KICK steps
 */
public record ApTimeline(int cpu, boolean primary, long prepareStart, long prepareNanos, long kick, long alive,
                         long release, long onlineIdle, long onlineStart, long onlineEnd, long done) {

    /** The AP on its own, from the wake-up to alive: firmware, startup, microcode. */
    public long firmwareNanos() {
        return alive - kick;
    }

    /** The AP's atomic STARTING section, from its release to online-idle. */
    public long startingNanos() {
        return onlineIdle - release;
    }

    /** The ONLINE section on the AP's hotplug thread. */
    public long onlineNanos() {
        return onlineEnd - onlineStart;
    }

    /** What the AP itself must spend after its kick: no strategy can make it shorter. */
    public long tailNanos() {
        return firmwareNanos() + startingNanos() + onlineNanos();
    }

    /**
     * The timelines of every AP that came up, from a bringup's trace.
     *
     * @param controlPid pid of the task that drove the bringup (the init task)
     */
    public static List<ApTimeline> of(List<TraceEvent> events, int controlPid, IntPredicate primary, Layout layout) {
        Map<Integer, long[]> t = new HashMap<>();
        Map<Long, Long> open = new HashMap<>();
        for (TraceEvent e : events) {
            switch (e) {
                case SyncPoint sp -> {
                    long[] a = row(t, sp.cpu());
                    switch (sp.what()) {
                        case "kick" -> a[K_KICK] = e.ctx().ts();
                        case "alive" -> a[K_ALIVE] = e.ctx().ts();
                        case "release" -> a[K_RELEASE] = e.ctx().ts();
                        case "online_idle" -> a[K_IDLE] = e.ctx().ts();
                        default -> { }
                    }
                }
                case CpuhpEnter x -> {
                    long[] a = row(t, x.cpu());
                    if (e.ctx().pid() == controlPid && x.idx() >= 1 && x.idx() <= layout.bpKickAp()) {
                        open.put(key(x.cpu(), x.idx()), e.ctx().ts());
                        if (a[K_PREP_START] < 0) {
                            a[K_PREP_START] = e.ctx().ts();
                        }
                    } else if (e.ctx().comm().equals("cpuhp/" + x.cpu()) && x.idx() > layout.apOnlineIdle() && a[K_ON_START] < 0) {
                        a[K_ON_START] = e.ctx().ts();
                    }
                }
                case CpuhpExit x -> {
                    long[] a = row(t, x.cpu());
                    Long start = open.remove(key(x.cpu(), x.idx()));
                    if (start != null && e.ctx().pid() == controlPid) {
                        a[K_PREP] += e.ctx().ts() - start;
                    } else if (e.ctx().comm().equals("cpuhp/" + x.cpu()) && x.idx() > layout.apOnlineIdle()) {
                        a[K_ON_END] = e.ctx().ts();
                    } else if (x.idx() == layout.bringupCpu() && x.state() > layout.bringupCpu()) {
                        a[K_DONE] = e.ctx().ts();
                    }
                }
                default -> { }
            }
        }
        List<ApTimeline> out = new ArrayList<>();
        t.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(en -> {
            long[] a = en.getValue();
            if (a[K_KICK] >= 0 && a[K_DONE] >= 0) {
                out.add(new ApTimeline(en.getKey(), primary.test(en.getKey()), a[K_PREP_START], a[K_PREP], a[K_KICK],
                        a[K_ALIVE], a[K_RELEASE], a[K_IDLE], a[K_ON_START], a[K_ON_END], a[K_DONE]));
            }
        });
        return out;
    }

    private static final int K_PREP_START = 0;
    private static final int K_PREP = 1;
    private static final int K_KICK = 2;
    private static final int K_ALIVE = 3;
    private static final int K_RELEASE = 4;
    private static final int K_IDLE = 5;
    private static final int K_ON_START = 6;
    private static final int K_ON_END = 7;
    private static final int K_DONE = 8;

    private static long[] row(Map<Integer, long[]> t, int cpu) {
        return t.computeIfAbsent(cpu, c -> new long[] {-1, 0, -1, -1, -1, -1, -1, -1, -1});
    }

    private static long key(int cpu, int idx) {
        return ((long) cpu << 16) | idx;
    }
}
