package dev.cpuhp.hotplug;

import dev.cpuhp.smp.SmpFunction;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scheduler's hotplug states that change what the simulated machine does:
 * {@code sched:active} sets the CPU in the active mask and, when it completes an SMT core,
 * enables the {@code sched_smt_present} static key. Enabling a static key patches kernel text
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

    /** {@code sched_cpu_activate()}. */
    int activate(int cpu) {
        if (onlineSiblings(cpu) == 2 && smtPresent.getAndIncrement() == 0) {
            patchText(cpu);
        }
        hp.masks.setActive(cpu, true);
        return 0;
    }

    /** {@code sched_cpu_deactivate()}. */
    int deactivate(int cpu) {
        hp.masks.setActive(cpu, false);
        if (onlineSiblings(cpu) == 2 && smtPresent.decrementAndGet() == 0) {
            patchText(cpu);
        }
        return 0;
    }

    private int onlineSiblings(int cpu) {
        return hp.topology.threadSiblings(cpu).and(hp.masks.online()).weight();
    }

    /** {@code text_poke_bp_batch()}: three machine-wide sync rounds around the patch. */
    private void patchText(int cpu) {
        hp.platform.spend(cpu, "static_key_patch");
        for (int round = 0; round < 3; round++) {
            hp.smp.onEachCpu(SYNC_CORE, true, "text_poke_sync");
        }
    }
}
