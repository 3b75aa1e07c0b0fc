package dev.cpuhp.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the kernel's trace text ({@code /sys/kernel/tracing/trace}) back into events: the
 * {@code cpuhp_*} and {@code csd_*} tracepoints, as {@link FtraceWriter} writes them and as a
 * real kernel prints them. Other events and comment lines are counted, not parsed.
 */
public final class FtraceReader {
    /** {@code trace_print_context()}: comm-pid, [cpu], flags, seconds.micros, event name. */
    private static final Pattern LINE = Pattern.compile(
            "^\\s*(.+)-(\\d+)\\s+\\[(\\d+)\\]\\s+(\\S+)\\s+(\\d+)\\.(\\d{6}):\\s+(\\w+):\\s?(.*)$");
    private static final Pattern ENTER = Pattern.compile("cpu: (\\d+) target: +(-?\\d+) step: +(-?\\d+) \\((.*)\\)");
    private static final Pattern EXIT = Pattern.compile("cpu: (\\d+) +state: +(-?\\d+) step: +(-?\\d+) ret: (-?\\d+)");
    private static final Pattern QUEUE = Pattern.compile("cpu=(\\d+) callsite=(\\S+) func=(\\S+) csd=([0-9a-fA-F]+)");
    private static final Pattern FUNCTION = Pattern.compile("func=(\\S+), csd=([0-9a-fA-F]+)");

    /**
     * What a trace held.
     *
     * @param events  the cpuhp and csd events, in the file's order
     * @param lines   the line number (from 1) each event was read from, index for index
     * @param other   lines of other events (not parsed)
     * @param broken  lines that looked like one of these events but did not parse, with their numbers
     */
    public record Parsed(List<TraceEvent> events, List<Integer> lines, int other, List<String> broken) {
        public Parsed {
            if (events.size() != lines.size()) {
                throw new IllegalArgumentException(events.size() + " events but " + lines.size() + " line numbers");
            }
        }

        /** Events that were never in a file: numbered 1, 2, ... as if each were a line. */
        public static Parsed of(List<TraceEvent> events) {
            List<Integer> lines = new ArrayList<>(events.size());
            for (int i = 1; i <= events.size(); i++) {
                lines.add(i);
            }
            return new Parsed(events, lines, 0, List.of());
        }
    }

    private FtraceReader() {
    }

    public static Parsed read(BufferedReader in) throws IOException {
        List<TraceEvent> events = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        int other = 0;
        int n = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                broken.add(n + ": " + line);
                continue;
            }
            String flags = m.group(4);
            Ctx ctx = new Ctx(Long.parseLong(m.group(5)) * 1_000_000_000L + Long.parseLong(m.group(6)) * 1_000L,
                    Integer.parseInt(m.group(3)), m.group(1).strip(), Integer.parseInt(m.group(2)),
                    !flags.isEmpty() && flags.charAt(0) == 'd', true); // in a real trace, so ftrace saw it
            TraceEvent e = event(ctx, m.group(7), m.group(8));
            if (e != null) {
                events.add(e);
                lines.add(n);
            } else if (isOurs(m.group(7))) {
                broken.add(n + ": " + line);
            } else {
                other++;
            }
        }
        return new Parsed(events, lines, other, broken);
    }

    private static boolean isOurs(String name) {
        return name.startsWith("cpuhp_") || name.startsWith("csd_");
    }

    /** The event of one line's body, or null if it is not one of ours or does not parse. */
    private static TraceEvent event(Ctx ctx, String name, String body) {
        Matcher m;
        switch (name) {
            case "cpuhp_enter", "cpuhp_multi_enter" -> {
                if (!(m = ENTER.matcher(body.strip())).matches()) {
                    return null;
                }
                int cpu = Integer.parseInt(m.group(1));
                int target = Integer.parseInt(m.group(2));
                int idx = Integer.parseInt(m.group(3));
                return name.equals("cpuhp_enter") ? new TraceEvent.CpuhpEnter(ctx, cpu, target, idx, m.group(4))
                        : new TraceEvent.CpuhpMultiEnter(ctx, cpu, target, idx, m.group(4));
            }
            case "cpuhp_exit" -> {
                if (!(m = EXIT.matcher(body.strip())).matches()) {
                    return null;
                }
                return new TraceEvent.CpuhpExit(ctx, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            }
            case "csd_queue_cpu" -> {
                if (!(m = QUEUE.matcher(body.strip())).matches()) {
                    return null;
                }
                return new TraceEvent.CsdQueueCpu(ctx, Integer.parseInt(m.group(1)), m.group(2), m.group(3),
                        Long.parseUnsignedLong(m.group(4), 16));
            }
            case "csd_function_entry", "csd_function_exit" -> {
                if (!(m = FUNCTION.matcher(body.strip())).matches()) {
                    return null;
                }
                long csd = Long.parseUnsignedLong(m.group(2), 16);
                return name.equals("csd_function_entry") ? new TraceEvent.CsdFunctionEntry(ctx, m.group(1), csd)
                        : new TraceEvent.CsdFunctionExit(ctx, m.group(1), csd);
            }
            default -> {
                return null;
            }
        }
    }
}
