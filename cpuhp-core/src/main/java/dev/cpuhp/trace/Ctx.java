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
 */
public record Ctx(long ts, int cpu, String comm, int pid, boolean irqsOff) {
}
