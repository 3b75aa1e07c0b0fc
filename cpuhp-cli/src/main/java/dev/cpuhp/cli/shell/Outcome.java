package dev.cpuhp.cli.shell;

/**
 * What one command line did: what it printed on standard output and on standard error (each
 * line ending in a newline; errors carry no program prefix, the session adds it) and its exit
 * status, with bash's meanings.
 */
public record Outcome(String out, String err, int status) {
    /** Success. */
    public static final int OK = 0;
    /** The command ran and failed: a refused write, a missing file. */
    public static final int FAILED = 1;
    /** The line or the command's arguments were wrong: nothing ran. */
    public static final int USAGE = 2;
    /** The simulation deadlocked under the command (as every cpuhp command says it): see dmesg. */
    public static final int STUCK = 3;
    /** The engine failed otherwise under the command (EX_SOFTWARE): see dmesg. */
    public static final int ENGINE = 70;
    /** No such command. */
    public static final int NOT_FOUND = 127;

    static Outcome ok(String out) {
        return new Outcome(out, "", OK);
    }

    static Outcome error(int status, String message) {
        return new Outcome("", message + "\n", status);
    }
}
