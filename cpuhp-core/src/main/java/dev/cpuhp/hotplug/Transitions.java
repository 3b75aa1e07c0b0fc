package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.BRINGUP_CPU;
import static dev.cpuhp.state.CpuhpState.OFFLINE;
import static dev.cpuhp.state.CpuhpState.TEARDOWN_CPU;

import dev.cpuhp.errno.Errno;
import dev.cpuhp.sched.Task;

/**
 * {@code cpu_up()} and {@code cpu_down()}: one CPU to any target, under the add/remove lock
 * and the write side of the hotplug lock. The control CPU runs the PREPARE, KICK, BRINGUP and
 * TEARDOWN steps itself; the ONLINE section goes to the CPU's hotplug thread and the atomic
 * section runs on the CPU.
 */
final class Transitions {
    private final Cpuhp hp;
    private final Walker walker;
    private final ApThread ap;
    private final int[] kworkerPids;

    Transitions(Cpuhp hp, Walker walker, ApThread ap) {
        this.hp = hp;
        this.kworkerPids = new int[hp.masks.nrCpuIds()];
        this.walker = walker;
        this.ap = ap;
    }

    /** {@code cpu_up()}. */
    int cpuUp(int cpu, int target) {
        if (!hp.masks.isPossible(cpu)) {
            hp.log.printk("can't online cpu " + cpu + " because it is not configured as may-hotadd at boot time");
            return Errno.EINVAL.ret();
        }
        hp.lock.mapsBegin();
        try {
            if (hp.lock.disabledCount() > 0) {
                return Errno.EBUSY.ret();
            }
            if (!hp.smt.bootable(cpu)) {
                return Errno.EPERM.ret();
            }
            return cpuUpLocked(cpu, target);
        } finally {
            hp.lock.mapsDone();
        }
    }

    /**
     * Runs {@code body} with the calling task on an online CPU: a task never runs on a CPU that
     * is offline (Linux migrated it away when that CPU went down). The torture run found a
     * control task still placed on an offline CPU 0 kicking CPU 0 itself, and timing out with EIO.
     *
     * @return {@code body}'s answer, or EBUSY when no CPU is online
     */
    private int onAnOnlineCpu(java.util.function.IntSupplier body) {
        Task self = hp.scheduler.self();
        int home = self.cpu();
        if (hp.masks.isOnline(home)) {
            return body.getAsInt();
        }
        int other = hp.masks.online().first();
        if (other >= hp.masks.nrCpuIds()) {
            return Errno.EBUSY.ret();
        }
        self.setCpu(other);
        try {
            return body.getAsInt();
        } finally {
            self.setCpu(home);
        }
    }

    /**
     * {@code _cpu_up()}: the caller holds the add/remove lock. The calling task runs on an online
     * CPU ({@link #onAnOnlineCpu}), whether it came through {@code cpu_up()} or SMT control's
     * {@code cpuhp_smt_enable()}.
     */
    int cpuUpLocked(int cpu, int target) {
        return onAnOnlineCpu(() -> {
            hp.lock.writeLock();
            try {
                return upWalk(cpu, target);
            } finally {
                hp.lock.writeUnlock();
            }
        });
    }

    /**
     * The walk of {@code _cpu_up()} without taking the locks: the caller holds both on this
     * CPU's behalf (pipelined bringup finishes several CPUs under one hold).
     */
    int upWalk(int cpu, int target) {
        CpuhpCpuState st = hp.st(cpu);
        if (!hp.masks.isPresent(cpu)) {
            return Errno.EINVAL.ret();
        }
        if (st.state >= target) {
            return 0; // someone else got there first
        }
        walker.setState(cpu, st, target);
        if (st.state > hp.layout.bringupCpu()) {
            // Parked part-way up: the AP thread continues from where it stands.
            int ret = ap.kickApWork(cpu);
            if (ret != 0) {
                return ret; // the AP side has rolled back already
            }
        }
        return walker.upCallbacks(cpu, st, Math.min(target, hp.layout.bringupCpu()));
    }

    /** {@code cpu_down()}. */
    int cpuDown(int cpu, int target) {
        hp.lock.mapsBegin();
        try {
            return cpuDownMapsLocked(cpu, target);
        } finally {
            hp.lock.mapsDone();
        }
    }

