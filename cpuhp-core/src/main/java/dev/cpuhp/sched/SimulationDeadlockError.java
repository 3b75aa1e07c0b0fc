package dev.cpuhp.sched;

/**
 * Thrown out of a blocking primitive when the scheduler proves that nothing can ever wake the
 * blocked tasks again: no participant is runnable, none waits with a deadline, and some task
 * waits for something other than work (an idle loop or a parked thread is not a deadlock).
 * The message lists every participant and what it waits on.
 */
public final class SimulationDeadlockError extends Error {
    private static final long serialVersionUID = 1L;

    public SimulationDeadlockError(String report) {
        super(report);
    }
}
