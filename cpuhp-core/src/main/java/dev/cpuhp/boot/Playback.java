package dev.cpuhp.boot;

import dev.cpuhp.hotplug.ControlWaits;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.trace.TraceEvent;
import dev.cpuhp.trace.TraceEvent.CpuhpExit;
import dev.cpuhp.trace.TraceEvent.SyncPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bringup reduced to what a machine grid needs to replay it: every change of a CPU's
 * {@link BringupPhase}, in time order, and the control CPU's waits, all in simulated
 * nanoseconds since {@code bringup_nonboot_cpus()} started. A few changes per CPU instead of
 * every trace event, so a 1920-CPU boot replays from some ten thousand entries.
 *
 * <p>A CPU's phase follows the states its steps leave it in ({@code cpuhp_exit}) and the
 * handshakes (kicked, alive, released), so a rollback shows as the phase going back down.
 *
 * @param times  when each change happened
 * @param cpus   which CPU changed
 * @param phases its new phase ({@link BringupPhase#ordinal()})
 * @param waits  the init task's waits (pid 1, the control CPU at boot); the pipelined
 *               strategy's finishers wait too, but they are not the control CPU
 * @param span   the bringup's length: the time axis ends here
 * @param lastCpu the AP that came up last, which ends the bringup's critical path (-1: none)
 */
public record Playback(long[] times, int[] cpus, byte[] phases, List<Wait> waits, long span, int lastCpu) {
    /** The control CPU blocked, waiting for an AP. */
    public record Wait(ControlWaits.Kind kind, int cpu, long start, long end) {
    }

    private static final int INIT_PID = 1;

    public static Playback of(BootRun run, int nrCpus) {
        long t0 = run.startNanos();
        byte[] phase = new byte[nrCpus];
        Arrays.fill(phase, (byte) -1);
        long[] last = new long[nrCpus];
        Changes out = new Changes();
        long lastDone = -1;
        int lastCpu = -1;
        for (TraceEvent e : run.events()) {
            long t = e.ctx().ts() - t0;
            if (t < 0) {
                continue; // the boot CPU's own bringup, before bringup_nonboot_cpus()
            }
            BringupPhase p = switch (e) {
                case CpuhpExit x -> BringupPhase.ofState(x.state());
                case SyncPoint s -> switch (s.what()) {
                    case "kick" -> BringupPhase.KICKED;
                    case "alive" -> BringupPhase.ALIVE;
                    case "release" -> BringupPhase.STARTING;
                    default -> null;
                };
                default -> null;
            };
            int cpu = cpuOf(e);
            if (p == null || cpu < 0 || cpu >= nrCpus || phase[cpu] == p.ordinal()) {
                continue;
            }
            // A handshake only moves a CPU on: the control CPU's "release" and the AP's "alive"
            // happen at one instant on two threads, and may be traced in either order.
            if (e instanceof SyncPoint && p.ordinal() < phase[cpu]) {
                continue;
            }
            phase[cpu] = (byte) p.ordinal();
            last[cpu] = t;
            out.add(t, cpu, p);
            if (p == BringupPhase.ONLINE && t >= lastDone) {
                lastDone = t;
                lastCpu = cpu;
            }
        }
        // Going down, the steps below the last one with a teardown leave no trace: a CPU that
        // ended offline is shown offline from its last event on.
        CpuMask online = CpuMask.parse(run.online(), nrCpus);
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            if (phase[cpu] > BringupPhase.OFFLINE.ordinal() && !online.contains(cpu)) {
                out.add(last[cpu], cpu, BringupPhase.OFFLINE);
            }
        }
        List<Wait> waits = new ArrayList<>();
        for (ControlWaits.Interval w : run.waitIntervals()) {
            if (w.waiter() == INIT_PID && w.end() > w.start() && w.start() >= t0) {
                waits.add(new Wait(w.kind(), w.cpu(), w.start() - t0, w.end() - t0));
            }
        }
        waits.sort(java.util.Comparator.comparingLong(Wait::start));
        return out.build(waits, run.totalNanos(), lastCpu);
    }

    private static int cpuOf(TraceEvent e) {
        return switch (e) {
            case CpuhpExit x -> x.cpu();
            case SyncPoint s -> s.cpu();
            default -> -1;
        };
    }

    /** The changes as they are found; the trace is in emission order, sorted here by time. */
    private static final class Changes {
        private long[] t = new long[1024];
        private int[] c = new int[1024];
        private byte[] p = new byte[1024];
        private int n;

        void add(long time, int cpu, BringupPhase phase) {
            if (n == t.length) {
                t = Arrays.copyOf(t, 2 * n);
                c = Arrays.copyOf(c, 2 * n);
                p = Arrays.copyOf(p, 2 * n);
            }
            t[n] = time;
            c[n] = cpu;
            p[n] = (byte) phase.ordinal();
            n++;
        }

        Playback build(List<Wait> waits, long span, int lastCpu) {
            // stable: two changes of one CPU at the same instant keep their order
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, java.util.Comparator.comparingLong(i -> t[i]));
            long[] times = new long[n];
            int[] cpus = new int[n];
            byte[] phases = new byte[n];
            for (int i = 0; i < n; i++) {
                times[i] = t[order[i]];
                cpus[i] = c[order[i]];
                phases[i] = p[order[i]];
            }
            long end = n == 0 ? span : Math.max(span, times[n - 1]);
            return new Playback(times, cpus, phases, List.copyOf(waits), end, lastCpu);
        }
    }
}
