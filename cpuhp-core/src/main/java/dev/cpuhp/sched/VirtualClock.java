package dev.cpuhp.sched;

/**
 * Simulated time that moves only when nothing can run.
 *
 * <p>The {@link Scheduler} advances it, under its lock, when the count of runnable participants
 * drops to zero: {@code now} jumps to the earliest pending deadline. Reads are lock-free.
 */
public final class VirtualClock implements Clock {
    private volatile long now;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public String kind() {
        return "virtual";
    }

    /** Called by the scheduler, with its lock held; time never goes backwards. */
    void advanceTo(long instant) {
        if (instant > now) {
            now = instant;
        }
    }
}
