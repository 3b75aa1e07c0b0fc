package dev.cpuhp.boot;

import dev.cpuhp.Machine;
import dev.cpuhp.trace.Tracer;
import java.util.Arrays;

/** Boots a machine as a {@link BootSpec} says, measures the bringup, and shuts it down. */
public final class BootExperiment {
    /** The init task drives boot-time bringup. */
    private static final int INIT_PID = 1;

    private BootExperiment() {
    }

    /**
     * The serial run the lower bound is computed from: the virtual-clock serial run among
     * {@code runs}, or a new one of {@code base}'s machine. Its per-AP figures are a property of
     * the machine model, so a virtual-clock run gives them exactly and fast.
     */
    public static BootRun serialFor(BootSpec base, java.util.List<BootRun> runs) {
        return runs.stream()
                .filter(r -> r.spec().strategy() == dev.cpuhp.hotplug.Strategy.SERIAL && r.spec().virtualClock())
                .findFirst()
                .orElseGet(() -> run(base.withStrategy(dev.cpuhp.hotplug.Strategy.SERIAL).withClock(true, 1.0)));
    }

    public static BootRun run(BootSpec spec) {
        Machine.Builder b = Machine.builder().profile(spec.profile()).strategy(spec.strategy())
                .seed(spec.seed()).maxCpus(spec.maxCpus());
        if (spec.virtualClock()) {
            b.virtualClock();
        } else {
            b.realClock(spec.timeScale());
        }
        if (spec.cpus() != null) {
            b.bringup(spec.cpus());
        }
        if (spec.nosmt()) {
            b.nosmt(false);
        }
        if (spec.before() != null) {
            b.bringupBefore(spec.before());
        }
        if (spec.kexec()) {
            b.kexec();
        }
        int cpus = spec.profile().topology().cpus();
        b.onCreated(m -> {
            m.tracer().setCapacity(Math.max(Tracer.DEFAULT_CAPACITY, cpus * 400));
            m.hotplug().waits().recordIntervals(true);
            if (spec.onCreated() != null) {
                spec.onCreated().accept(m);
            }
        });
        long wall0 = System.nanoTime();
        try (Machine m = b.boot()) {
            long wall = System.nanoTime() - wall0;
            var events = m.tracer().snapshot();
            var aps = ApTimeline.of(events, INIT_PID, m.topology()::isPrimary, m.states().layout());
            long prepare = aps.stream().mapToLong(ApTimeline::prepareNanos).sum();
            long[] ipi = m.smp().latencies().snapshot();
            Arrays.sort(ipi);
            return new BootRun(spec, m.bringupStartedAt(), m.bringupNanos(), m.bringupBlockedNanos(), prepare,
                    BootRun.Waits.of(m.hotplug().waits()), ipi, m.masks().numOnline(), m.masks().online().toList(),
                    wall, aps, events, m.hotplug().waits().intervals());
        }
    }
}
