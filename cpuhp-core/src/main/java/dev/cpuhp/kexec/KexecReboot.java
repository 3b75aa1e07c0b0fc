package dev.cpuhp.kexec;

import dev.cpuhp.Machine;
import dev.cpuhp.boot.BootExperiment;
import dev.cpuhp.boot.BootSpec;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.hotplug.Teardown;
import dev.cpuhp.platform.HardwareProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The CPU part of a kexec reboot's downtime: the old kernel takes its secondary CPUs down,
 * the new one brings them up again. Both halves are measured on the virtual clock, each on a
 * machine of its own: a running one (every CPU online, booted in parallel) for the teardown,
 * and one started from a kexec for the bringup, whose cores keep the microcode revision the
 * old kernel loaded. The rest of the reboot (the kexec jump, the new kernel's early boot,
 * devices) is not modelled.
 */
public final class KexecReboot {
    private KexecReboot() {
    }

    /** One way down followed by one way up. */
    public record Downtime(Teardown teardown, Strategy bringup, long teardownNanos, long bringupNanos) {
        public long totalNanos() {
            return teardownNanos + bringupNanos;
        }
    }

    /** Time {@code how} takes to bring every CPU but the boot CPU down on a running machine. */
    public static long teardownNanos(HardwareProfile profile, long seed, Teardown how) {
        try (Machine m = Machine.builder().profile(profile).seed(seed).strategy(Strategy.PARALLEL).boot()) {
            return m.runAsInit(() -> {
                long t0 = m.scheduler().now();
                m.hotplug().shutdownNonbootCpus(how);
                return m.scheduler().now() - t0;
            });
        }
    }

    /** The new kernel's bringup after a kexec. */
    public static long bringupNanos(HardwareProfile profile, long seed, Strategy how) {
        return BootExperiment.run(BootSpec.of(profile, how).withSeed(seed).withKexec(true)).totalNanos();
    }

    /** How many runs {@link #table} makes. */
    public static int runs(List<Teardown> downs, List<Strategy> ups) {
        return downs.size() + ups.size();
    }

    /**
     * Every teardown followed by every bringup.
     *
     * @param progress told the number of runs done so far
     */
    public static List<Downtime> table(HardwareProfile profile, long seed, List<Teardown> downs, List<Strategy> ups,
                                       IntConsumer progress) {
        int done = 0;
        List<Long> down = new ArrayList<>();
        for (Teardown t : downs) {
            down.add(teardownNanos(profile, seed, t));
            progress.accept(++done);
        }
        List<Long> up = new ArrayList<>();
        for (Strategy s : ups) {
            up.add(bringupNanos(profile, seed, s));
            progress.accept(++done);
        }
        List<Downtime> out = new ArrayList<>();
        for (int i = 0; i < downs.size(); i++) {
            for (int j = 0; j < ups.size(); j++) {
                out.add(new Downtime(downs.get(i), ups.get(j), down.get(i), up.get(j)));
            }
        }
        return out;
    }
}
