package dev.cpuhp.sched;

/**
 * Where simulated time comes from.
 *
 * <p>Two implementations share one {@link Scheduler}: the {@link RealClock} lets time pass by
 * itself and makes delays real waits; the {@link VirtualClock} moves time only when every
 * participant of the scheduler is blocked, jumping to the earliest deadline. The engine never
 * reads time any other way, so both give figures for the same model.
 */
public sealed interface Clock permits RealClock, VirtualClock {

    /** Simulated nanoseconds since the clock was created. */
    long nanoTime();

    /** "real" or "virtual", as the command line spells it. */
    String kind();
}
