package dev.cpuhp.cli.oracle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one operation did on one side (the real kernel or cpuhp).
 *
 * @param n     the operation's number (0: the boot)
 * @param errno "ok", or the errno's name the write (or read) failed with
 * @param bytes a read's bytes in hex (a selftest's: its output, see {@link #selftestOutput}); null for a write
 * @param trace the cpuhp tracepoint lines the operation caused
 * @param log   the kernel log lines it caused, timestamps dropped
 */
public record Outcome(int n, String errno, String bytes, List<TraceLine> trace, List<String> log) {
    /**
     * The kernel log lines cpuhp models (and the real kernel prints at its default log level or,
     * for {@code kernel/cpu.c}'s {@code pr_debug}s, with the guest's {@code dyndbg}).
     */
    private static final Pattern MODELLED = Pattern.compile(
            "smpboot: CPU \\d+ is now offline|CPU (UP|DOWN) failed|DEAD callback error|failed to report (alive|dead) state"
                    + "|CPU \\d+ (UP|DOWN) state .* failed|No more dynamic states|can't online cpu");

    public Outcome {
        trace = List.copyOf(trace);
        log = List.copyOf(log);
    }

    /**
     * A selftest's output as compared, in hex: the lines where it pins itself to CPU 0 print
     * its pid and the affinity mask of the machine it runs on (the host's, for cpuhp's side),
     * so those two figures are left out.
     */
    public static String selftestOutput(String output) {
        String kept = output.replaceAll("pid \\d+'s (current|new) affinity mask: \\p{XDigit}+", "pid N's $1 affinity mask: M");
        return java.util.HexFormat.of().formatHex(kept.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The log lines both sides are compared on. */
    public List<String> modelledLog() {
        return log.stream().filter(l -> MODELLED.matcher(l).find()).toList();
    }

    /** One call of a step, as the trace shows it: an enter and its exit. */
    public record Call(int cpu, int step, boolean up, int ret, String kind, String fun, TraceLine enter) {
        /** What is compared. */
        public String key() {
            return step + " " + (up ? "up" : "down") + " ret " + ret + " " + fun + " [" + kind + "]";
        }
    }

    /**
     * Per CPU, the calls of the operation in the order their exits were traced (nested calls
     * before the call around them). An enter without an exit in the trace is a call still
     * running: it is listed with ret {@code Integer.MIN_VALUE}.
     */
    public Map<Integer, List<Call>> calls() {
        Map<Integer, List<Call>> out = new java.util.TreeMap<>();
        Map<String, java.util.Deque<TraceLine>> open = new LinkedHashMap<>();
        for (TraceLine t : trace) {
            String key = t.cpu() + "/" + t.comm();
            if (t.enter()) {
                open.computeIfAbsent(key, k -> new java.util.ArrayDeque<>()).push(t);
            } else {
                java.util.Deque<TraceLine> stack = open.get(key);
                TraceLine in = stack == null ? null : stack.poll();
                if (in == null) {
                    continue; // its enter is before the trace began
                }
                out.computeIfAbsent(t.cpu(), c -> new ArrayList<>()).add(call(in, t.ret()));
            }
        }
        open.values().forEach(stack -> stack.forEach(in ->
                out.computeIfAbsent(in.cpu(), c -> new ArrayList<>()).add(call(in, Integer.MIN_VALUE))));
        return out;
    }

    private static Call call(TraceLine in, int ret) {
        return new Call(in.cpu(), in.step(), in.target() > in.step(), ret, in.kind(), in.fun(), in);
    }
}
