package dev.cpuhp.cli;

import dev.cpuhp.Machine;
import dev.cpuhp.cli.shell.Outcome;
import dev.cpuhp.cli.shell.ShellInterpreter;
import dev.cpuhp.cli.shell.ShellSession;
import dev.cpuhp.sysfs.SysfsTree;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cpuhp shell}: cat, echo and ls over a live machine's sysfs, at a prompt. */
@Command(name = "shell", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"An interactive prompt over a live machine's sysfs.",
                "",
                "cat PATH, echo VALUE > PATH, ls, cd, pwd, dmesg, trace [N], set -e, help,",
                "exit [N]; history and Tab completion of paths. Reads commands from standard",
                "input when it is not a terminal, so it can be scripted: errors go to standard",
                "error as `cpuhp: line N: ...`, and the exit status is bash's: the last",
                "command's (1 for a refused write, 2 for a usage error, 127 for an unknown",
                "command, 3 if the simulation deadlocked, 70 if the engine failed otherwise),",
                "or N after `exit N`."})
final class ShellCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    LiveMachineOptions live;

    @Override
    public Integer call() throws Exception {
        try (Machine m = live.boot(spec.commandLine())) {
            ShellInterpreter sh = new ShellInterpreter(new SysfsTree(m));
            if (System.console() == null) {
                return ShellSession.run(sh, System.in, System.out, System.err);
            }
            return interactive(sh, m);
        }
    }

    /** At a terminal: a prompt, history, completion; errors on standard error as bash's ("cpuhp: ..."). */
    private static int interactive(ShellInterpreter sh, Machine m) throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("cpuhp")
                    .completer(new PathCompleter(sh))
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".cpuhp_history"))
                    .build();
            terminal.writer().println("cpuhp shell: " + m.profile().name() + ", " + m.nrCpuIds()
                    + " CPUs, " + m.masks().online().toList() + " online. Type help.");
            while (!sh.exited()) {
                String line;
                try {
                    line = reader.readLine("cpuhp:" + sh.cwd() + "# ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                Outcome o = sh.run(ShellInterpreter.bytesOf(line));
                terminal.writer().print(ShellInterpreter.textOf(o.out()));
                terminal.writer().flush();
                o.err().lines().forEach(e -> System.err.println("cpuhp: " + ShellInterpreter.textOf(e)));
                System.err.flush();
            }
        }
        return sh.status();
    }

    /** Completes the word under the cursor as a path of the tree. */
    private record PathCompleter(ShellInterpreter sh) implements Completer {
        @Override
        public void complete(LineReader reader, org.jline.reader.ParsedLine line, List<Candidate> candidates) {
            for (String bytes : sh.complete(ShellInterpreter.bytesOf(line.word()))) {
                String c = ShellInterpreter.textOf(bytes);
                boolean dir = c.endsWith("/");
                candidates.add(new Candidate(c, c, null, null, null, null, !dir));
            }
        }
    }
}
