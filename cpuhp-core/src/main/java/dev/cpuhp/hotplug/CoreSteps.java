package dev.cpuhp.hotplug;


import dev.cpuhp.errno.Errno;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.smp.SmpFunction;
import dev.cpuhp.trace.TraceEvent.SyncPoint;

/**
 * The states the hotplug core owns, on both sides of the control-CPU/AP boundary: kicking an
 * AP alive and synchronising with it, handing it to its hotplug thread, and taking it down
 * through stop-machine until it reports dead. The AP side is {@link ApEntry}, which the
 * architecture code calls on the AP's own thread.
 */
final class CoreSteps implements ApEntry {
    private final Cpuhp hp;
    private final Walker walker;
    private final ApThread ap;

    CoreSteps(Cpuhp hp, Walker walker, ApThread ap) {
        this.hp = hp;
        this.walker = walker;
        this.ap = ap;
    }

    private void sync(int cpu, String what) {
        hp.tracer.emit(ctx -> new SyncPoint(ctx, cpu, what));
    }

    // ------------------------------------------------------------------ control CPU, up

    /** {@code smpboot_create_threads()} ({@code threads:prepare}). */
    int createThreads(int cpu) {
        return hp.smpboot.createThreads(cpu);
    }

    /** {@code cpuhp_kick_ap_alive()} ({@code cpu:kick_ap}): sends the wake-up, does not wait. */
    int kickApAlive(int cpu) {
        if (!canBootAp(cpu)) {
            return Errno.EAGAIN.ret();
        }
        sync(cpu, "kick");
        return hp.platform.kickApAlive(cpu);
    }

    /**
     * {@code cpuhp_can_boot_ap()}: a CPU may be kicked if it is properly dead, never came up
     * after the last kick, or is stuck waiting to be released; anything else is limbo.
     */
    private boolean canBootAp(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        while (true) {
            int sync = st.apSyncState.get();
            SyncState s = SyncState.of(sync);
            if (s != SyncState.DEAD && s != SyncState.KICKED && s != SyncState.ALIVE) {
                return false;
            }
            if (st.apSyncState.compareAndSet(sync, SyncState.KICKED.ordinal())) {
                return true;
            }
        }
    }

    /**
     * {@code cpuhp_bringup_ap()} ({@code cpu:bringup}): waits for the AP to be alive, releases
     * it, waits until it reaches {@code AP_ONLINE_IDLE}, unparks its hotplug thread (here, on
     * the control CPU: the 2017 fix) and lets that thread bring it the rest of the way.
     */
    int bringupAp(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        int ret = bpSyncAlive(cpu);
        if (ret != 0) {
            return ret;
        }
        ret = bringupWaitForApOnline(cpu);
        if (ret != 0) {
            return ret;
        }
        if (st.target <= hp.layout.apOnlineIdle()) {
            return 0;
        }
        return ap.kickAp(cpu, st, st.target);
    }

    /** {@code cpuhp_bp_sync_alive()}: ALIVE -> SHOULD_ONLINE, or EIO after 10 s. */
    private int bpSyncAlive(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        long start = hp.scheduler.now();
        boolean alive = st.apSyncState.waitAndSwap(SyncState.ALIVE.ordinal(),
                SyncState.SHOULD_ONLINE.ordinal(), start + SyncState.TIMEOUT_NANOS);
        hp.waits.add(ControlWaits.Kind.ALIVE, cpu, hp.scheduler.self().pid(), start, hp.scheduler.now());
        if (!alive) {
            hp.log.printk("CPU" + cpu + " failed to report alive state");
            return Errno.EIO.ret();
        }
        sync(cpu, "release");
        return 0;
    }

    /** {@code bringup_wait_for_ap_online()}. */
    private int bringupWaitForApOnline(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        long start = hp.scheduler.now();
        st.doneUp.waitForCompletion();
        hp.waits.add(ControlWaits.Kind.ONLINE_IDLE, cpu, hp.scheduler.self().pid(), start, hp.scheduler.now());
        if (!hp.masks.isOnline(cpu)) {
            hp.log.warnOnce("bringup_wait_for_ap_online " + cpu, "CPU " + cpu + " reached online-idle but is not online");
            return Errno.ECANCELED.ret();
        }
        st.thread.unpark();
        // x86 boots every sibling once to set CR4.MCE; with SMT off it goes down again here.
        if (!hp.smt.bootable(cpu)) {
            return Errno.ECANCELED.ret();
        }
        return 0;
    }

    /** {@code finish_cpu()} ({@code cpu:bringup} teardown): the idle task's mm is dropped. */
    int finishCpu(int cpu) {
        return 0;
    }

    // ------------------------------------------------------------------ control CPU, down

