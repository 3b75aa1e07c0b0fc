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
        int cpus = spec.profile().topology().cpus();
        b.onCreated(m -> {
            m.tracer().setCapacity(Math.max(Tracer.DEFAULT_CAPACITY, cpus * 400));
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
            return new BootRun(spec, m.bringupNanos(), m.bringupBlockedNanos(), prepare,
                    BootRun.Waits.of(m.hotplug().waits()), ipi, m.masks().numOnline(), m.masks().online().toList(),
                    wall, aps, events);
        }
    }
}
