package dev.cpuhp.torture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Per CPU, which callbacks are "up": their startup ran and succeeded and their teardown has not
 * run since. Every recorded invocation is checked against it:
 * <ul>
 *   <li><b>balance</b>: a startup of something already up, or a teardown of something not up,
 *       is a callback run twice in a row, or one whose partner was lost;</li>
 *   <li><b>order</b>: a walk tears down from the top and builds up from the top, so a walk's
 *       teardown of state {@code s} finds nothing up above {@code s}, and a walk's startup
 *       finds nothing up above it either. Calls made by registration (install, remove, add or
 *       remove an instance) are exempt: they legitimately run one state in the middle.</li>
 * </ul>
 * A key is one (state, instance) pair; single-instance states use one fixed instance. All
 * methods are synchronized: callbacks arrive from every simulated CPU's threads.
 */
final class CallbackLedger {
    /** The key of a single-instance state's one callback pair, or of a built-in state. */
    static final Object SINGLE = "single";

    private record Key(Object owner, Object instance) {
    }

    private final Consumer<Violation> report;
    private final List<Map<Key, Integer>> up = new ArrayList<>();
    /** Per CPU: how many up keys each state number has, for the order rule. */
    private final List<TreeMap<Integer, Integer>> upStates = new ArrayList<>();
    private long invocations;

    CallbackLedger(int cpus, Consumer<Violation> report) {
        this.report = report;
        for (int i = 0; i < cpus; i++) {
            up.add(new java.util.HashMap<>());
            upStates.add(new TreeMap<>());
        }
    }

    /** Marks {@code (owner, instance)} at {@code state} as up on {@code cpu} without a callback (the boot's work). */
    synchronized void assumeUp(int cpu, int state, Object owner, Object instance) {
        if (up.get(cpu).putIfAbsent(new Key(owner, instance), state) == null) {
            upStates.get(cpu).merge(state, 1, Integer::sum);
        }
    }

    /**
     * The order rule, as a walk's callback starts: nothing above {@code state} is up on
     * {@code cpu}. Checked at the start because a callback may wait for others to run (the
     * control CPU's {@code cpu:bringup} waits while the AP runs its STARTING steps).
     */
    synchronized void entering(long op, int cpu, int state, boolean startup, String what) {
        Integer above = upStates.get(cpu).higherKey(state);
        if (above != null) {
            report.accept(new Violation("order", op, what + " " + (startup ? "startup" : "teardown") + " at state "
                    + state + " on CPU " + cpu + " while state " + above + " is still up there"));
        }
    }

    /** A callback returned {@code ret}: the balance rule, and the ledger follows. */
    synchronized void record(long op, int cpu, int state, Object owner, Object instance, boolean startup, int ret,
                             String what) {
        invocations++;
        Key key = new Key(owner, instance);
        Map<Key, Integer> cpuUp = up.get(cpu);
        TreeMap<Integer, Integer> states = upStates.get(cpu);
        boolean isUp = cpuUp.containsKey(key);
        if (startup && isUp) {
            report.accept(new Violation("balance", op, what + " startup ran on CPU " + cpu + " at state " + state
                    + " twice in a row (no teardown between)"));
        } else if (!startup && !isUp) {
            report.accept(new Violation("balance", op, what + " teardown ran on CPU " + cpu + " at state " + state
                    + " without its startup having run (a startup or teardown was lost)"));
        }
        if (ret != 0) {
            return; // a failed callback changed nothing
        }
        if (startup && !isUp) {
            cpuUp.put(key, state);
            states.merge(state, 1, Integer::sum);
        } else if (!startup && isUp) {
            cpuUp.remove(key);
            states.computeIfPresent(state, (s, n) -> n == 1 ? null : n - 1);
        }
    }

    synchronized boolean isUp(int cpu, Object owner, Object instance) {
        return up.get(cpu).containsKey(new Key(owner, instance));
    }

    /** Every key of {@code owner} that is up somewhere, as "CPU n instance i" strings. */
    synchronized Set<String> upAnywhere(Object owner) {
        Set<String> out = new HashSet<>();
        for (int cpu = 0; cpu < up.size(); cpu++) {
            for (Key k : up.get(cpu).keySet()) {
                if (k.owner().equals(owner)) {
                    out.add("CPU " + cpu + " instance " + k.instance());
                }
            }
        }
        return out;
    }

    synchronized long invocations() {
        return invocations;
    }
}
