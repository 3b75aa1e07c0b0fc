package dev.cpuhp.cli;

import dev.cpuhp.cli.shell.Outcome;
import dev.cpuhp.sysfs.EngineFailure;

/**
 * A command that failed outside what it knows how to answer (a machine that will not boot,
 * the engine failing under it, standard input going away): one line on standard error naming
 * what went wrong, and exit status 70 (EX_SOFTWARE), instead of picocli's stack trace.
 */
final class CommandFailure {
    private CommandFailure() {
    }

    static int report(String command, Throwable t) {
        System.err.println(command + ": " + EngineFailure.of(t).summary());
        System.err.flush();
        return Outcome.ENGINE;
    }
}
