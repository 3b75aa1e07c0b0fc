package dev.cpuhp.cli.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A script fed to {@code cpuhp shell} on standard input, run as {@code bash} runs one from a
 * pipe: output on standard output, each error on standard error as
 * {@code cpuhp: line N: MESSAGE}, and the exit status bash would give: the last command's
 * status (so a failure followed by a success is 0; {@code set -e} stops at the first failure
 * instead), {@code exit N}'s N, or 70 if the machine died under the shell. Blank lines and
 * comments run nothing and keep the status as it was.
 */
public final class ShellSession {
    private ShellSession() {
    }

    /** Runs the script to its end or to {@code exit}; returns the exit status. */
    public static int run(ShellInterpreter sh, InputStream script, OutputStream out, OutputStream err) throws IOException {
        LineInput in = new LineInput(script);
        for (LineInput.Line line; !sh.exited() && (line = in.next()) != null; ) {
            Outcome o = line.ok() ? sh.run(line.text()) : sh.refuse(line.problem());
            out.write(o.out().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String prefix = "cpuhp: line " + line.number() + ": ";
            for (String e : o.err().lines().toList()) {
                err.write((prefix + e + "\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            err.flush();
        }
        return sh.status();
    }
}
