package dev.cpuhp.boot;


import dev.cpuhp.state.Layout;
import dev.cpuhp.trace.TraceEvent;
import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import dev.cpuhp.trace.TraceEvent.CpuhpExit;
import dev.cpuhp.trace.TraceEvent.CpuhpMultiEnter;
import dev.cpuhp.trace.TraceEvent.SyncPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
        Collector c = new Collector(controlPid, layout);
        events.forEach(c);
        return c.timelines(primary);
    }

    /**
     * Builds the timelines event by event, so a bringup can be read off a trace that is streamed
     * to a file instead of kept: a few longs per AP, whatever the trace's length. Not
     * thread-safe: feed it from one thread, or under the lock that orders the stream.
     */
    public static final class Collector implements Consumer<TraceEvent> {
        private final int controlPid;
        private final Layout layout;
        /** Per CPU, the K_* slots; null for a CPU the trace has not named. */
        private long[][] rows = new long[64][];

        /** @param controlPid pid of the task that drove the bringup (the init task) */
        public Collector(int controlPid, Layout layout) {
            this.controlPid = controlPid;
            this.layout = layout;
        }

        @Override
        public void accept(TraceEvent e) {
            switch (e) {
                case SyncPoint sp -> {
                    long[] a = row(sp.cpu());
                    switch (sp.what()) {
                        case "kick" -> a[K_KICK] = e.ctx().ts();
                        case "alive" -> a[K_ALIVE] = e.ctx().ts();
                        case "release" -> a[K_RELEASE] = e.ctx().ts();
                        case "online_idle" -> a[K_IDLE] = e.ctx().ts();
                        default -> { }
                    }
                }
                // a multi-instance step is entered once per instance, each exited before the next
                case CpuhpEnter x -> enter(e, x.cpu(), x.idx());
                case CpuhpMultiEnter x -> enter(e, x.cpu(), x.idx());
                case CpuhpExit x -> {
                    long[] a = row(x.cpu());
                    boolean opened = a[K_OPEN_IDX] == x.idx();
                    if (opened) {
                        a[K_OPEN_IDX] = -1;
                    }
                    if (opened && e.ctx().pid() == controlPid) {
                        a[K_PREP] += e.ctx().ts() - a[K_OPEN_TS];
                    } else if (x.idx() > layout.apOnlineIdle() && isHotplugThread(e, x.cpu())) {
                        a[K_ON_END] = e.ctx().ts();
                    } else if (x.idx() == layout.bringupCpu() && x.state() > layout.bringupCpu()) {
                        a[K_DONE] = e.ctx().ts();
                    }
                }
                default -> { }
            }
        }


        private void enter(TraceEvent e, int cpu, int idx) {
            long[] a = row(cpu);
            if (e.ctx().pid() == controlPid && idx >= 1 && idx <= layout.bpKickAp()) {
                // The control CPU runs one PREPARE step of a CPU at a time: one open slot.
                a[K_OPEN_IDX] = idx;
                a[K_OPEN_TS] = e.ctx().ts();
                if (a[K_PREP_START] < 0) {
                    a[K_PREP_START] = e.ctx().ts();
                }
            } else if (a[K_ON_START] < 0 && idx > layout.apOnlineIdle() && isHotplugThread(e, cpu)) {
                a[K_ON_START] = e.ctx().ts();
            }
        }

        /** Every AP that came up so far, by CPU number. */
        public List<ApTimeline> timelines(IntPredicate primary) {
            List<ApTimeline> out = new ArrayList<>();
            for (int cpu = 0; cpu < rows.length; cpu++) {
                long[] a = rows[cpu];
                if (a != null && a[K_KICK] >= 0 && a[K_DONE] >= 0) {
                    out.add(new ApTimeline(cpu, primary.test(cpu), a[K_PREP_START], a[K_PREP], a[K_KICK],
                            a[K_ALIVE], a[K_RELEASE], a[K_IDLE], a[K_ON_START], a[K_ON_END], a[K_DONE]));
                }
            }
            return out;
        }

        private long[] row(int cpu) {
            if (cpu >= rows.length) {
                rows = java.util.Arrays.copyOf(rows, Math.max(cpu + 1, rows.length * 2));
            }
            long[] a = rows[cpu];
            if (a == null) {
                a = new long[] {-1, 0, -1, -1, -1, -1, -1, -1, -1, -1, 0};
                rows[cpu] = a;
            }
            return a;
        }

        /** {@code comm == "cpuhp/" + cpu}, without building the string for every event. */
        private static boolean isHotplugThread(TraceEvent e, int cpu) {
            String comm = e.ctx().comm();
            return comm.startsWith("cpuhp/") && comm.length() > 6 && parsesTo(comm, 6, cpu);
        }

        private static boolean parsesTo(String s, int from, int value) {
            int v = 0;
            for (int i = from; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
                v = v * 10 + (c - '0');
            }
            return v == value;
        }
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
    private static final int K_OPEN_IDX = 9;
    private static final int K_OPEN_TS = 10;
}
