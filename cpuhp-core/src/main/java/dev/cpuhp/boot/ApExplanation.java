package dev.cpuhp.boot;

import dev.cpuhp.hotplug.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One AP's path through a bringup, read off the run: each stretch of it (waiting for its
 * turn, prepared, starting on its own, waiting to be released, STARTING, the hand-off, ONLINE),
 * what it waited for, and where it stood against the critical path. Times are nanoseconds
 * from the first AP's first step.
 *
 * @param controlWaited how long the control CPU (or the AP's finisher) waited for this AP to
 *                      report alive: time this AP put on the critical path by itself
 * @param slack         from this AP being done to the last AP being done
 */
public record ApExplanation(int cpu, boolean primary, List<Stretch> stretches, long done, long end,
                            long controlWaited, long slack) {

    /** One stretch of the AP's path. */
    public record Stretch(String what, long from, long to, String why) {
        public long nanos() {
            return to - from;
        }
    }

    /** The explanation of {@code cpu} in {@code run}, if that CPU came up in it. */
    public static Optional<ApExplanation> of(BootRun run, int cpu) {
        List<ApTimeline> aps = run.aps();
        ApTimeline me = aps.stream().filter(a -> a.cpu() == cpu).findFirst().orElse(null);
        if (me == null) {
            return Optional.empty();
        }
        long t0 = aps.stream().mapToLong(a -> a.prepareStart() >= 0 ? a.prepareStart() : a.kick()).min().orElse(0);
        long end = aps.stream().mapToLong(ApTimeline::done).max().orElse(me.done());
        List<Stretch> out = new ArrayList<>();
        long start = me.prepareStart() >= 0 ? me.prepareStart() : me.kick();
        long before = aps.stream().filter(a -> a != me && a.kick() <= start).count();
        long onlineBefore = aps.stream().filter(a -> a != me && a.done() <= start).count();
        add(out, "waits for its turn", t0, start, t0,
                "the control CPU kicked " + before + " other AP(s) and brought " + onlineBefore + " online first");
        add(out, "prepared by the control CPU", start, me.kick(), t0,
                "PREPARE steps and the kick, " + ms(me.prepareNanos()) + " of them its own steps");
        add(out, "starts on its own", me.kick(), me.alive(), t0,
                "INIT/SIPI to alive: firmware, early startup; the first thread of a powered-down core also wakes "
                        + "it and applies the microcode");
        add(out, "alive, waits to be released", me.alive(), me.release(), t0, releaseWait(aps, me));
        add(out, "STARTING section", me.release(), me.onlineIdle(), t0, "on the AP, interrupts off (a TSC sync included)");
        add(out, "online-idle, hand-off", me.onlineIdle(), me.onlineStart(), t0,
                "the control CPU unparks and kicks its hotplug thread");
        add(out, "ONLINE section", me.onlineStart(), me.onlineEnd(), t0, "on cpuhp/" + cpu + ", one step per wake-up");
        add(out, "done", me.onlineEnd(), me.done(), t0, "the control CPU sees it online");
        // When the control side could have released it: in pipelined bringup its finisher waits
        // from the kick; otherwise the control CPU gets to it after the last AP it finished.
        long reached = run.spec().strategy() == Strategy.PIPELINED ? me.kick()
                : aps.stream().filter(a -> a != me && a.done() <= me.release()).mapToLong(ApTimeline::done).max().orElse(t0);
        long ready = Math.max(me.kick(), reached);
        long waited = releasedAtOnce(me) ? Math.max(0, me.alive() - ready) : 0;
        return Optional.of(new ApExplanation(cpu, me.primary(), out, me.done() - t0, end - t0, waited, end - me.done()));
    }

    private static void add(List<Stretch> out, String what, long from, long to, long t0, String why) {
        if (from >= 0 && to >= from) {
            out.add(new Stretch(what, from - t0, to - t0, why));
        }
    }

    private static boolean releasedAtOnce(ApTimeline me) {
        return me.release() - me.alive() <= 5_000;
    }

    /** What the control side did while the AP waited to be released. */
    private static String releaseWait(List<ApTimeline> aps, ApTimeline me) {
        if (releasedAtOnce(me)) {
            return "released as soon as it was alive";
        }
        long kicked = aps.stream().filter(a -> a != me && a.kick() > me.alive() && a.kick() <= me.release()).count();
        long online = aps.stream().filter(a -> a != me && a.done() > me.alive() && a.done() <= me.release()).count();
        return "meanwhile the control CPU kicked " + kicked + " other AP(s) and brought " + online
                + " online: it takes them in turn";
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
