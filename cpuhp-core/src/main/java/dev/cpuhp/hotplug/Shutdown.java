package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.TEARDOWN_CPU;

import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.smp.SmpFunction;
import dev.cpuhp.sync.Completion;
import java.util.ArrayList;
import java.util.List;

/** Taking the secondary CPUs down for a kexec reboot, as each {@link Teardown} does. */
record Shutdown(Cpuhp hp, Transitions transitions) {

    /**
     * Takes every online CPU but the caller's down; hotplug stays disabled afterwards, as the
     * machine is about to jump to a new kernel.
     */
    void shutdownNonbootCpus(Teardown how) {
        int home = hp.scheduler.self().cpu();
        CpuMask others = hp.masks.online().without(home);
        switch (how) {
            case SERIAL -> serial(others);
            case IPI_STOP -> stopOtherCpus(others);
            case PARALLEL -> parallel(others, home);
        }
    }

    /** {@code smp_shutdown_nonboot_cpus()}: {@code _cpu_down()} of each, under the maps lock. */
    private void serial(CpuMask others) {
        hp.lock.mapsBegin();
        try {
            for (int cpu = others.first(); cpu < others.nbits(); cpu = others.next(cpu + 1)) {
                int err = transitions.cpuDownLocked(cpu, 0);
                if (err != 0) {
                    hp.log.printk("CPU" + cpu + " down failed (" + err + ")");
                }
            }
            hp.lock.disableLocked();
        } finally {
            hp.lock.mapsDone();
        }
    }

    /**
     * x86 {@code stop_other_cpus()}: the stop IPI to every other CPU; each runs
     * {@code stop_this_cpu()} (its cost: {@code kexec.stop_cpu_us}) and halts; the control
     * CPU waits until all have stopped. No callback runs: the CPUs just stop.
     */
    private void stopOtherCpus(CpuMask others) {
        List<Completion> stopped = new ArrayList<>();
        for (int cpu = others.first(); cpu < others.nbits(); cpu = others.next(cpu + 1)) {
            Completion done = new Completion(hp.scheduler, "stop_this_cpu/" + cpu);
            stopped.add(done);
            hp.smp.callSingle(cpu, new SmpFunction("stop_this_cpu", c -> {
                hp.platform.spend(c, "kexec_stop_cpu");
                done.complete();
            }), false, "smp_stop_nmi_callback");
        }
        for (Completion done : stopped) {
            done.waitForCompletion();
        }
    }

    /** The parallel teardown ({@link Teardown#PARALLEL}). */
    private void parallel(CpuMask others, int home) {
        hp.lock.mapsBegin();
        hp.lock.writeLock();
        try {
            List<Completion> finished = new ArrayList<>();
            Scheduler s = hp.scheduler;
            for (int cpu = others.first(); cpu < others.nbits(); cpu = others.next(cpu + 1)) {
                int c = cpu;
                Completion done = new Completion(s, "teardown/" + cpu + " done");
                finished.add(done);
                s.spawn("teardown/" + cpu, s.allocatePid(), home, () -> {
                    int err = transitions.downWalkOnline(c);
                    if (err != 0) {
                        hp.log.printk("CPU" + c + " down failed (" + err + ")");
                    }
                    done.complete();
                });
            }
            for (Completion done : finished) {
                done.waitForCompletion();
            }
            for (int cpu = others.first(); cpu < others.nbits(); cpu = others.next(cpu + 1)) {
                if (hp.st(cpu).state == TEARDOWN_CPU) {
                    transitions.downWalkControl(cpu);
                }
            }
            hp.lock.disableLocked();
        } finally {
            hp.lock.writeUnlock();
            hp.lock.mapsDone();
        }
    }
}
