package dev.cpuhp.sysfs;

import dev.cpuhp.sched.SchedulingWhileAtomicError;
import dev.cpuhp.sched.SimulationDeadlockError;
import dev.cpuhp.sched.SimulationShutdown;
import dev.cpuhp.trace.KernelLog;

/**
 * What a front end says when the engine fails under it instead of answering with an errno: a
 * simulation deadlock, a BUG, or anything thrown that the engine did not turn into an errno.
 * A user gets {@link #summary()}, one line; the kernel log gets the rest; nobody gets a Java
 * stack trace.
 *
 * @param kind    "simulation deadlock", "scheduling while atomic", "machine shut down",
 *                "out of memory", "stack overflow" or "internal error"
 * @param summary one line naming what went wrong, starting with the kind
 * @param report  the whole report (the deadlock's list of tasks and what they wait on)
 * @param unusable whether the machine can no longer be driven at all
 */
public record EngineFailure(String kind, String summary, String report, boolean unusable) {

    public static EngineFailure of(Throwable t) {
        String kind = kind(t);
        String message = t.getMessage() == null ? "" : t.getMessage();
        String first = message.lines().findFirst().orElse("");
        String summary;
        String report;
        if (t instanceof SimulationDeadlockError || t instanceof SchedulingWhileAtomicError) {
            // their messages are the engine's own reports, first line first
            summary = first.startsWith(kind) ? first : kind + ": " + first;
            report = message;
        } else {
            summary = kind + ": " + t.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
            report = causes(t);
        }
        return new EngineFailure(kind, summary, report, t instanceof SimulationShutdown);
    }

    private static String kind(Throwable t) {
        if (t instanceof SimulationDeadlockError) {
            return "simulation deadlock";
        }
        if (t instanceof SchedulingWhileAtomicError) {
            return "scheduling while atomic";
        }
        if (t instanceof SimulationShutdown) {
            return "machine shut down";
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory";
        }
        if (t instanceof StackOverflowError) {
            return "stack overflow";
        }
        return "internal error";
    }

    /** The exception and its causes, one per line, without frames. */
    private static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append("\ncaused by: ").append(c);
        }
        return sb.toString();
    }

    /**
     * Puts the failure in the kernel log, where {@code dmesg} shows it. The scheduler has
     * already printed a deadlock's report there, so only its summary is added.
     */
    public void log(KernelLog log, String where) {
        log.printk("cpuhp: " + where + ": " + (kind.equals("simulation deadlock") ? summary : report));
    }
}
