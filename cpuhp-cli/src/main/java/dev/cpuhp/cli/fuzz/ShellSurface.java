package dev.cpuhp.cli.fuzz;

import dev.cpuhp.Machine;
import dev.cpuhp.cli.shell.Outcome;
import dev.cpuhp.cli.shell.ShellInterpreter;
import dev.cpuhp.cli.shell.ShellSession;
import dev.cpuhp.sysfs.SysfsTree;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code cpuhp shell} as a script on standard input would drive it: each input is one line
 * (its bytes as they are) run by a {@link ShellSession}, and what came out on standard error
 * and the exit status say how it went. Writes are {@code echo} lines; other inputs are any
 * command with odd arguments, unbalanced quotes, operators, binary, NULs and lines past the
 * limit. A line cannot hold a newline, so a payload's newlines inside it become spaces.
 */
final class ShellSurface implements Surface {
    private static final String[] COMMANDS = {"cat", "ls", "ls -l", "cd", "pwd", "dmesg", "trace", "set", "help", "echo",
        "echo -n", "exit", "frobnicate", "", "#", "quit"};

    private final Supplier<Machine> boot;
    private Machine machine;
    private SysfsTree tree;
    private ShellInterpreter sh;

    ShellSurface(Supplier<Machine> boot) {
        this.boot = boot;
        restart();
    }

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public void restart() {
        if (machine != null) {
            machine.close();
        }
        machine = boot.get();
        tree = new SysfsTree(machine);
        sh = new ShellInterpreter(tree);
    }

    @Override
    public Snapshot snapshot() {
        return Snapshot.of(tree);
    }

    @Override
    public Result write(Inputs in, Target target, byte[] payload) throws Exception {
        boolean newline = payload.length > 0 && payload[payload.length - 1] == '\n';
        byte[] value = java.util.Arrays.copyOf(payload, payload.length - (newline ? 1 : 0));
        for (int i = 0; i < value.length; i++) {
            value[i] = value[i] == '\n' ? (byte) ' ' : value[i];
        }
        String line = (newline ? "echo " : "echo -n ") + quote(in, value) + " > " + in.spelling(target.path());
        return run(line).split(payload.length > SysfsTree.PAGE_SIZE);
    }

    /** The value as one shell word: bare when it can be, else single-quoted. */
    private static String quote(Inputs in, byte[] value) {
        String v = new String(value, StandardCharsets.ISO_8859_1);
        if (!v.isEmpty() && v.matches("[A-Za-z0-9+.,_:/=-]+") && in.random().nextBoolean()) {
            return v;
        }
        return "'" + v.replace("'", "'\\''") + "'";
    }

    @Override
    public Result other(Inputs in) throws Exception {
        var r = in.random();
        StringBuilder line = new StringBuilder(COMMANDS[r.nextInt(COMMANDS.length)]);
        int args = r.nextInt(4);
        for (int i = 0; i < args; i++) {
            line.append(' ').append(argument(in));
        }
        return run(line.toString());
    }

    private static String argument(Inputs in) {
        var r = in.random();
        return switch (r.nextInt(12)) {
            case 0 -> String.valueOf(r.nextLong());
            case 1 -> "-" + r.nextInt(100);
            case 2 -> "99999999999999999999999999";
            case 3 -> in.spelling(Inputs.CPU + "/cpu" + r.nextInt(in.cpus() + 2) + "/online");
            case 4 -> new String[] {"'", "\"", "'a", "\"a\\", "\\"}[r.nextInt(5)];
            case 5 -> new String[] {">", ">>", ";", "|", "&", "<", "`", "$?", "#"}[r.nextInt(9)];
            case 6 -> "-" + (char) ('a' + r.nextInt(26));
            case 7 -> new String(in.payload(new Target("", Target.Kind.OTHER)), StandardCharsets.ISO_8859_1)
                    .replace('\n', ' ');
            case 8 -> "..";
            case 9 -> "\0";
            case 10 -> "x".repeat(r.nextInt(3) == 0 ? 70_000 : 5000);
            default -> "cpu" + r.nextInt(in.cpus());
        };
    }

    private Result run(String line) throws Exception {
        if (sh.exited()) {
            sh = new ShellInterpreter(tree); // the last input was exit: a new session
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] script = (line + "\n").getBytes(StandardCharsets.ISO_8859_1);
        String input = Inputs.escape(script, 200);
        int status;
        try {
            status = ShellSession.run(sh, new ByteArrayInputStream(script), out, err);
        } catch (Throwable t) {
            return Result.crash("the session threw " + t, input);
        }
        List<String> errors = err.toString(StandardCharsets.ISO_8859_1).lines().toList();
        String first = errors.isEmpty() ? "" : errors.get(0);
        String message = first.replaceFirst("^cpuhp: line 1: ", "");
        if (errors.isEmpty()) {
            // a success; or exit N, or a comment, whose status is not their own failure
            return status == Outcome.OK || sh.exited() || blank(line) ? Result.accepted(input)
                    : Result.crash("status " + status + " and no error said", input);
        }
        if (status == Outcome.OK) {
            return Result.crash("status 0 with errors: " + first, input);
        }
        if (status == Outcome.STUCK || status == Outcome.ENGINE) {
            return Result.engine(message, input);
        }
        if (errors.isEmpty() || !first.startsWith("cpuhp: line 1: ") || errors.stream().anyMatch(ShellSurface::trace)) {
            return Result.crash("status " + status + " without one clear error line: " + String.join(" | ", errors), input);
        }
        int colon = message.lastIndexOf(": ");
        var errno = colon < 0 ? java.util.Optional.<dev.cpuhp.errno.Errno>empty() : Result.byMessage(message.substring(colon + 2));
        if (status == Outcome.FAILED && errno.isPresent()) {
            return Result.errno(errno.get(), message, input);
        }
        return Result.refused("status " + status, message, input);
    }

    private static boolean blank(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("#");
    }

    private static boolean trace(String line) {
        return line.contains("\tat ") || line.contains("Exception") || line.startsWith("\tat");
    }

    @Override
    public void close() {
        machine.close();
    }
}
