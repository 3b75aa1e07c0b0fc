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
 */
public record BootSpec(HardwareProfile profile, Strategy strategy, boolean virtualClock, double timeScale,
                       long seed, CpuMask cpus, int maxCpus, Consumer<Machine> onCreated, boolean nosmt) {

    public BootSpec {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(strategy, "strategy");
    }

    public static BootSpec of(HardwareProfile profile, Strategy strategy) {
        return new BootSpec(profile, strategy, true, 1.0, 1, null, Topology.NR_CPUS, null, false);
    }

    public BootSpec withStrategy(Strategy s) {
        return new BootSpec(profile, s, virtualClock, timeScale, seed, cpus, maxCpus, onCreated, nosmt);
    }

    public BootSpec withClock(boolean virtual, double scale) {
        return new BootSpec(profile, strategy, virtual, scale, seed, cpus, maxCpus, onCreated, nosmt);
    }

    public BootSpec withSeed(long s) {
        return new BootSpec(profile, strategy, virtualClock, timeScale, s, cpus, maxCpus, onCreated, nosmt);
    }

    public BootSpec withCpus(CpuMask mask, int max) {
        return new BootSpec(profile, strategy, virtualClock, timeScale, seed, mask, max, onCreated, nosmt);
    }

    public BootSpec withObserver(Consumer<Machine> hook) {
        return new BootSpec(profile, strategy, virtualClock, timeScale, seed, cpus, maxCpus, hook, nosmt);
    }

    public BootSpec withNosmt(boolean on) {
        return new BootSpec(profile, strategy, virtualClock, timeScale, seed, cpus, maxCpus, onCreated, on);
    }

    public String clockName() {
        return virtualClock ? "virtual" : timeScale == 1.0 ? "real" : "real x" + timeScale;
    }
}
