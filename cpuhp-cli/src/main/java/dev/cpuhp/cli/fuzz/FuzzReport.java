package dev.cpuhp.cli.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of one surface's run: inputs tried, accepted, refused by errno and by the
 * surface itself, and the violations, which must all be zero: crashes, engine failures,
 * errnos the file cannot give, refused inputs that changed the machine, unclear messages.
 */
public final class FuzzReport {
    /** The violations kept whole, with their inputs; the rest are only counted. */
    private static final int KEPT = 20;

    final String surface;
    final long seed;
    long inputs;
    long accepted;
    final Map<String, Long> rejectedByErrno = new TreeMap<>();
    final Map<String, Long> refusedBySurface = new TreeMap<>();
    long crashes;
    long engineFailures;
    long wrongErrnos;
    long stateChangesOnRejection;
    long partialFailures;
    long taintedFailures;
    long restarts;
    long millis;
    final List<String> violations = new ArrayList<>();

    FuzzReport(String surface, long seed) {
        this.surface = surface;
        this.seed = seed;
    }

    public String surface() {
        return surface;
    }

    public long inputs() {
        return inputs;
    }

    /** Violations of every kind; 0 for a clean run. */
    public long violationCount() {
        return crashes + engineFailures + wrongErrnos + stateChangesOnRejection;
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    void violation(long index, String what, Result r) {
        if (violations.size() < KEPT) {
            violations.add("input " + index + ": " + what + "\n    input: " + r.input() + "\n    got: " + r.kind()
                    + (r.errno() != null ? " " + r.errno() : "") + (r.message().isEmpty() ? "" : " \"" + r.message() + "\""));
        }
    }

    long rejected() {
        return rejectedByErrno.values().stream().mapToLong(Long::longValue).sum();
    }

    long refused() {
        return refusedBySurface.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The --json form. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("surface", surface);
        m.put("seed", seed);
        m.put("inputs", inputs);
        m.put("accepted", accepted);
        m.put("rejected_by_errno", rejectedByErrno);
        m.put("refused_by_surface", refusedBySurface);
        m.put("crashes", crashes);
        m.put("engine_failures", engineFailures);
        m.put("wrong_errnos", wrongErrnos);
        m.put("state_changes_on_rejection", stateChangesOnRejection);
        m.put("partial_failures", partialFailures);
        m.put("tainted_failures", taintedFailures);
        m.put("restarts", restarts);
        m.put("seconds", millis / 1000.0);
        m.put("violations", violations);
        return m;
    }

    /** The human form: a few lines. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        String by = switch (surface) {
            case "http" -> "server";
            case "fuse" -> "mount";
            default -> surface;
        };
        sb.append(String.format("%-6s %9d inputs in %.1f s: %d accepted, %d refused with an errno, %d refused by the %s%n",
                surface, inputs, millis / 1000.0, accepted, rejected(), refused(), by));
        sb.append("       errnos: ").append(counts(rejectedByErrno)).append('\n');
        sb.append("       refused by the ").append(by).append(": ").append(counts(refusedBySurface)).append('\n');
        sb.append(String.format("       crashes %d, engine failures %d, wrong errnos %d, state changes on rejection %d%n",
                crashes, engineFailures, wrongErrnos, stateChangesOnRejection));
        sb.append(String.format("       (refusals after partial progress, as the kernel's: %d, %d of them a failed DEAD callback"
                + " or an unknown file, rebooted after; machine restarts: %d)%n", partialFailures, taintedFailures, restarts));
        for (String v : violations) {
            sb.append("  VIOLATION ").append(v).append('\n');
        }
        return sb.toString();
    }

    private static String counts(Map<String, Long> m) {
        if (m.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
        return sb.toString();
    }
}
