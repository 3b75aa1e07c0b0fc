package dev.cpuhp.platform;

import dev.cpuhp.hotplug.ApEntry;
import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.smp.SmpFunction;
import dev.cpuhp.sync.SyncVar;

/**
 * One simulated CPU: the body of its own thread ({@code swapper/N}), which runs what the real
 * CPU runs. Powered off it waits for a wake-up; kicked, it does its firmware start and
 * microcode load on its own (so APs kicked together start in parallel), syncs with the control
 * CPU, runs its STARTING section with interrupts off, and settles in the idle loop, which
 * serves cross-CPU calls and stopper work until the CPU is taken offline; then it reports
 * dead and waits for the next wake-up.
 */
final class SimulatedCpu {
    private final SimulatedPlatform platform;
    private final int cpu;
    /** Counts wake-ups (INIT/SIPI). A change while booting restarts the CPU. */
    private final SyncVar sipi;
    private int seenSipi;

    SimulatedCpu(SimulatedPlatform platform, int cpu) {
        this.platform = platform;
        this.cpu = cpu;
        this.sipi = new SyncVar(platform.scheduler, "wait-for-SIPI/" + cpu, 0);
    }

    /** INIT/SIPI: wakes the CPU, or restarts it if it is somewhere in its startup. */
    void kick() {
        sipi.set(sipi.get() + 1);
    }

    /** The thread body; {@code running} for the boot CPU, which is already up. */
    void run(boolean running) {
        ApEntry ap = platform.ap;
        if (running) {
            idle(ap, false);
        }
        while (true) {
            int seen = seenSipi;
            sipi.spinUntil(v -> v != seen, Scheduler.NO_DEADLINE, true);
            seenSipi = sipi.get();
            if (startSecondary(ap)) {
                idle(ap, true);
            }
        }
    }

    /**
     * {@code start_secondary()}: firmware, microcode, sync, STARTING, online.
     *
     * @return false if the CPU did not come up (stuck in firmware, or kicked again)
     */
    private boolean startSecondary(ApEntry ap) {
        Scheduler s = platform.scheduler;
        try (var irqsOff = s.atomic("start_secondary on CPU " + cpu)) {
            if (platform.faults.isNeverAlive(cpu)) {
                return false;
            }
            // The thread's own start: INIT/SIPI, trampoline, early startup code.
            s.busy(platform.draw(cpu, "ap.alive_us"));
            // The first thread of a powered-down core wakes the core; a sibling finds it running.
            if (platform.silicon.threadStarts(cpu)) {
                s.busy(platform.draw(cpu, "ap.core_start_us"));
            }
            // load_ucode_ap(): the update is per core, so only the first thread of a core with
            // an old revision applies it; the others only compare revisions.
            boolean update = platform.silicon.takeMicrocodeUpdate(cpu);
            s.busy(platform.draw(cpu, update ? "ap.microcode_us" : "ap.microcode_sibling_us"));
            // A second INIT/SIPI (cpuhp_can_boot_ap() allows one while KICKED) resets the CPU:
            // start over. Once it reports alive, a kick shows as KICKED in the sync state.
            if (kickedAgain() || !ap.apSyncAlive(cpu)) {
                platform.silicon.threadStops(cpu);
                return false;
            }
            s.busy(platform.draw(cpu, "ap.starting_us"));
            ap.notifyCpuStarting(cpu);
            checkTscSync();
            platform.masks.setOnline(cpu, true);
        }
        return true;
    }

    private boolean kickedAgain() {
        return sipi.get() != seenSipi;
    }

    /**
     * {@code check_tsc_sync_target()} (6.5+: function-call based): the control CPU runs the
     * source half in interrupt context while this CPU runs the target half.
     */
    private void checkTscSync() {
        if (!platform.needsTscSync(cpu)) {
            return;
        }
        long nanos = platform.draw(cpu, "ap.tsc_sync_us");
        int source = platform.tscSyncSource();
        platform.smp.callSingle(source, new SmpFunction("check_tsc_sync_source",
                c -> platform.scheduler.busy(nanos)), false, "check_tsc_sync_target");
        platform.scheduler.busy(nanos);
    }

    /**
     * {@code cpu_startup_entry()} / {@code do_idle()}; returns after the CPU died.
     *
     * @param fromBringup the CPU arrives from {@code start_secondary()} and reports
     *                    {@code CPUHP_AP_ONLINE_IDLE}; the boot CPU does not
     */
    private void idle(ApEntry ap, boolean fromBringup) {
        Scheduler s = platform.scheduler;
        try (var idleTask = s.atomic("idle task of CPU " + cpu)) {
            if (fromBringup) {
                ap.onlineIdle(cpu);
            }
            while (true) {
                if (ap.cpuIsOffline(cpu)) {
                    ap.reportIdleDead(cpu);
                    // A kick that landed in the last moments of this CPU's startup was
                    // absorbed by it; none may outlive it and wake a CPU nobody kicked after
                    // its death (the control CPU kicks only once it reads DEAD, below).
                    seenSipi = sipi.get();
                    platform.silicon.threadStops(cpu);
                    ap.apReportDead(cpu); // play_dead()
                    return;
                }
                if (platform.smp.halt(cpu)) {
                    s.busy(platform.draw(cpu, "ipi.wakeup_us"));
                }
                platform.smp.handleInterrupts(cpu);
            }
        }
    }
}
