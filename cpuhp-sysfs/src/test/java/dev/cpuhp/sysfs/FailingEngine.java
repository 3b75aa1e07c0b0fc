package dev.cpuhp.sysfs;

import dev.cpuhp.Machine;
import dev.cpuhp.state.CpuhpState;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test double for an engine that fails under a front end: a dynamic PREPARE state whose
 * startup, run by the writer's own task when a CPU comes up, throws what it is armed with.
 * An {@link Error} is not turned into an errno by the walker, so it reaches the front end as
 * a simulation deadlock or any other engine bug would.
 */
public final class FailingEngine {
    private final AtomicReference<Error> armed = new AtomicReference<>();

    private FailingEngine() {
    }

    /** Registers the state on {@code m} (it does nothing until armed). */
    public static FailingEngine on(Machine m) {
        FailingEngine f = new FailingEngine();
        int state = m.hotplug().setupState(CpuhpState.BP_PREPARE_DYN, "test:failing-engine", cpu -> {
            Error e = f.armed.get();
            if (e != null) {
                throw e;
            }
            return 0;
        }, null);
        if (state < 0) {
            throw new IllegalStateException("cannot register the failing state: " + state);
        }
        return f;
    }

    /** From now on, bringing any CPU up throws {@code e}. */
    public void arm(Error e) {
        armed.set(e);
    }
}