    /**
     * {@code takedown_cpu()} ({@code cpu:teardown}): parks the hotplug thread, stops the
     * machine so the dying CPU runs its DYING section, waits for it to report idle-dead, then
     * for its death. A CPU that refuses ({@code __cpu_disable()} fails) keeps running: its
     * thread is unparked so the roll-forward can use it.
     */
    int takedownCpu(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        st.thread.park();
        // stop_machine queues its work on every online CPU's stopper and wakes each: the one
        // cost of a CPU's teardown that grows with the CPUs still online.
        hp.platform.spend(cpu, "stop_machine_queue", hp.masks.numOnline());
        int err = hp.stopMachine.stopMachine("take_cpu_down", CpuMask.of(hp.masks.nrCpuIds(), cpu),
                this::takeCpuDown);
        if (err != 0) {
            st.thread.unpark();
            return err;
        }
        if (hp.masks.isOnline(cpu)) {
            hp.log.printk("BUG: CPU " + cpu + " still online after take_cpu_down");
        }
        long start = hp.scheduler.now();
        st.doneDown.waitForCompletion();
        if (st.state != hp.layout.apIdleDead()) {
            hp.log.printk("BUG: CPU " + cpu + " reported dead at state " + st.state);
        }
        hp.platform.cpuDie(cpu);
        bpSyncDead(cpu);
        hp.log.printk("smpboot: CPU " + cpu + " is now offline"); // arch_cpuhp_cleanup_dead_cpu()
        hp.waits.add(ControlWaits.Kind.DEAD, cpu, hp.scheduler.self().pid(), start, hp.scheduler.now());
        return 0;
    }

    /** {@code take_cpu_down()}: on the dying CPU, in stop-machine, interrupts off. */
    private int takeCpuDown(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        int target = Math.max(st.target, hp.layout.apOffline());
        int err = hp.platform.cpuDisable(cpu);
        if (err < 0) {
            return err;
        }
        if (st.state != hp.layout.teardownCpu() - 1) {
            hp.log.warn("CPU " + cpu + ": take_cpu_down at state " + st.state + ", expected " + (hp.layout.teardownCpu() - 1));
        }
        walker.invokeRange(false, cpu, st, target, true);
        hp.smp.setStopperEnabled(cpu, false); // stop_machine_park()
        return 0;
    }

    /** {@code cpuhp_bp_sync_dead()}: SHOULD_DIE unless already DEAD, then wait for DEAD. */
    private void bpSyncDead(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        while (true) {
            int sync = st.apSyncState.get();
            if (sync == SyncState.DEAD.ordinal()
                    || st.apSyncState.compareAndSet(sync, SyncState.SHOULD_DIE.ordinal())) {
                break;
            }
        }
        if (!st.apSyncState.waitAndSwap(SyncState.DEAD.ordinal(), SyncState.DEAD.ordinal(),
                hp.scheduler.now() + SyncState.TIMEOUT_NANOS)) {
            hp.log.printk("CPU" + cpu + " failed to report dead state");
        }
    }

    // ------------------------------------------------------------------ the AP itself

    @Override
    public boolean apSyncAlive(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        st.apSyncState.exchange(SyncState.ALIVE.ordinal());
        sync(cpu, "alive");
        st.apSyncState.spinUntil(v -> v == SyncState.SHOULD_ONLINE.ordinal() || v == SyncState.KICKED.ordinal(),
                Scheduler.NO_DEADLINE, true);
        return st.apSyncState.get() == SyncState.SHOULD_ONLINE.ordinal();
    }

    @Override
    public void notifyCpuStarting(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        hp.masks.setBootedOnce(cpu);
        walker.invokeRange(true, cpu, st, Math.min(st.target, hp.layout.apOnline()), true);
    }

    @Override
    public void onlineIdle(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        st.apSyncState.set(SyncState.ONLINE.ordinal());
        hp.smp.setStopperEnabled(cpu, true); // stop_machine_unpark()
        st.state = hp.layout.apOnlineIdle();
        sync(cpu, "online_idle");
        st.doneUp.complete();
    }

    @Override
    public boolean cpuIsOffline(int cpu) {
        return !hp.masks.isOnline(cpu);
    }

    /**
     * Past {@code rcu_report_dead()} this CPU may not call {@code complete()}: it asks the
     * first online CPU to complete {@code done_down} for it, without waiting.
     */
    @Override
    public void reportIdleDead(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        if (st.state != hp.layout.apOffline()) {
            hp.log.printk("BUG: CPU " + cpu + " reports idle-dead at state " + st.state);
        }
        st.state = hp.layout.apIdleDead();
        sync(cpu, "idle_dead");
        hp.smp.callSingle(hp.masks.online().first(),
                new SmpFunction("cpuhp_complete_idle_dead", c -> st.doneDown.complete()),
                false, "cpuhp_report_idle_dead");
    }

    @Override
    public void apReportDead(int cpu) {
        hp.st(cpu).apSyncState.exchange(SyncState.DEAD.ordinal());
        sync(cpu, "dead");
    }
}
