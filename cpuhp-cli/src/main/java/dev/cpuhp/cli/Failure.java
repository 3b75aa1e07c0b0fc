package dev.cpuhp.cli;

import dev.cpuhp.sched.SimulationDeadlockError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * What a user sees when a command fails while it runs: one line naming what went wrong and an
 * exit status that says which kind of failure it was. A Java stack trace helps nobody who did
 * not write the code; {@code CPUHP_DEBUG=1} brings it back for those who did.
 */
final class Failure {
    /** Bad input found only while running (a profile's contents, a file). */
    static final int USAGE = 2;
    /** The machine could not write or read a file it was told to. */
    static final int IO = 74; // EX_IOERR
    /** The simulation wedged: every task waits and nothing can wake them. */
    static final int STUCK = 3;
    /** A bug in cpuhp itself. */
    static final int INTERNAL = 70; // EX_SOFTWARE

    private Failure() {
    }

    static int report(String command, Throwable e, PrintWriter err) {
        Throwable cause = unwrap(e);
        err.println("cpuhp " + command + ": " + describe(cause));
        if (System.getenv("CPUHP_DEBUG") != null) {
            cause.printStackTrace(err);
        }
        err.flush();
        return status(cause);
    }

    static int status(Throwable e) {
        if (e instanceof SimulationDeadlockError) {
            return STUCK;
        }
        if (e instanceof IOException) {
            return IO;
        }
        if (e instanceof IllegalArgumentException) {
            return USAGE;
        }
        return INTERNAL;
    }

    /** One line: what failed, in words a user can act on. */
    static String describe(Throwable e) {
        if (e instanceof SimulationDeadlockError d) {
            String report = d.getMessage() == null ? "" : d.getMessage();
            long stuck = report.lines().filter(l -> l.contains(" blocked on ")).count();
            return "the simulation is stuck (" + firstLine(report) + "; " + stuck
                    + " task(s) blocked; the full report is in the kernel log)";
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        }
        if (e instanceof IOException || e instanceof IllegalArgumentException) {
            return firstLine(String.valueOf(e.getMessage()));
        }
        return "internal error: " + e.getClass().getName() + ": " + firstLine(String.valueOf(e.getMessage()))
                + " (CPUHP_DEBUG=1 shows where)";
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof UncheckedIOException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
