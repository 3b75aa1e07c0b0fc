package dev.cpuhp.hotplug;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where the control CPU waited for APs, in simulated nanoseconds: the measure the 2023 seed
 * is about ("spends about 800ms busy waiting for the APs").
 */
public final class ControlWaits {
    private final LongAdder alive = new LongAdder();
    private final LongAdder onlineIdle = new LongAdder();
    private final LongAdder apThread = new LongAdder();
    private final LongAdder dead = new LongAdder();

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

    void addAlive(long ns) {
        alive.add(ns);
    }

    void addOnlineIdle(long ns) {
        onlineIdle.add(ns);
    }

    void addApThread(long ns) {
        apThread.add(ns);
    }

    void addDead(long ns) {
        dead.add(ns);
    }

    public void reset() {
        alive.reset();
        onlineIdle.reset();
        apThread.reset();
        dead.reset();
    }
}
