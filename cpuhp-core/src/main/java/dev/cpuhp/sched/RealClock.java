package dev.cpuhp.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * Wall-clock time, optionally dilated.
 *
 * <p>With {@code scale = k} every simulated nanosecond lasts {@code k} real nanoseconds: a
 * slow-motion run in which the engine's own overheads (thread hand-offs, wake-up latency)
 * shrink by {@code k} relative to the modelled costs. {@code scale = 1} is plain real time.
 */
public final class RealClock implements Clock {
    /** Below this much remaining real time a delay spins instead of parking: park overshoots. */
    private static final long SPIN_NANOS = 150_000;

    private final long origin = System.nanoTime();
    private final double scale;

    public RealClock() {
        this(1.0);
    }

    public RealClock(double scale) {
        if (!(scale >= 1.0)) {
            throw new IllegalArgumentException("time scale must be >= 1, got " + scale);
        }
        this.scale = scale;
    }

    public double scale() {
        return scale;
    }

    @Override
    public long nanoTime() {
        return (long) ((System.nanoTime() - origin) / scale);
    }

    @Override
    public String kind() {
        return "real";
    }

    /** Real nanoseconds until the simulated instant {@code deadline}. */
    long realNanosUntil(long deadline) {
        return (long) ((deadline - nanoTime()) * scale);
    }

    /**
     * Waits until the simulated instant {@code deadline}: parks while far away, then spins the
     * last stretch so short modelled costs (tens of microseconds) are not rounded up to the
     * kernel's timer slack.
     */
    void sleepUntil(long deadline) {
        long remaining;
        while ((remaining = realNanosUntil(deadline)) > SPIN_NANOS) {
            LockSupport.parkNanos(remaining - SPIN_NANOS);
        }
        while (nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
