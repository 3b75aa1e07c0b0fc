package dev.cpuhp.trace;

/**
 * A typed trace event. The kernel's tracepoints keep their names and fields
 * ({@code include/trace/events/cpuhp.h}, {@code csd.h}); {@link SyncPoint} is the simulator's
 * own marker for the control-CPU/AP handshakes, which the kernel does not trace.
 */
public sealed interface TraceEvent permits TraceEvent.CpuhpEnter, TraceEvent.CpuhpMultiEnter,
        TraceEvent.CpuhpExit, TraceEvent.CsdQueueCpu, TraceEvent.CsdFunctionEntry,
        TraceEvent.CsdFunctionExit, TraceEvent.SyncPoint {

    Ctx ctx();

    /** The tracepoint's name, e.g. "cpuhp_enter". */
    String name();

    /** {@code cpuhp_enter}: a callback (or the AP kick) is about to run for {@code cpu}. */
    record CpuhpEnter(Ctx ctx, int cpu, int target, int idx, String fun) implements TraceEvent {
        public String name() {
            return "cpuhp_enter";
        }
    }

    /** {@code cpuhp_multi_enter}: a multi-instance callback is about to run for one instance. */
    record CpuhpMultiEnter(Ctx ctx, int cpu, int target, int idx, String fun) implements TraceEvent {
        public String name() {
            return "cpuhp_multi_enter";
        }
    }

    /** {@code cpuhp_exit}: the callback returned {@code ret}; {@code state} is the CPU's state then. */
    record CpuhpExit(Ctx ctx, int cpu, int state, int idx, int ret) implements TraceEvent {
        public String name() {
            return "cpuhp_exit";
        }
    }

    /** {@code csd_queue_cpu}: a cross-CPU call was queued for {@code cpu}. */
    record CsdQueueCpu(Ctx ctx, int cpu, String callsite, String func, long csd) implements TraceEvent {
        public String name() {
            return "csd_queue_cpu";
        }
    }

    /** {@code csd_function_entry}: the queued function starts on the target CPU. */
    record CsdFunctionEntry(Ctx ctx, String func, long csd) implements TraceEvent {
        public String name() {
            return "csd_function_entry";
        }
    }

    /** {@code csd_function_exit}. */
    record CsdFunctionExit(Ctx ctx, String func, long csd) implements TraceEvent {
        public String name() {
            return "csd_function_exit";
        }
    }

    /**
     * A control-CPU/AP handshake: the AP was kicked, reported alive, was released, reached
     * online-idle, or reported dead. Not a kernel tracepoint; the kernel text writer skips it.
     */
    record SyncPoint(Ctx ctx, int cpu, String what) implements TraceEvent {
        public String name() {
            return "cpuhp_sync";
        }
    }
}
