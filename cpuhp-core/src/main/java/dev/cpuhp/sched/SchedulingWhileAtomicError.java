package dev.cpuhp.sched;

/**
 * Thrown by a blocking primitive called in atomic context (a STARTING/DYING callback, the idle
 * task, a stop-machine function) instead of blocking, after the scheduler has printed the
 * kernel's "BUG: scheduling while atomic" report. The hotplug core catches it around every
 * callback and counts the callback as failed.
 */
public final class SchedulingWhileAtomicError extends Error {
    private static final long serialVersionUID = 1L;

    public SchedulingWhileAtomicError(String message) {
        super(message);
    }
}
