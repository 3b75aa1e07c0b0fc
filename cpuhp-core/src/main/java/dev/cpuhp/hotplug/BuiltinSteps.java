package dev.cpuhp.hotplug;

import dev.cpuhp.state.Callback;
import dev.cpuhp.state.CpuCallback;
import dev.cpuhp.state.KernelTable;
import dev.cpuhp.state.Linux618;
import dev.cpuhp.state.Row;
import dev.cpuhp.state.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills the state table with a kernel's built-in rows ({@link KernelTable}). Every built-in
 * callback first spends its modelled cost on the CPU that runs it; the ones the core owns (known
 * by their symbols, the same in every version) then do their real work on the simulated
 * machine, the others are their cost. A multi-instance row gets as many instances as the
 * kernel had registered, each called in turn.
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
    void install(KernelTable kernel, boolean minimal) {
        for (Row row : kernel.rows()) {
            if (minimal && !Linux618.CORE.contains(row.name())) {
                continue;
            }
            Callback up = bind(row, row.startup(), true);
            Callback down = bind(row, row.teardown(), false);
            if (!row.multiInstance()) {
                hp.table.store(Step.of(row.state(), row.name(), up, down, row.cantStop(), false));
                continue;
            }
            List<Object> instances = new ArrayList<>();
            for (int i = 0; i < row.instances(); i++) {
                instances.add(new Instance(row.name(), i));
            }
            hp.table.store(new Step(row.state(), row.name(), up, down, row.cantStop(), true, instances));
        }
    }

    /** A built-in instance of a multi-instance state: the i-th the kernel calls. */
    private record Instance(String state, int index) {
        @Override
        public String toString() {
            return state + "#" + index;
        }
    }

    private Callback bind(Row row, String symbol, boolean bringup) {
        if (symbol == null) {
            return null;
        }
        CpuCallback work = work(symbol);
        if (!row.multiInstance()) {
            return Callback.single(symbol, cpu -> {
                hp.platform.spend(cpu, row.state(), row.name(), -1, bringup);
                return work.invoke(cpu);
            });
        }
        return Callback.multi(symbol, (int cpu, Object instance) -> {
            hp.platform.spend(cpu, row.state(), row.name(), ((Instance) instance).index(), bringup);
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
