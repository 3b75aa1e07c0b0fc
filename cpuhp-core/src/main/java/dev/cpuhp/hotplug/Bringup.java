package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.BP_KICK_AP;
import static dev.cpuhp.state.CpuhpState.OFFLINE;
import static dev.cpuhp.state.CpuhpState.ONLINE;

import dev.cpuhp.machine.CpuMask;

/**
 * {@code bringup_nonboot_cpus()}: how the secondary CPUs come up at boot, serially or with the
 * 6.5 split (kick every AP, then finish them one by one).
 */
final class Bringup {
    private final Cpuhp hp;
    private final Transitions transitions;

    Bringup(Cpuhp hp, Transitions transitions) {
        this.hp = hp;
        this.transitions = transitions;
    }

    /**
     * {@code bringup_nonboot_cpus(max_cpus)} over {@code mask} (the present CPUs, unless the
     * caller restricts them).
     *
     * @param maxCpus {@code maxcpus=}: CPUs to try, the boot CPU included; 0 brings none up
     */
    void bringupNonbootCpus(CpuMask mask, int maxCpus, Strategy strategy) {
        if (maxCpus == 0) {
            return;
        }
        if (strategy == Strategy.PARALLEL && bringupParallel(mask, maxCpus)) {
            return;
        }
        bringupMask(mask, maxCpus, ONLINE);
    }

    /**
     * {@code cpuhp_bringup_mask()}: {@code cpu_up()} each CPU in turn; one that fails is torn
     * down to OFFLINE (a second-pass {@code cpu_up()} rolls back only to {@code cpu:kick_ap}).
     * Stops after {@code ncpus} CPUs, counting those already up.
     */
    void bringupMask(CpuMask mask, int ncpus, int target) {
        for (int cpu = mask.first(); cpu < mask.nbits(); cpu = mask.next(cpu + 1)) {
            if (transitions.cpuUp(cpu, target) != 0) {
                transitions.forceDown(cpu, OFFLINE);
            }
            if (--ncpus == 0) {
                break;
            }
        }
    }

    /**
     * {@code cpuhp_bringup_cpus_parallel()}. On SMT machines the primary threads go first: a
     * sibling must be quiet while its primary loads microcode.
     *
     * @return false if the platform vetoed parallel bringup (the caller falls back to serial)
     */
    private boolean bringupParallel(CpuMask mask, int ncpus) {
        if (!hp.platform.initParallelBringup()) {
            hp.log.printk("Parallel CPU startup disabled by the platform");
            return false;
        }
        if (hp.smt.aware()) {
            CpuMask primaries = mask.and(hp.topology.primaryThreads());
            bringupMask(primaries, ncpus, BP_KICK_AP);
            bringupMask(primaries, ncpus, ONLINE);
            ncpus -= hp.masks.numOnline();
            if (ncpus <= 0) {
                return true;
            }
            mask = mask.andNot(hp.topology.primaryThreads());
        }
        bringupMask(mask, ncpus, BP_KICK_AP);
        bringupMask(mask, ncpus, ONLINE);
        return true;
    }
}
