package dev.cpuhp.cli.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The real kernel's outcomes against cpuhp's, operation by operation: the errno of every write,
 * the bytes of every read, per CPU the calls of the steps (step, direction, return value,
 * callback, which kind of task ran it) and the kernel log lines cpuhp models. The boot is
 * compared on the order parallel bringup kicks and brings up the CPUs.
 */
public final class Comparison {
    /** Trace lines shown around a difference, each side. */
    private static final int CONTEXT = 3;

    /** One way the two sides differ. */
    public record Difference(int op, String what, String description, String real, String cpuhp, List<String> context) {
    }

    /** The figures of a comparison. */
    public record Result(int ops, int compared, List<Difference> differences) {
        public boolean agree() {
            return differences.isEmpty();
        }
    }

    private Comparison() {
    }

    public static Result compare(List<Op> script, List<Outcome> real, List<Outcome> sim, int bpKickAp, int bringupCpu) {
        List<Difference> diffs = new ArrayList<>();
        int compared = 0;
        for (int i = 0; i < Math.min(real.size(), sim.size()); i++) {
            Outcome r = real.get(i);
            Outcome s = sim.get(i);
            if (r.n() != s.n()) {
                throw new IllegalArgumentException("the capture's operation " + r.n() + " is cpuhp's " + s.n());
            }
            if (r.n() == 0) {
                boot(r, s, bpKickAp, bringupCpu, diffs);
                continue;
            }
            compared++;
            Op op = script.get(r.n() - 1);
            String what = op.describe();
            if (!r.errno().equals(s.errno())) {
                diffs.add(new Difference(r.n(), "errno", what, r.errno(), s.errno(), List.of()));
            }
            if (r.bytes() != null && !r.bytes().equals(s.bytes())) {
                diffs.add(new Difference(r.n(), "read", what, text(r.bytes()), text(s.bytes()), List.of()));
            }
            calls(r, s, what, diffs);
            if (!r.modelledLog().equals(s.modelledLog())) {
                diffs.add(new Difference(r.n(), "log", what, String.join(" | ", r.modelledLog()),
                        String.join(" | ", s.modelledLog()), List.of()));
            }
        }
        if (real.size() != sim.size()) {
            diffs.add(new Difference(Math.min(real.size(), sim.size()), "ops", "operations run",
                    String.valueOf(real.size() - 1), String.valueOf(sim.size() - 1), List.of()));
        }
        return new Result(script.size(), compared, diffs);
    }

    private static void calls(Outcome r, Outcome s, String what, List<Difference> diffs) {
        Map<Integer, List<Outcome.Call>> rc = r.calls();
        Map<Integer, List<Outcome.Call>> sc = s.calls();
        TreeSet<Integer> cpus = new TreeSet<>(rc.keySet());
        cpus.addAll(sc.keySet());
        for (int cpu : cpus) {
            List<Outcome.Call> a = rc.getOrDefault(cpu, List.of());
            List<Outcome.Call> b = sc.getOrDefault(cpu, List.of());
            int i = 0;
            while (i < a.size() && i < b.size() && a.get(i).key().equals(b.get(i).key())) {
                i++;
            }
            if (i == a.size() && i == b.size()) {
                continue;
            }
            List<String> context = new ArrayList<>();
            context.add("real kernel, CPU " + cpu + ":");
            around(a, i).forEach(c -> context.add("  " + c.enter().text()));
            context.add("cpuhp, CPU " + cpu + ":");
            around(b, i).forEach(c -> context.add("  " + c.enter().text()));
            diffs.add(new Difference(r.n(), "steps of CPU " + cpu + " (call " + (i + 1) + ")", what,
                    i < a.size() ? a.get(i).key() : "(no more calls; " + a.size() + " in all)",
                    i < b.size() ? b.get(i).key() : "(no more calls; " + b.size() + " in all)", context));
        }
    }

    private static List<Outcome.Call> around(List<Outcome.Call> calls, int i) {
        return calls.subList(Math.max(0, i - CONTEXT), Math.min(calls.size(), i + CONTEXT + 1));
    }

    /** Boot: the CPUs in the order they were kicked and brought up, and by which kind of task. */
    private static void boot(Outcome r, Outcome s, int bpKickAp, int bringupCpu, List<Difference> diffs) {
        for (int state : new int[] {bpKickAp, bringupCpu}) {
            String a = order(r, state);
            String b = order(s, state);
            if (!a.equals(b)) {
                diffs.add(new Difference(0, "boot order of step " + state, "boot (parallel bringup)", a, b, List.of()));
            }
        }
    }

    private static String order(Outcome o, int state) {
        return String.join(" ", o.trace().stream().filter(t -> t.enter() && t.step() == state)
                .map(t -> t.cpu() + "[" + t.kind() + "]").toList());
    }

    /** Hex bytes as text, for the report. */
    static String text(String hex) {
        if (hex == null) {
            return "(none)";
        }
        byte[] b = java.util.HexFormat.of().parseHex(hex);
        return "\"" + new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\n", "\\n") + "\"";
    }
}
