package dev.cpuhp.cli;

import dev.cpuhp.Machine;
import dev.cpuhp.sysfs.SysfsTree;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
                "cat PATH, echo VALUE > PATH, ls, cd, pwd, dmesg, trace [N], help, exit;",
                "history and Tab completion of paths. Reads commands from standard input",
                "when it is not a terminal, so it can be scripted."})
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
                scripted(sh);
            } else {
                interactive(sh, m);
            }
        }
        return 0;
    }

    /** Commands from a pipe: no prompt, one output per command. */
    private static void scripted(ShellInterpreter sh) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; !sh.exited() && (line = in.readLine()) != null; ) {
            System.out.print(sh.run(line));
            System.out.flush();
        }
    }

    private static void interactive(ShellInterpreter sh, Machine m) throws Exception {
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
                terminal.writer().print(sh.run(line));
                terminal.writer().flush();
            }
        }
    }

    /** Completes the word under the cursor as a path of the tree. */
    private record PathCompleter(ShellInterpreter sh) implements Completer {
        @Override
        public void complete(LineReader reader, org.jline.reader.ParsedLine line, List<Candidate> candidates) {
            for (String c : sh.complete(line.word())) {
                boolean dir = c.endsWith("/");
                candidates.add(new Candidate(c, c, null, null, null, null, !dir));
            }
        }
    }
}
