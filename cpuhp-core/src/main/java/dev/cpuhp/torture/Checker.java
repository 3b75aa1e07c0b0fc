package dev.cpuhp.torture;


import dev.cpuhp.state.Layout;
import dev.cpuhp.Machine;
import dev.cpuhp.state.Callback;
import dev.cpuhp.state.Step;
import dev.cpuhp.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The torture run's invariant checker. It sees every callback invocation (the torture's own
 * states report themselves; the kernel's states through their {@code cpuhp_enter}/{@code
 * cpuhp_exit} trace events), keeps the {@link CallbackLedger}, and checks the rules:
 * <ul>
 *   <li><b>state</b>: a CPU at rest is at a state it can rest at, and the masks agree with it
 *       (online from {@code AP_ONLINE_IDLE} on, active from {@code AP_ACTIVE} on);</li>
 *   <li><b>balance</b>, <b>order</b>: see {@link CallbackLedger};</li>
 *   <li><b>complete</b>: on a CPU at rest every callback at or below its state is up and none
 *       above it is (nothing lost);</li>
 *   <li><b>rollback</b>, <b>errno</b>, <b>read-lock</b>, <b>liveness</b>, <b>stall</b>: checked
 *       by the drivers around each operation and reported here.</li>
 * </ul>
 */
final class Checker {
    /** Violations kept in full; past this only the count grows. */
    private static final int KEEP = 50;

    private final Machine m;
    private final CallbackLedger ledger;
    private final List<Violation> violations = new ArrayList<>();
    private long violationCount;
    /** The kernel's own states followed through the trace: state number to its step. */
    private final Map<Integer, Step> builtins = new HashMap<>();
    private final ThreadLocal<int[]> pending = new ThreadLocal<>();
    /** The operation most recently started: what a trace-seen violation is attributed to. */
    final AtomicLong currentOp = new AtomicLong(-1);

    Checker(Machine m) {
        this.m = m;
        this.ledger = new CallbackLedger(m.nrCpuIds(), this::violation);
        for (Step s : m.states().named()) {
            // cpu:bringup is the one step whose failed startup still leaves work to undo: it
            // fails when the AP's ONLINE section failed and rolled back, with the AP alive; the
            // kernel then runs the whole teardown, finish_cpu included. It is not a pair.
            if (s.state() != layout().bringupCpu()
                    && s.startup() instanceof Callback.Single up && s.teardown() instanceof Callback.Single down
                    && !up.symbol().equals(down.symbol())) {
                builtins.put(s.state(), s);
            }
        }
        // What the boot did before the checker was watching: every CPU is where it is.
        for (int cpu = 0; cpu < m.nrCpuIds(); cpu++) {
            int state = m.hotplug().state(cpu).state();
            for (Step s : builtins.values()) {
                if (s.state() <= state) {
                    ledger.assumeUp(cpu, s.state(), s, CallbackLedger.SINGLE);
                }
            }
        }
    }

    CallbackLedger ledger() {
        return ledger;
    }

    /** The trace sink: follows the kernel's own states' callbacks. */
    void onTrace(TraceEvent e) {
        if (e instanceof TraceEvent.CpuhpEnter enter) {
            Step s = builtins.get(enter.idx());
            if (s == null) {
                return;
            }
            boolean up = enter.fun().equals(s.startup().symbol());
            if (up || enter.fun().equals(s.teardown().symbol())) {
                ledger.entering(currentOp.get(), enter.cpu(), enter.idx(), up, s.name());
                pending.set(new int[] {enter.cpu(), enter.idx(), up ? 1 : 0});
            }
        } else if (e instanceof TraceEvent.CpuhpExit exit) {
            int[] p = pending.get();
            if (p != null && p[0] == exit.cpu() && p[1] == exit.idx()) {
                pending.remove();
                Step s = builtins.get(p[1]);
                ledger.record(currentOp.get(), p[0], p[1], s, CallbackLedger.SINGLE, p[2] == 1, exit.ret(), s.name());
            }
        }
    }

    synchronized void violation(Violation v) {
        violationCount++;
        if (violations.size() < KEEP) {
            violations.add(v);
        }
    }

    void violation(String rule, long op, String detail) {
        violation(new Violation(rule, op, detail));
    }

    synchronized List<Violation> violations() {
        return List.copyOf(violations);
    }

    synchronized long violationCount() {
        return violationCount;
    }

    /** The state rule for one CPU, now: call only while nothing moves it. */
    void checkCpu(long op, int cpu) {
        int state = m.hotplug().state(cpu).state();
        if (state > layout().bringupCpu() && state < layout().apOnlineIdle()) {
            violation("state", op, "CPU " + cpu + " rests at state " + state + " (" + m.states().name(state)
                    + "), between cpu:bringup and the idle task");
        }
        boolean online = m.masks().isOnline(cpu);
        if (online != state >= layout().apOnlineIdle()) {
            violation("state", op, "CPU " + cpu + " at state " + state + " is " + (online ? "" : "not ") + "in cpu_online_mask");
        }
        boolean active = m.masks().isActive(cpu);
        if (active != state >= layout().apActive()) {
            violation("state", op, "CPU " + cpu + " at state " + state + " is " + (active ? "" : "not ") + "in cpu_active_mask");
        }
    }

    /**
     * The end of a run, every driver stopped: each CPU's state and masks, and that exactly the
     * callbacks at or below each CPU's state are up, the kernel's and the torture's own.
     */
    void checkAtRest(List<Registration> registrations) {
        for (int cpu = 0; cpu < m.nrCpuIds(); cpu++) {
            checkCpu(-1, cpu);
            int state = m.hotplug().state(cpu).state();
            for (Step s : builtins.values()) {
                expectUp(cpu, state, s.state(), s, CallbackLedger.SINGLE, s.name());
            }
            for (Registration r : registrations) {
                if (!r.registered()) {
                    continue;
                }
                if (r.kind == Registration.Kind.MULTI) {
                    for (TortureCallbacks.Node i : r.instances) {
                        expectUp(cpu, state, r.state, r, i, r.name() + " instance " + i);
                    }
                } else {
                    expectUp(cpu, state, r.state, r, CallbackLedger.SINGLE, r.name());
                }
            }
        }
    }

    private void expectUp(int cpu, int cpuState, int state, Object owner, Object instance, String what) {
        boolean expected = state <= cpuState;
        if (ledger.isUp(cpu, owner, instance) != expected) {
            violation("complete", -1, "CPU " + cpu + " at state " + cpuState + ": " + what + " (state " + state + ") is "
                    + (expected ? "not up: its startup was lost" : "still up: its teardown was lost"));
        }
    }

    /** Where this machine's kernel puts the core's states. */
    private Layout layout() {
        return m.states().layout();
    }
}
