package dev.cpuhp.torture;

/**
 * One broken rule: which rule, at which operation (the index a replay reaches it at, or -1 for
 * a check at the end), and what was seen.
 */
public record Violation(String rule, long op, String detail) {
    @Override
    public String toString() {
        return (op >= 0 ? "op " + op : "at the end") + ": [" + rule + "] " + detail;
    }
}
