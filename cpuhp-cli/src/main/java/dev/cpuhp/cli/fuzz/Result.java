package dev.cpuhp.cli.fuzz;

import dev.cpuhp.errno.Errno;

/**
 * What one input got from a surface.
 *
 * @param kind     accepted; refused with an errno; refused by the surface itself before any
 *                 file was touched (a syntax error, a 405, a 413); an engine failure reported
 *                 as one; or a crash (no answer, a dead process, a stack trace)
 * @param errno    for {@link Kind#ERRNO}
 * @param category how the surface refused, for the counts ("405", "syntax", ...)
 * @param message  what the user was told (one line), or what went wrong
 * @param input    the input as delivered, printable
 * @param split    whether the surface wrote it in several writes, a page each (so a later
 *                 page may be refused after an earlier one was taken, as with bash's echo)
 */
record Result(Kind kind, Errno errno, String category, String message, String input, boolean split) {

    enum Kind {
        ACCEPTED, ERRNO, REFUSED, ENGINE, CRASH
    }

    static Result accepted(String input) {
        return new Result(Kind.ACCEPTED, null, "", "", input, false);
    }

    static Result errno(Errno e, String message, String input) {
        return new Result(Kind.ERRNO, e, e.name(), message, input, false);
    }

    static Result refused(String category, String message, String input) {
        return new Result(Kind.REFUSED, null, category, message, input, false);
    }

    static Result engine(String message, String input) {
        return new Result(Kind.ENGINE, null, "engine", message, input, false);
    }

    static Result crash(String message, String input) {
        return new Result(Kind.CRASH, null, "crash", message, input, false);
    }

    Result split(boolean split) {
        return new Result(kind, errno, category, message, input, split);
    }

    /** Whether the input was turned away (so it must have changed nothing). */
    boolean rejected() {
        return kind == Kind.ERRNO || kind == Kind.REFUSED;
    }

    /** The errno whose strerror(3) text is {@code message}, if any. */
    static java.util.Optional<Errno> byMessage(String message) {
        for (Errno e : Errno.values()) {
            if (e.message().equals(message)) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }
}
