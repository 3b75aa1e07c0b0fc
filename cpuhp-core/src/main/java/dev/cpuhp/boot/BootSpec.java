package dev.cpuhp.boot;

import dev.cpuhp.Machine;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.platform.HardwareProfile;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One bringup to run: which machine, which strategy, which clock, which CPUs.
 *
 * @param timeScale real clock only: 1 is real time, k runs k times slower
 * @param cpus      the CPUs to bring up, or null for all present ones
 * @param maxCpus   {@code maxcpus=}: at most this many, the boot CPU included
 * @param onCreated called with the machine before its CPUs come up (progress display)
 * @param nosmt     the {@code nosmt} kernel parameter: secondary threads are booted once and
 *                  sent back down, only the primary threads stay online
 * @param before    CPUs brought up before the measured bringup (not measured), or null
 * @param kexec     the machine starts from a kexec: cores keep their microcode revision
 */
public record BootSpec(HardwareProfile profile, Strategy strategy, boolean virtualClock, double timeScale,
                       long seed, CpuMask cpus, int maxCpus, Consumer<Machine> onCreated, boolean nosmt,
                       CpuMask before, boolean kexec) {

    public BootSpec {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(strategy, "strategy");
    }

    public static BootSpec of(HardwareProfile profile, Strategy strategy) {
        return new BootSpec(profile, strategy, true, 1.0, 1, null, Topology.NR_CPUS, null, false, null, false);
    }

    public BootSpec withStrategy(Strategy s) {
        return new BootSpec(profile, s, virtualClock, timeScale, seed, cpus, maxCpus, onCreated, nosmt, before, kexec);
    }

    public BootSpec withClock(boolean virtual, double scale) {
        return new BootSpec(profile, strategy, virtual, scale, seed, cpus, maxCpus, onCreated, nosmt, before, kexec);
    }

    public BootSpec withSeed(long s) {
        return new BootSpec(profile, strategy, virtualClock, timeScale, s, cpus, maxCpus, onCreated, nosmt, before, kexec);
    }

    public BootSpec withCpus(CpuMask mask, int max) {
        return new BootSpec(profile, strategy, virtualClock, timeScale, seed, mask, max, onCreated, nosmt, before, kexec);
    }

    public BootSpec withObserver(Consumer<Machine> hook) {
        return new BootSpec(profile, strategy, virtualClock, timeScale, seed, cpus, maxCpus, hook, nosmt, before, kexec);
    }

    public BootSpec withNosmt(boolean on) {
        return new BootSpec(profile, strategy, virtualClock, timeScale, seed, cpus, maxCpus, onCreated, on, before, kexec);
    }

    /** The same bringup, with {@code mask} brought up first and not measured. */
    public BootSpec withBefore(CpuMask mask) {
        return new BootSpec(profile, strategy, virtualClock, timeScale, seed, cpus, maxCpus, onCreated, nosmt, mask, kexec);
    }

    /** The same bringup after a kexec instead of a power-on. */
    public BootSpec withKexec(boolean on) {
        return new BootSpec(profile, strategy, virtualClock, timeScale, seed, cpus, maxCpus, onCreated, nosmt, before, on);
    }

    /** The same bringup on another machine (a what-if variant of the profile). */
    public BootSpec withProfile(HardwareProfile p) {
        return new BootSpec(p, strategy, virtualClock, timeScale, seed, cpus, maxCpus, onCreated, nosmt, before, kexec);
    }

    public String clockName() {
        return virtualClock ? "virtual" : timeScale == 1.0 ? "real" : "real x" + timeScale;
    }
}
