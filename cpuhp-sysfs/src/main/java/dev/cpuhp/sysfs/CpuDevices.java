package dev.cpuhp.sysfs;

import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sync.Mutex;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The device core's view of the CPUs ({@code drivers/base/core.c}, {@code drivers/base/cpu.c}):
 * each CPU device's {@code offline} flag, which {@code cpuN/online} reads and only
 * {@code online} writes and SMT control change (a {@code hotplug/target} write leaves it
 * stale, as in Linux), and {@code device_hotplug_lock}, which every store takes.
 */
public final class CpuDevices {
    /** {@code cpu_subsys_online()} retries EBUSY five times, 20 to 320 ms apart. */
    private static final int EBUSY_RETRIES = 5;

    private final Machine machine;
    private final AtomicIntegerArray offline;
    private final Mutex deviceHotplugLock;

    public CpuDevices(Machine machine) {
        this.machine = machine;
        int n = machine.nrCpuIds();
        this.offline = new AtomicIntegerArray(n);
        for (int cpu = 0; cpu < n; cpu++) {
            offline.set(cpu, machine.masks().isOnline(cpu) ? 0 : 1);
        }
        this.deviceHotplugLock = new Mutex(machine.scheduler(), "device_hotplug_lock");
    }

    /**
     * Whether the CPU's device supports going offline, i.e. has an {@code online} file. On x86
     * since 6.5 the boot CPU does not.
     */
    public boolean hotpluggable(int cpu) {
        return cpu != Machine.BOOT_CPU;
    }

    public boolean isOffline(int cpu) {
        return offline.get(cpu) != 0;
    }

    public void setOffline(int cpu, boolean off) {
        offline.set(cpu, off ? 1 : 0);
    }

    /** {@code lock_device_hotplug_sysfs()} .. {@code unlock_device_hotplug()} around {@code body}. */
    public int locked(java.util.function.IntSupplier body) {
        deviceHotplugLock.lock();
        try {
            return body.getAsInt();
        } finally {
            deviceHotplugLock.unlock();
        }
    }

    /**
     * {@code device_online()} then {@code cpu_subsys_online()}: 1 if already online, else the
     * result of bringing the CPU up, retrying a transient EBUSY.
     */
    public int online(int cpu) {
        if (!isOffline(cpu)) {
            return 1;
        }
        int ret;
        int retries = 0;
        while (true) {
            ret = machine.hotplug().cpuUp(cpu);
            if (ret != Errno.EBUSY.ret() || ++retries > EBUSY_RETRIES) {
                break;
            }
            Scheduler s = machine.scheduler();
            s.sleep(10_000_000L << retries);
        }
        if (ret == 0) {
            setOffline(cpu, false);
        }
        return ret;
    }

    /** {@code device_offline()} then {@code cpu_subsys_offline()}. */
    public int offline(int cpu) {
        if (!hotpluggable(cpu)) {
            return Errno.EPERM.ret();
        }
        if (isOffline(cpu)) {
            return 1;
        }
        int ret = machine.hotplug().cpuDown(cpu);
        if (ret == 0) {
            setOffline(cpu, true);
        }
        return ret;
    }
}
