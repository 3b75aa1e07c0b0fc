package dev.cpuhp.boot;

import dev.cpuhp.hotplug.ControlWaits;
import dev.cpuhp.trace.TraceEvent;
import java.util.List;

/**
 * What one bringup measured. Times in simulated nanoseconds unless named otherwise.
 *
 * @param startNanos       simulated time {@code bringup_nonboot_cpus()} started at (the events' clock)
 * @param totalNanos       {@code bringup_nonboot_cpus()} from start to end
 * @param controlWaitNanos the control CPU blocked, waiting for APs (or for its helpers)
 * @param prepareNanos     control-CPU time in the APs' PREPARE and KICK steps
 * @param waits            where the core's control side waited (alive, online-idle, AP thread)
 * @param ipiLatencies     delivery latency of every cross-CPU call (queue to entry), sorted
 * @param cpusUp           CPUs online at the end, the boot CPU included
 * @param wallNanos        real time the run took
 * @param waitIntervals    the control side's waits one by one (whoever waited: the init task,
 *                         or the pipelined strategy's finishers)
 */
public record BootRun(BootSpec spec, long startNanos, long totalNanos, long controlWaitNanos, long prepareNanos, Waits waits,
                      long[] ipiLatencies, int cpusUp, String online, long wallNanos, List<ApTimeline> aps,
                      List<TraceEvent> events, List<ControlWaits.Interval> waitIntervals) {

    /** A copy of {@link ControlWaits}' figures. */
    public record Waits(long alive, long onlineIdle, long apThread) {
        static Waits of(ControlWaits w) {
            return new Waits(w.aliveNanos(), w.onlineIdleNanos(), w.apThreadNanos());
        }
    }

    /** The run's name on a timeline or a trace: "parallel: 85.03 ms". */
    public String label() {
        return String.format(java.util.Locale.ROOT, "%s: %.2f ms", spec.strategy().cliName(), totalNanos / 1e6);
    }

    /** Everything after the prepare steps: {@code total - prepare}. */
    public long onlineNanos() {
        return totalNanos - prepareNanos;
    }

    public double controlWaitShare() {
        return totalNanos == 0 ? 0 : (double) controlWaitNanos / totalNanos;
    }

    /** The {@code q}-quantile of the IPI delivery latencies, nanoseconds. */
    public long ipiLatency(double q) {
        return dev.cpuhp.smp.LatencyLog.quantile(ipiLatencies, q);
    }
}
