package dev.cpuhp.hotplug;

import dev.cpuhp.state.Callback;
import dev.cpuhp.state.CpuCallback;
import dev.cpuhp.state.Linux618;
import dev.cpuhp.state.Step;

/**
 * Fills the state table with the built-in rows of {@link Linux618}. Every built-in callback
 * first spends its modelled cost on the CPU that runs it; the ones the core owns then do their
 * real work on the simulated machine, the others are their cost.
 */
final class BuiltinSteps {
    private final Cpuhp hp;
    private final CoreSteps core;
    private final SchedSteps sched;

    BuiltinSteps(Cpuhp hp, CoreSteps core, SchedSteps sched) {
        this.hp = hp;
        this.core = core;
        this.sched = sched;
    }

    /** @param minimal only the core's own states ({@link Linux618#CORE}) */
    void install(boolean minimal) {
        for (Linux618.Row row : Linux618.ROWS) {
            if (minimal && !Linux618.CORE.contains(row.state())) {
                continue;
            }
            hp.table.store(Step.of(row.state(), row.name(),
                    bind(row, row.startup(), true), bind(row, row.teardown(), false),
                    row.cantStop(), false));
        }
    }

    private Callback bind(Linux618.Row row, String symbol, boolean bringup) {
        if (symbol == null) {
            return null;
        }
        CpuCallback work = work(symbol);
        return Callback.single(symbol, cpu -> {
            hp.platform.spend(cpu, row.state(), row.name(), bringup);
            return work.invoke(cpu);
        });
    }

    /** The real work behind a symbol the core owns; nothing for the others. */
    private CpuCallback work(String symbol) {
        return switch (symbol) {
            case "smpboot_create_threads" -> core::createThreads;
            case "cpuhp_kick_ap_alive" -> core::kickApAlive;
            case "cpuhp_bringup_ap" -> core::bringupAp;
            case "finish_cpu" -> core::finishCpu;
            case "takedown_cpu" -> core::takedownCpu;
            case "smpboot_unpark_threads" -> hp.smpboot::unparkThreads;
            case "smpboot_park_threads" -> hp.smpboot::parkThreads;
            case "sched_cpu_activate" -> sched::activate;
            case "sched_cpu_deactivate" -> sched::deactivate;
            case "smpcfd_dying_cpu" -> cpu -> {
                hp.smp.flushCalls(cpu); // serve what was queued before the CPU went offline
                return 0;
            };
            default -> cpu -> 0;
        };
    }
}
