package dev.cpuhp.machine;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The machine's global masks: possible, present, online, active, dying and booted-once.
 *
 * <p>Each is an immutable {@link CpuMask} behind an atomic reference: readers get a consistent
 * snapshot with one load; writers ({@code set_cpu_online()} and friends) update by CAS, so the
 * reboot-style updates the kernel does without the hotplug lock stay safe here too.
 */
public final class CpuMasks {
    private final int nrCpuIds;
    private final AtomicReference<CpuMask> possible;
    private final AtomicReference<CpuMask> present;
    private final AtomicReference<CpuMask> online;
    private final AtomicReference<CpuMask> active;
    private final AtomicReference<CpuMask> dying;
    private final AtomicReference<CpuMask> bootedOnce;

    public CpuMasks(int nrCpuIds, CpuMask possible, CpuMask present) {
        this.nrCpuIds = nrCpuIds;
        this.possible = new AtomicReference<>(possible);
        this.present = new AtomicReference<>(present);
        CpuMask none = CpuMask.empty(nrCpuIds);
        this.online = new AtomicReference<>(none);
        this.active = new AtomicReference<>(none);
        this.dying = new AtomicReference<>(none);
        this.bootedOnce = new AtomicReference<>(none);
    }

    /** {@code nr_cpu_ids}: one more than the highest possible CPU. */
    public int nrCpuIds() {
        return nrCpuIds;
    }

    public CpuMask possible() {
        return possible.get();
    }

    public CpuMask present() {
        return present.get();
    }

    public CpuMask online() {
        return online.get();
    }

    public CpuMask active() {
        return active.get();
    }

    public CpuMask dying() {
        return dying.get();
    }

    public CpuMask bootedOnce() {
        return bootedOnce.get();
    }

    public boolean isPossible(int cpu) {
        return possible.get().contains(cpu);
    }

    public boolean isPresent(int cpu) {
        return present.get().contains(cpu);
    }

    public boolean isOnline(int cpu) {
        return online.get().contains(cpu);
    }

    public boolean isActive(int cpu) {
        return active.get().contains(cpu);
    }

    public boolean isDying(int cpu) {
        return dying.get().contains(cpu);
    }

    public int numOnline() {
        return online.get().weight();
    }

    public void setPresent(int cpu, boolean on) {
        present.updateAndGet(m -> m.with(cpu, on));
    }

    public void setOnline(int cpu, boolean on) {
        online.updateAndGet(m -> m.with(cpu, on));
    }

    public void setActive(int cpu, boolean on) {
        active.updateAndGet(m -> m.with(cpu, on));
    }

    public void setDying(int cpu, boolean on) {
        dying.updateAndGet(m -> m.with(cpu, on));
    }

    public void setBootedOnce(int cpu) {
        bootedOnce.updateAndGet(m -> m.with(cpu));
    }
}
