package dev.cpuhp.trace;

import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import dev.cpuhp.trace.TraceEvent.CpuhpExit;
import dev.cpuhp.trace.TraceEvent.CpuhpMultiEnter;
import dev.cpuhp.trace.TraceEvent.CsdFunctionEntry;
import dev.cpuhp.trace.TraceEvent.CsdFunctionExit;
import dev.cpuhp.trace.TraceEvent.CsdQueueCpu;
import dev.cpuhp.trace.TraceEvent.SyncPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Prints events as {@code /sys/kernel/tracing/trace} does: the context columns of
 * {@code trace_print_context()} followed by each tracepoint's own print format, so existing
 * habits (grep, awk on fields, diffing against a real kernel's trace) apply.
 */
public final class FtraceWriter {
    private FtraceWriter() {
    }

    /** The header block of the nop tracer. */
    public static String header(long entries, long written, int cpus) {
        return "# tracer: nop\n"
                + "#\n"
                + "# entries-in-buffer/entries-written: " + entries + "/" + written + "   #P:" + cpus + "\n"
                + "#\n"
                + "#                                _-----=> irqs-off/BH-disabled\n"
                + "#                               / _----=> need-resched\n"
                + "#                              | / _---=> hardirq/softirq\n"
                + "#                              || / _--=> preempt-depth\n"
                + "#                              ||| / _-=> migrate-disable\n"
                + "#                              |||| /     delay\n"
                + "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
                + "#              | |         |   |||||     |         |\n";
    }

    /**
     * One event as a trace line (with newline), or empty for events the kernel would not have
     * recorded: those it has no tracepoint for, and those on a CPU outside the online mask.
     */
    public static Optional<String> line(TraceEvent e) {
        if (!e.ctx().visibleInFtrace()) {
            return Optional.empty();
        }
        String body = switch (e) {
            case CpuhpEnter x -> String.format("cpu: %04d target: %3d step: %3d (%s)", x.cpu(), x.target(), x.idx(), x.fun());
            case CpuhpMultiEnter x -> String.format("cpu: %04d target: %3d step: %3d (%s)", x.cpu(), x.target(), x.idx(), x.fun());
            case CpuhpExit x -> String.format(" cpu: %04d  state: %3d step: %3d ret: %d", x.cpu(), x.state(), x.idx(), x.ret());
            case CsdQueueCpu x -> String.format("cpu=%d callsite=%s func=%s csd=%s", x.cpu(), x.callsite(), x.func(), pointer(x.csd()));
            case CsdFunctionEntry x -> String.format("func=%s, csd=%s", x.func(), pointer(x.csd()));
            case CsdFunctionExit x -> String.format("func=%s, csd=%s", x.func(), pointer(x.csd()));
            case SyncPoint x -> null;
        };
        if (body == null) {
            return Optional.empty();
        }
        Ctx c = e.ctx();
        long micros = c.ts() / 1000;
        String flags = (c.irqsOff() ? "d" : ".") + "....";
        return Optional.of(String.format("%16s-%-7d [%03d] %s %5d.%06d: %s: %s\n",
                c.comm(), c.pid(), c.cpu(), flags, micros / 1_000_000, micros % 1_000_000, e.name(), body));
    }

    /** {@code %p}: a 64-bit hashed pointer; 0 prints as zeroes. */
    static String pointer(long id) {
        return String.format("%016x", id == 0 ? 0 : mix(id));
    }

    static long mix(long id) {
        long z = id * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return (z ^ (z >>> 29)) & 0xffff_ffffL;
    }

    /** Writes the header and every printable event. */
    public static void write(Collection<TraceEvent> events, int cpus, Appendable out) {
        try {
            List<String> lines = events.stream().map(FtraceWriter::line).flatMap(Optional::stream).toList();
            out.append(header(lines.size(), lines.size(), cpus));
            for (String l : lines) {
                out.append(l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
