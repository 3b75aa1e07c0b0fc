package dev.cpuhp.boot;

import dev.cpuhp.Machine;
import dev.cpuhp.trace.Tracer;
import dev.cpuhp.trace.TraceEvent;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

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

    /** Boots with the trace kept in memory: {@link BootRun#events()} holds every event. */
    public static BootRun run(BootSpec spec) {
        return run(spec, null);
    }

    /**
     * Boots with the trace streamed to {@code stream} as it is emitted (on the emitting tasks'
     * threads, one event at a time, in the order the trace buffer would have kept them) and
     * kept nowhere: {@link BootRun#events()} is empty and memory stays flat however large the
     * machine. The AP timelines are read off the stream as it passes.
     *
     * @param stream where the events go; null keeps them in memory instead
     */
    public static BootRun run(BootSpec spec, Consumer<TraceEvent> stream) {
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
        // made once the machine exists: the timelines need its table's layout
        ApTimeline.Collector[] timelines = new ApTimeline.Collector[1];
        b.onCreated(m -> {
            m.hotplug().waits().recordIntervals(true);
            if (stream == null) {
                m.tracer().setCapacity(Math.max(Tracer.DEFAULT_CAPACITY, cpus * 400));
            } else {
                m.tracer().setEnabled(false);
                ApTimeline.Collector collector = new ApTimeline.Collector(INIT_PID, m.states().layout());
                timelines[0] = collector;
                // One lock orders the stream: the sink and the collector see the same sequence.
                Object order = new Object();
                m.tracer().subscribe(e -> {
                    synchronized (order) {
                        collector.accept(e);
                        stream.accept(e);
                    }
                });
            }
            if (spec.onCreated() != null) {
                spec.onCreated().accept(m);
            }
        });
        long wall0 = System.nanoTime();
        try (Machine m = b.boot()) {
            long wall = System.nanoTime() - wall0;
            List<TraceEvent> events = stream == null ? m.tracer().snapshot() : List.of();
            var aps = stream == null ? ApTimeline.of(events, INIT_PID, m.topology()::isPrimary, m.states().layout())
                    : timelines[0].timelines(m.topology()::isPrimary);
            long prepare = aps.stream().mapToLong(ApTimeline::prepareNanos).sum();
            long[] ipi = m.smp().latencies().snapshot();
            Arrays.sort(ipi);
            return new BootRun(spec, m.bringupStartedAt(), m.bringupNanos(), m.bringupBlockedNanos(), prepare,
                    BootRun.Waits.of(m.hotplug().waits()), ipi, m.masks().numOnline(), m.masks().online().toList(),
                    wall, aps, events, m.hotplug().waits().intervals());
        }
    }
}
