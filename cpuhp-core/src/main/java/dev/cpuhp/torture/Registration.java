package dev.cpuhp.torture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A state the torture run registers and removes while CPUs move: one slot request (fixed,
 * dynamic PREPARE, dynamic ONLINE, or multi-instance ONLINE), and while registered, its number
 * and live instances. A driver claims it ({@link #claim}) for the length of one registration
 * operation, so operations on one registration never overlap; they may overlap transitions.
 */
final class Registration {
    enum Kind { FIXED, PREPARE_DYN, ONLINE_DYN, MULTI }

    final int id;
    final Kind kind;
    /** The fixed slot asked for (FIXED), else the dynamic request. */
    final int request;
    private final AtomicBoolean claimed = new AtomicBoolean();

    // Written by the claiming driver; read by callbacks on other threads.
    volatile int state = -1;
    /**
     * True while a registration operation of this state is in flight: its callbacks then run
     * one state in the middle of a CPU's table, which the order rule must not hold against them.
     */
    volatile boolean registering;
    final List<TortureCallbacks.Node> instances = new ArrayList<>();
    int nextInstance;

    Registration(int id, Kind kind, int request) {
        this.id = id;
        this.kind = kind;
        this.request = request;
    }

    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    void release() {
        claimed.set(false);
    }

    boolean registered() {
        return state >= 0;
    }

    String name() {
        return "torture/" + kind.name().toLowerCase(java.util.Locale.ROOT) + id;
    }

    @Override
    public String toString() {
        return name();
    }
}
