package dev.cpuhp.trace;

/**
 * The common header of every trace event, as ftrace records it: when, on which CPU, in which
 * task, and whether interrupts were off.
 *
 * @param ts      simulated nanoseconds
 * @param cpu     the CPU the event happened on (the {@code [NNN]} column)
 * @param comm    the task's name
 * @param pid     the task's pid
 * @param irqsOff the task ran in atomic context (the 'd' latency flag)
 * @param cpuOnline {@code cpu} was in {@code cpu_online_mask}. The kernel's tracepoints fire only
 *                then ({@code DECLARE_TRACE} conditions every event on
 *                {@code cpu_online(raw_smp_processor_id())}), so an event without it is one the
 *                real trace does not have: an AP's STARTING steps before it marks itself online,
 *                its DYING steps and its idle-dead report after {@code __cpu_disable()}
 */
public record Ctx(long ts, int cpu, String comm, int pid, boolean irqsOff, boolean cpuOnline) {

    /** False for an event ftrace would not have recorded ({@link #cpuOnline}). */
    public boolean visibleInFtrace() {
        return cpuOnline;
    }
}
