package dev.cpuhp.hotplug;

import dev.cpuhp.smp.SmpFunction;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scheduler's hotplug states that change what the simulated machine does:
 * {@code sched:active} sets the CPU in the active mask and, when it completes an SMT core,
 * enables the {@code sched_smt_present} static key; {@code sched_cpu_deactivate()} waits for an
 * RCU grace period. Enabling a static key patches kernel text
 * ({@code text_poke_bp}), which synchronises every online CPU with three {@code on_each_cpu()}
 * rounds: the 3.2 ms outlier of the 2023 measurements, and real cross-CPU traffic here.
 */
final class SchedSteps {
    private final Cpuhp hp;
    private final AtomicInteger smtPresent = new AtomicInteger();
    private static final SmpFunction SYNC_CORE = new SmpFunction("do_sync_core", cpu -> { });

    SchedSteps(Cpuhp hp) {
        this.hp = hp;
    }

    /** {@code sched_smt_active()}: the static key is on. */
    boolean smtActive() {
        return smtPresent.get() > 0;
    }

    /**
     * {@code sched_cpu_activate()}: the second sibling of a core to become active counts the
     * core in {@code sched_smt_present}; the first such core patches the key in.
     */
    int activate(int cpu) {
        boolean enableKey;
        // Linux is serialised by cpu_hotplug_lock here; pipelined bringup activates CPUs
        // concurrently, so the count's transition is decided under a lock of its own.
        synchronized (smtPresent) {
            hp.masks.setActive(cpu, true);
            enableKey = activeSiblings(cpu) == 2 && smtPresent.getAndIncrement() == 0;
        }
        if (enableKey) {
            patchText(cpu);
        }
        return 0;
    }

    /** {@code sched_cpu_deactivate()}: the reverse. */
    int deactivate(int cpu) {
        boolean disableKey;
        synchronized (smtPresent) {
            disableKey = activeSiblings(cpu) == 2 && smtPresent.decrementAndGet() == 0;
            hp.masks.setActive(cpu, false);
        }
        if (disableKey) {
            patchText(cpu);
        }
        // Every preempt-disabled section and RCU reader that may still see this CPU as
        // active must be gone before it goes further down.
        hp.platform.synchronizeRcu(cpu);
        return 0;
    }

    private int activeSiblings(int cpu) {
        return hp.topology.threadSiblings(cpu).and(hp.masks.active()).weight();
    }

    /** {@code text_poke_bp_batch()}: three machine-wide sync rounds around the patch. */
    private void patchText(int cpu) {
        hp.platform.spend(cpu, "static_key_patch");
        for (int round = 0; round < 3; round++) {
            hp.smp.onEachCpu(SYNC_CORE, true, "text_poke_sync");
        }
    }
}
