package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.OFFLINE;

import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sync.Completion;
import java.util.ArrayList;
import java.util.List;

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
        if (strategy == Strategy.PIPELINED && bringupPipelined(mask, maxCpus)) {
            return;
        }
        bringupMask(mask, maxCpus, hp.layout.online());
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
            bringupMask(primaries, ncpus, hp.layout.bpKickAp());
            bringupMask(primaries, ncpus, hp.layout.online());
            ncpus -= hp.masks.numOnline();
            if (ncpus <= 0) {
                return true;
            }
            mask = mask.andNot(hp.topology.primaryThreads());
        }
        bringupMask(mask, ncpus, hp.layout.bpKickAp());
        bringupMask(mask, ncpus, hp.layout.online());
        return true;
    }

    /**
     * The pipelined strategy ({@link Strategy#PIPELINED}): the control CPU holds the hotplug
     * locks once for the whole bringup and only prepares and kicks; right after each kick a
     * finisher task takes that AP the rest of the way, releasing it as soon as it is alive,
     * concurrently with the kicks that follow and with the other finishers. Siblings are
     * kicked once their primary has loaded microcode.
     *
     * @return false if the platform vetoed parallel bringup
     */
    private boolean bringupPipelined(CpuMask mask, int ncpus) {
        if (!hp.platform.initParallelBringup()) {
            hp.log.printk("Parallel CPU startup disabled by the platform");
            return false;
        }
        CpuMask chosen = firstN(mask, ncpus);
        CpuMask primaries = hp.smt.aware() ? chosen.and(hp.topology.primaryThreads()) : chosen;
        CpuMask secondaries = chosen.andNot(primaries);
        int home = hp.scheduler.self().cpu();
        List<Completion> finished = new ArrayList<>();
        hp.platform.keepTscSyncOff(home);
        hp.lock.mapsBegin();
        hp.lock.writeLock();
        try {
            if (hp.lock.disabledCount() > 0) {
                return true; // cpu_up() would refuse every CPU with EBUSY
            }
            for (int cpu = primaries.first(); cpu < primaries.nbits(); cpu = primaries.next(cpu + 1)) {
                kickAndFinish(cpu, home, finished);
            }
            for (int cpu = secondaries.first(); cpu < secondaries.nbits(); cpu = secondaries.next(cpu + 1)) {
                waitForMicrocode(hp.topology.primaryOf(cpu));
                kickAndFinish(cpu, home, finished);
            }
            for (Completion done : finished) {
                done.waitForCompletion();
            }
        } finally {
            hp.lock.writeUnlock();
            hp.lock.mapsDone();
            hp.platform.keepTscSyncOff(-1);
        }
        return true;
    }

    /**
     * Prepares and kicks {@code cpu} on the control CPU, then hands the rest of its bringup to
     * a finisher task. Runs under the control CPU's hold of the hotplug locks.
     */
    private void kickAndFinish(int cpu, int home, List<Completion> finished) {
        if (hp.st(cpu).state >= hp.layout.online() || !hp.smt.bootable(cpu)) {
            return;
        }
        if (transitions.upWalk(cpu, hp.layout.bpKickAp()) != 0) {
            transitions.forceDownWalk(cpu, OFFLINE);
            return;
        }
        Completion done = new Completion(hp.scheduler, "bringup/" + cpu + " done");
        finished.add(done);
        Scheduler s = hp.scheduler;
        s.spawn("bringup/" + cpu, s.allocatePid(), home, () -> {
            if (transitions.upWalk(cpu, hp.layout.online()) != 0) {
                transitions.forceDownWalk(cpu, OFFLINE);
            }
            done.complete();
        });
    }

    /** The first {@code n} CPUs of {@code mask}, counting the ones already up, as bringupMask does. */
    private static CpuMask firstN(CpuMask mask, int n) {
        int[] cpus = new int[Math.max(0, Math.min(n, mask.nbits()))];
        int k = 0;
        for (int cpu = mask.first(); cpu < mask.nbits() && k < cpus.length; cpu = mask.next(cpu + 1)) {
            cpus[k++] = cpu;
        }
        return CpuMask.of(mask.nbits(), java.util.Arrays.copyOf(cpus, k)); // one mask, not one per CPU
    }

    /** Waits until a kicked primary has reported alive: its microcode update is done. */
    private void waitForMicrocode(int primary) {
        CpuhpCpuState st = hp.st(primary);
        if (st.state < hp.layout.bpKickAp()) {
            return; // its kick failed
        }
        long start = hp.scheduler.now();
        st.apSyncState.spinUntil(v -> v >= SyncState.ALIVE.ordinal(), start + SyncState.TIMEOUT_NANOS, false);
        hp.waits.add(ControlWaits.Kind.ALIVE, primary, hp.scheduler.self().pid(), start, hp.scheduler.now());
    }
}