    /**
     * {@code cpu_down_maps_locked()}: since 6.7 {@code _cpu_down()} runs in a kworker of the
     * first online housekeeping CPU other than the one going down ({@code work_on_cpu()}), so the
     * control side of every offline is that CPU's {@code kworker/N:0}, whoever wrote the file;
     * with no other online CPU it is EBUSY. The writer waits for the work meanwhile.
     */
    int cpuDownMapsLocked(int cpu, int target) {
        if (hp.lock.offlineDisabled()) {
            return Errno.EOPNOTSUPP.ret();
        }
        if (hp.lock.disabledCount() > 0) {
            return Errno.EBUSY.ret();
        }
        int other = hp.masks.online().without(cpu).first();
        if (other >= hp.masks.nrCpuIds()) {
            return Errno.EBUSY.ret();
        }
        Task self = hp.scheduler.self();
        int home = self.cpu();
        int[] ret = new int[1];
        self.setCpu(other);
        try {
            self.runAs("kworker/" + other + ":0", kworkerPid(other), () -> ret[0] = cpuDownLocked(cpu, target));
        } finally {
            self.setCpu(home);
        }
        return ret[0];
    }

    /** The pid of CPU {@code cpu}'s first kworker, allocated when it first runs. */
    private synchronized int kworkerPid(int cpu) {
        if (kworkerPids[cpu] == 0) {
            kworkerPids[cpu] = hp.scheduler.allocatePid();
        }
        return kworkerPids[cpu];
    }

    /** {@code _cpu_down()}: the caller holds the add/remove lock. */
    int cpuDownLocked(int cpu, int target) {
        CpuhpCpuState st = hp.st(cpu);
        if (hp.masks.numOnline() == 1) {
            return Errno.EBUSY.ret();
        }
        if (!hp.masks.isPresent(cpu)) {
            return Errno.EINVAL.ret();
        }
        hp.lock.writeLock();
        try {
            int prev = walker.setState(cpu, st, target);
            if (st.state > hp.layout.teardownCpu()) {
                // The ONLINE section comes down on the CPU's own hotplug thread.
                st.target = Math.max(target, hp.layout.teardownCpu());
                int ret = ap.kickApWork(cpu);
                if (ret != 0) {
                    return ret; // the AP side has rolled back already
                }
                if (st.state > hp.layout.teardownCpu()) {
                    return 0; // stopped in the AP's range
                }
                st.target = target;
            }
            int ret = walker.downCallbacks(cpu, st, target);
            if (ret != 0 && st.state < prev) {
                if (st.state == hp.layout.teardownCpu()) {
                    // The CPU refused to die: roll forward again on its hotplug thread.
                    walker.resetState(cpu, st, prev);
                    ap.kick(st);
                } else {
                    hp.log.warn("DEAD callback error for CPU" + cpu);
                }
            }
            return ret;
        } finally {
            hp.lock.writeUnlock();
        }
    }

    /**
     * The AP half of {@code _cpu_down(cpu, OFFLINE)} without taking the locks (the caller holds
     * them on this CPU's behalf): the ONLINE teardowns on the CPU's hotplug thread, down to
     * {@code cpu:teardown}. A failure has been rolled back on the AP already.
     */
    int downWalkOnline(int cpu) {
        CpuhpCpuState st = hp.st(cpu);
        walker.setState(cpu, st, OFFLINE);
        if (st.state <= TEARDOWN_CPU) {
            return 0;
        }
        st.target = TEARDOWN_CPU;
        int ret = ap.kickApWork(cpu);
        st.target = OFFLINE;
        return ret;
    }

    /** The control CPU's half after {@link #downWalkOnline}: takedown and the dead callbacks. */
    int downWalkControl(int cpu) {
        return walker.downCallbacks(cpu, hp.st(cpu), OFFLINE);
    }

    /** Undoes a partial bringup all the way to {@code target} (boot: after a failed cpu_up). */
    void forceDown(int cpu, int target) {
        hp.lock.writeLock();
        try {
            forceDownWalk(cpu, target);
        } finally {
            hp.lock.writeUnlock();
        }
    }

    /** {@link #forceDown} for a caller that holds the write lock on this CPU's behalf. */
    void forceDownWalk(int cpu, int target) {
        if (walker.invokeRange(false, cpu, hp.st(cpu), target, false) != 0) {
            hp.log.warn("CPU " + cpu + ": cleanup to state " + target + " failed");
        }
    }
}
