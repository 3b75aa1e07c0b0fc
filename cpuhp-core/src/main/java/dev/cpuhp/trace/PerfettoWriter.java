package dev.cpuhp.trace;

import dev.cpuhp.state.Layout;
import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import dev.cpuhp.trace.TraceEvent.CpuhpExit;
import dev.cpuhp.trace.TraceEvent.CpuhpMultiEnter;
import dev.cpuhp.trace.TraceEvent.CsdFunctionEntry;
import dev.cpuhp.trace.TraceEvent.CsdQueueCpu;
import dev.cpuhp.trace.TraceEvent.SyncPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Writes runs as Chrome trace-event JSON, which Perfetto (ui.perfetto.dev) opens: one process
 * per run, one track per CPU, one slice per state step on the track of the CPU it is for (the
 * control CPU's PREPARE steps included), and the handshakes (kick, alive, release, online-idle,
 * dead) and cross-CPU calls as instants. Slices nest as the kernel's calls do: the AP's steps
 * sit inside the control CPU's {@code cpu:bringup} step. Every step is drawn, also those the
 * kernel's own trace cannot show (on a CPU outside the online mask): their slices carry
 * {@code "not visible in ftrace": true}.
 */
public final class PerfettoWriter {
    /** One run to draw: its label and its events. */
    public record Run(String label, List<TraceEvent> events) {
    }

    private PerfettoWriter() {
    }

    /**
     * @param names  the state table's names by number, for slice titles
     * @param layout the kernel's sections, for slice categories
     */
    public static void write(List<Run> runs, IntFunction<String> names, Layout layout, Appendable out) {
        try {
            out.append("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
            boolean[] first = {true};
            for (int r = 0; r < runs.size(); r++) {
                writeRun(r + 1, runs.get(r), names, layout, out, first);
            }
            out.append("\n]}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeRun(int pid, Run run, IntFunction<String> names, Layout layout, Appendable out,
                                 boolean[] first)
            throws IOException {
        emit(out, first, String.format(Locale.ROOT,
                "{\"ph\":\"M\",\"pid\":%d,\"name\":\"process_name\",\"args\":{\"name\":%s}}", pid, str(run.label())));
        emit(out, first, String.format(Locale.ROOT,
                "{\"ph\":\"M\",\"pid\":%d,\"name\":\"process_sort_index\",\"args\":{\"sort_index\":%d}}", pid, pid));
        TreeSet<Integer> cpus = new TreeSet<>();
        Map<String, Deque<Object[]>> open = new HashMap<>();
        for (TraceEvent e : run.events()) {
            switch (e) {
                case CpuhpEnter x -> push(open, x.cpu(), e, x.idx(), x.fun());
                case CpuhpMultiEnter x -> push(open, x.cpu(), e, x.idx(), x.fun());
                case CpuhpExit x -> {
                    Deque<Object[]> stack = open.get(x.cpu() + "/" + e.ctx().comm());
                    if (stack == null || stack.isEmpty()) {
                        continue;
                    }
                    Object[] in = stack.pop();
                    TraceEvent enter = (TraceEvent) in[0];
                    int idx = (Integer) in[1];
                    String fun = (String) in[2];
                    cpus.add(x.cpu());
                    String name = fun.equals("cpuhp_kick_ap_work") ? fun : nameOf(names, idx);
                    emit(out, first, String.format(Locale.ROOT,
                            "{\"ph\":\"X\",\"pid\":%d,\"tid\":%d,\"ts\":%s,\"dur\":%s,\"name\":%s,\"cat\":%s,"
                                    + "\"args\":{\"step\":%d,\"fun\":%s,\"ret\":%d,\"ran on\":%s%s}}",
                            pid, x.cpu() + 1, us(enter.ctx().ts()), us(e.ctx().ts() - enter.ctx().ts()), str(name),
                            str(layout.section(idx).label()), idx, str(fun), x.ret(),
                            str(enter.ctx().comm() + " [" + enter.ctx().cpu() + "]"),
                            enter.ctx().visibleInFtrace() ? "" : ",\"not visible in ftrace\":true"));
                }
                case SyncPoint x -> {
                    cpus.add(x.cpu());
                    instant(out, first, pid, x.cpu(), e.ctx().ts(), x.what(), "sync");
                }
                case CsdQueueCpu x -> instant(out, first, pid, x.cpu(), e.ctx().ts(), "IPI queued: " + x.func(), "csd");
                case CsdFunctionEntry x -> instant(out, first, pid, e.ctx().cpu(), e.ctx().ts(), "IPI entry: " + x.func(), "csd");
                default -> { }
            }
        }
        for (int cpu : cpus) {
            emit(out, first, String.format(Locale.ROOT,
                    "{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"thread_name\",\"args\":{\"name\":\"CPU %d\"}}",
                    pid, cpu + 1, cpu));
            emit(out, first, String.format(Locale.ROOT,
                    "{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":%d}}",
                    pid, cpu + 1, cpu));
        }
    }

    private static void push(Map<String, Deque<Object[]>> open, int cpu, TraceEvent e, int idx, String fun) {
        open.computeIfAbsent(cpu + "/" + e.ctx().comm(), k -> new ArrayDeque<>()).push(new Object[] {e, idx, fun});
    }

    private static void instant(Appendable out, boolean[] first, int pid, int cpu, long ts, String name, String cat)
            throws IOException {
        emit(out, first, String.format(Locale.ROOT,
                "{\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%d,\"ts\":%s,\"name\":%s,\"cat\":%s}",
                pid, cpu + 1, us(ts), str(name), str(cat)));
    }

    private static String nameOf(IntFunction<String> names, int idx) {
        String n = names.apply(idx);
        return n != null ? n : "state " + idx;
    }

    private static void emit(Appendable out, boolean[] first, String json) throws IOException {
        if (!first[0]) {
            out.append(",\n");
        }
        first[0] = false;
        out.append(json);
    }

    /** Nanoseconds as trace-event microseconds. */
    private static String us(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1000.0);
    }

    /** A JSON string literal. */
    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
