package dev.cpuhp.hotplug;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the control CPU waited for APs, in simulated nanoseconds: the measure the 2023 seed
 * is about ("spends about 800ms busy waiting for the APs").
 *
 * <p>The sums are always kept. The waits one by one ({@link #intervals()}) are kept only once
 * {@link #recordIntervals} is on, for drawing a bringup on a time axis: a long-running machine
 * would otherwise grow the list with every hotplug operation.
 */
public final class ControlWaits {
    /** What the waiter waited for. */
    public enum Kind {
        /** {@code cpuhp_bp_sync_alive()}: the AP to report alive (or a primary's microcode). */
        ALIVE,
        /** {@code bringup_wait_for_ap_online()}: the AP's STARTING section, to online-idle. */
        ONLINE_IDLE,
        /** The AP's hotplug thread running the ONLINE section (either direction). */
        AP_THREAD,
        /** A dying CPU to report idle-dead and dead. */
        DEAD
    }

    /**
     * One wait, in simulated nanoseconds.
     *
     * @param cpu    the AP waited for
     * @param waiter the waiting task's pid (1 is the init task, the control CPU's at boot)
     */
    public record Interval(Kind kind, int cpu, int waiter, long start, long end) {
    }

    private final LongAdder alive = new LongAdder();
    private final LongAdder onlineIdle = new LongAdder();
    private final LongAdder apThread = new LongAdder();
    private final LongAdder dead = new LongAdder();
    private final List<Interval> intervals = new ArrayList<>();
    private volatile boolean recording;

    /** Waiting in {@code cpuhp_bp_sync_alive()} for the AP to report alive. */
    public long aliveNanos() {
        return alive.sum();
    }

    /** Waiting for the AP's STARTING section, until it reaches {@code AP_ONLINE_IDLE}. */
    public long onlineIdleNanos() {
        return onlineIdle.sum();
    }

    /** Waiting for the AP's hotplug thread to run the ONLINE section (either direction). */
    public long apThreadNanos() {
        return apThread.sum();
    }

    /** Waiting for a dying CPU to report idle-dead and dead. */
    public long deadNanos() {
        return dead.sum();
    }

    /** Waiting for the AP during bringup: alive + online-idle. */
    public long bringupNanos() {
        return alive.sum() + onlineIdle.sum();
    }

    /** Keep every later wait as an {@link Interval} (off by default). */
    public void recordIntervals(boolean on) {
        recording = on;
    }

    /** The waits kept since recording was turned on, in the order they ended. */
    public List<Interval> intervals() {
        synchronized (intervals) {
            return List.copyOf(intervals);
        }
    }

    void add(Kind kind, int cpu, int waiter, long start, long end) {
        long ns = end - start;
        switch (kind) {
            case ALIVE -> alive.add(ns);
            case ONLINE_IDLE -> onlineIdle.add(ns);
            case AP_THREAD -> apThread.add(ns);
            case DEAD -> dead.add(ns);
        }
        if (recording) {
            synchronized (intervals) {
                intervals.add(new Interval(kind, cpu, waiter, start, end));
            }
        }
    }

    public void reset() {
        alive.reset();
        onlineIdle.reset();
        apThread.reset();
        dead.reset();
        synchronized (intervals) {
            intervals.clear();
        }
    }
}
