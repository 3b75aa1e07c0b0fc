package dev.cpuhp.torture;

import static dev.cpuhp.state.CpuhpState.OFFLINE;

import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.hotplug.Hotplug;
import dev.cpuhp.state.Step;
import dev.cpuhp.state.Layout;
import java.util.ArrayList;
import java.util.List;

/**
 * The exhaustive fault sweep: on one machine, a failure injected at every state that can fail,
 * going up and going down, on a primary and on a secondary thread; and a failing startup at
 * every CPU position of a registration (a state's setup with calls, an instance's addition), of
 * a PREPARE and of an ONLINE state. After each scenario the CPU or the registration must be
 * exactly where it was, with every callback balanced ({@link Checker}).
 */
public final class FaultSweep {
    /** The sweep's outcome: scenarios run, how many held, and what broke. */
    public record Result(int scenarios, int passed, List<Violation> violations) {
        public boolean ok() {
            return scenarios == passed && violations.isEmpty();
        }
    }

    private final Machine m;
    private final Hotplug hp;
    private final Checker checker;
    private int scenarios;
    private int passed;

    private FaultSweep(Machine m) {
        this.m = m;
        this.hp = m.hotplug();
        this.checker = new Checker(m);
    }

    public static Result run(String profile, long seed) {
        return run(dev.cpuhp.platform.HardwareProfile.resolve(profile), seed);
    }

    public static Result run(dev.cpuhp.platform.HardwareProfile profile, long seed) {
        try (Machine m = Machine.builder().profile(profile).seed(seed).boot()) {
            FaultSweep sweep = new FaultSweep(m);
            try (var sub = m.tracer().subscribe(sweep.checker::onTrace)) {
                sweep.transitions();
                sweep.registrations();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new Result(sweep.scenarios, sweep.passed, sweep.checker.violations());
        }
    }

    private void transitions() {
        List<Integer> cpus = new ArrayList<>();
        for (int cpu = 1; cpu < m.nrCpuIds() && cpus.size() < 2; cpu++) {
            boolean primary = m.topology().isPrimary(cpu);
            if (cpus.isEmpty() ? primary : !primary || m.topology().threadsPerCore() == 1) {
                cpus.add(cpu);
            }
        }
        for (int cpu : cpus) {
            for (int state = OFFLINE + 1; state <= layout().online(); state++) {
                Step step = m.states().step(state);
                if (step == null || layout().isAtomic(state)) {
                    continue;
                }
                if (step.startup() != null) {
                    transition(cpu, state, true);
                }
                if (step.teardown() != null) {
                    transition(cpu, state, false);
                }
            }
        }
    }

    /** CPU {@code cpu} fails at {@code state} going up (from offline) or down (from online). */
    private void transition(int cpu, int state, boolean up) {
        int from = up ? OFFLINE : layout().online();
        if (hp.state(cpu).state() != from && (up ? hp.cpuDown(cpu) : hp.cpuUp(cpu)) != 0) {
            checker.violation("sweep", scenarios, "CPU " + cpu + " cannot be put at " + from + " to start");
            return;
        }
        if (hp.setFail(cpu, state) != 0) {
            return; // the kernel refuses a fault there (a "dead" step below cpu:bringup while online)
        }
        scenarios++;
        long before = checker.violationCount();
        int ret = up ? hp.cpuUp(cpu) : hp.cpuDown(cpu);
        hp.setFail(cpu, -1);
        String what = "fail at " + state + " (" + m.states().name(state) + ") " + (up ? "up" : "down") + " on CPU " + cpu;
        if (ret != Errno.EAGAIN.ret()) {
            checker.violation("sweep", scenarios, what + " answered " + Errno.describe(ret) + ", not EAGAIN");
        } else if (hp.state(cpu).state() != from) {
            checker.violation("rollback", scenarios, what + ": the CPU stands at " + hp.state(cpu).state() + ", not " + from);
        }
        checker.checkAtRest(List.of());
        if (checker.violationCount() == before) {
            passed++;
        }
    }

    private void registrations() {
        for (int request : new int[] {layout().bpPrepareDyn(), layout().apOnlineDyn()}) {
            for (int failOn = 0; failOn < m.nrCpuIds(); failOn++) {
                setupFailingOn(request, failOn);
                addInstanceFailingOn(failOn);
            }
        }
    }

    private void setupFailingOn(int request, int failOn) {
        scenarios++;
        long before = checker.violationCount();
        String name = "sweep:setup" + scenarios;
        Object owner = name;
        int[] state = {-1};
        int ret = hp.setupState(request, name, cpu -> record(owner, state, name, cpu, true, cpu == failOn),
                cpu -> record(owner, state, name, cpu, false, false));
        String what = "setup of " + name + " failing on CPU " + failOn;
        if (ret != Errno.ENOMEM.ret()) {
            checker.violation("sweep", scenarios, what + " answered " + Errno.describe(ret));
        }
        if (m.states().find(name).isPresent()) {
            checker.violation("rollback", scenarios, what + ": the state is still installed");
        }
        leftovers(owner, what);
        checker.checkAtRest(List.of());
        if (checker.violationCount() == before) {
            passed++;
        }
    }

    private void addInstanceFailingOn(int failOn) {
        scenarios++;
        long before = checker.violationCount();
        String name = "sweep:multi" + scenarios;
        Object owner = name;
        int[] state = {-1};
        int s = hp.setupStateMulti(layout().apOnlineDyn(), name,
                (cpu, node) -> record(owner, state, name, cpu, true, cpu == failOn && node == owner),
                (cpu, node) -> record(owner, state, name, cpu, false, false));
        state[0] = s;
        String what = "add instance to " + name + " failing on CPU " + failOn;
        int ret = hp.addInstance(s, owner);
        if (ret != Errno.ENOMEM.ret() && failOn < m.nrCpuIds() && m.masks().isOnline(failOn)) {
            checker.violation("sweep", scenarios, what + " answered " + Errno.describe(ret));
        }
        leftovers(owner, what);
        if (m.states().step(s).hasInstance(owner)) {
            checker.violation("rollback", scenarios, what + ": the instance is still linked");
        }
        hp.removeMultiState(s);
        checker.checkAtRest(List.of());
        if (checker.violationCount() == before) {
            passed++;
        }
    }

    private int record(Object owner, int[] state, String name, int cpu, boolean startup, boolean fail) {
        int at = state[0] >= 0 ? state[0] : m.states().find(name).orElse(-1);
        int ret = fail ? Errno.ENOMEM.ret() : 0;
        checker.ledger().record(scenarios, cpu, at, owner, CallbackLedger.SINGLE, startup, ret, name);
        return ret;
    }

    private void leftovers(Object owner, String what) {
        for (String left : checker.ledger().upAnywhere(owner)) {
            checker.violation("rollback", scenarios, what + ": a startup is still in effect on " + left);
        }
    }

    /** Where this machine's kernel puts the core's states. */
    private Layout layout() {
        return m.states().layout();
    }
}
