package dev.cpuhp.hotplug;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sync.Mutex;
import dev.cpuhp.sync.PercpuRwSemaphore;

/**
 * The locks that serialise hotplug ({@code kernel/cpu.c}):
 * <ul>
 *   <li>{@code cpu_add_remove_lock} ({@link #mapsBegin()}/{@link #mapsDone()}): the outer lock
 *       of a whole up/down operation; it guards {@code cpu_hotplug_disabled}.</li>
 *   <li>{@code cpu_hotplug_lock}: a per-CPU rw-semaphore. Readers ({@link #readLock()}) keep
 *       the set of online CPUs stable and are cheap; the writer is one CPU's transition.</li>
 * </ul>
 * Lock order: add_remove lock, then the hotplug lock, then {@code cpuhp_state_mutex}.
 */
public final class HotplugLock {
    private final Mutex addRemove;
    private final PercpuRwSemaphore hotplug;
    private final Mutex stateMutex;
    /** Guarded by {@link #addRemove}. */
    private int disabled;
    private volatile boolean offlineDisabled;

    HotplugLock(Scheduler scheduler) {
        this.addRemove = new Mutex(scheduler, "cpu_add_remove_lock");
        this.hotplug = new PercpuRwSemaphore(scheduler, "cpu_hotplug_lock");
        this.stateMutex = new Mutex(scheduler, "cpuhp_state_mutex");
    }

    /** {@code cpus_read_lock()}. */
    public void readLock() {
        hotplug.readLock();
    }

    /** {@code cpus_read_trylock()}. */
    public boolean tryReadLock() {
        return hotplug.tryReadLock();
    }

    /** {@code cpus_read_unlock()}. */
    public void readUnlock() {
        hotplug.readUnlock();
    }

    void writeLock() {
        hotplug.writeLock();
    }

    void writeUnlock() {
        hotplug.writeUnlock();
    }

    /** {@code lockdep_is_cpus_held()}: the caller holds either side. */
    public boolean isHeld() {
        return hotplug.isReadHeldByCurrentThread() || hotplug.isWriteHeldByCurrentTask();
    }

    /** {@code cpu_maps_update_begin()}. */
    void mapsBegin() {
        addRemove.lock();
    }

    /** {@code cpu_maps_update_done()}. */
    void mapsDone() {
        addRemove.unlock();
    }

    Mutex stateMutex() {
        return stateMutex;
    }

    /** Caller holds the add/remove lock. */
    int disabledCount() {
        return disabled;
    }

    /** {@code cpu_hotplug_disable()}: waits for an operation in flight, then counts up. */
    void disable() {
        mapsBegin();
        try {
            disabled++;
        } finally {
            mapsDone();
        }
    }

    /** {@code cpu_hotplug_disabled++} by a caller that holds the add/remove lock (kexec shutdown). */
    void disableLocked() {
        disabled++;
    }

    /** {@code cpu_hotplug_enable()}; false if unbalanced (the kernel WARNs and ignores it). */
    boolean enable() {
        mapsBegin();
        try {
            if (disabled == 0) {
                return false;
            }
            disabled--;
            return true;
        } finally {
            mapsDone();
        }
    }

    boolean offlineDisabled() {
        return offlineDisabled;
    }

    /** {@code cpu_hotplug_disable_offlining()}: from now on offlining fails with EOPNOTSUPP. */
    void disableOfflining() {
        mapsBegin();
        try {
            offlineDisabled = true;
        } finally {
            mapsDone();
        }
    }
}
