package dev.cpuhp.cli.shell;

import dev.cpuhp.cli.shell.ShellWords.Word;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.sysfs.EngineFailure;
import dev.cpuhp.sysfs.Node;
import dev.cpuhp.sysfs.SysfsTree;
import dev.cpuhp.trace.FtraceWriter;
import dev.cpuhp.trace.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The commands of {@code cpuhp shell}, over a machine's sysfs tree: {@code cat}, {@code echo
 * VALUE > PATH}, {@code ls}, {@code cd}, {@code pwd}, {@code dmesg}, {@code trace},
 * {@code set -e}, {@code exit}, {@code help}. Errors read as bash's ("echo: write error:
 * Invalid argument") and each command has bash's exit status ({@link Outcome}).
 *
 * <p>Lines are byte strings: one char per byte (ISO-8859-1), so whatever bytes a script holds
 * reach the file as they are, as with a real shell, and nothing needs decoding.
 */
public final class ShellInterpreter {
    public static final String HELP = """
            cat PATH...            show files
            echo [-n] VALUE > PATH write VALUE (and a newline, unless -n) to a file
            ls [-l] [PATH]         list a directory
            cd [PATH] | pwd        move around (paths may be relative)
            dmesg                  the kernel log
            trace [N]              the last N trace lines (default 20), kernel format
            set -e | set +e        stop at the first failing command, or not (default)
            exit [N]               leave, with status N (default: the last command's)
            help
            # a comment; $? is the last command's status
            """;
    private static final String HOME = "/sys/devices/system/cpu";

    private final SysfsTree tree;
    private String cwd = HOME;
    private int status;
    private boolean errexit;
    private boolean exited;

    public ShellInterpreter(SysfsTree tree) {
        this.tree = tree;
    }

    public String cwd() {
        return cwd;
    }

    /** Whether a command ended the session ({@code exit}, a failure under {@code set -e}, a dead machine). */
    public boolean exited() {
        return exited;
    }

    /** The last command's status: {@code $?}, and the session's exit status once it ends. */
    public int status() {
        return status;
    }

    /** Runs one command line. Nothing it is given makes it throw. */
    public Outcome run(String line) {
        Outcome o;
        try {
            o = dispatch(line);
        } catch (Throwable t) {
            o = engineFailure(t);
        }
        // an empty line or a comment leaves $? as it was, as in sh
        return o == null ? Outcome.ok("") : finish(o);
    }

    /** A line the reader could not hand over whole (too long, a NUL): a syntax error, status 2. */
    public Outcome refuse(String problem) {
        return finish(Outcome.error(Outcome.USAGE, problem));
    }

    private Outcome finish(Outcome o) {
        status = o.status();
        if (errexit && status != Outcome.OK) {
            exited = true;
        }
        return o;
    }

    private Outcome engineFailure(Throwable t) {
        EngineFailure f = EngineFailure.of(t);
        try {
            f.log(tree.machine().log(), "shell");
        } catch (Throwable ignored) {
            // the log is the machine's; if it is gone too, the user still gets the line below
        }
        if (f.unusable()) {
            exited = true;
        }
        int status = f.kind().equals("simulation deadlock") ? Outcome.STUCK : Outcome.ENGINE;
        return Outcome.error(status, f.summary() + (f.unusable() ? "" : " (dmesg has the report)"));
    }

    private Outcome dispatch(String line) {
        ShellWords.Parsed p = ShellWords.split(line, status);
        if (!p.ok()) {
            return Outcome.error(Outcome.USAGE, p.error());
        }
        List<Word> words = p.words();
        if (words.isEmpty()) {
            return null;
        }
        String cmd = words.get(0).text();
        if (words.get(0).redirect()) {
            return Outcome.error(Outcome.USAGE, "syntax error: a redirection needs a command before it");
        }
        List<Word> args = words.subList(1, words.size());
        if (!cmd.equals("echo") && args.stream().anyMatch(Word::redirect)) {
            return Outcome.error(Outcome.USAGE, cmd + ": only echo can be redirected here");
        }
        List<String> texts = args.stream().map(Word::text).toList();
        return switch (cmd) {
            case "cat" -> cat(texts);
            case "echo" -> new EchoCommand(tree, this::resolve).run(args);
            case "ls" -> ls(texts);
            case "cd" -> cd(texts);
            case "pwd" -> Outcome.ok(cwd + "\n");
            case "dmesg" -> Outcome.ok(tree.machine().log().lines().stream().map(l -> l + "\n").collect(Collectors.joining()));
            case "trace" -> trace(texts);
            case "set" -> set(texts);
            case "help" -> Outcome.ok(HELP);
            case "exit", "quit" -> exit(texts);
            default -> Outcome.error(Outcome.NOT_FOUND, cmd + ": command not found (try help)");
        };
    }

    /** An absolute, normalised path for {@code p} relative to the working directory. */
    public String resolve(String p) {
        return SysfsTree.normalize(p.startsWith("/") ? p : cwd + "/" + p);
    }

    /**
     * Completions of {@code word} as a path: the entries of the directory it names up to its
     * last slash, directories with a trailing slash; empty where that directory does not exist.
     */
    public List<String> complete(String word) {
        int slash = word.lastIndexOf('/');
        String dir = word.substring(0, slash + 1);
        SysfsTree.Listing l = tree.list(resolve(dir.isEmpty() ? "." : dir));
        if (!l.ok()) {
            return List.of();
        }
        String prefix = word.substring(slash + 1);
        return l.entries().stream().filter(n -> n.name().startsWith(prefix))
                .map(n -> dir + n.name() + (n instanceof Node.Dir ? "/" : ""))
                .sorted().toList();
    }

    private Outcome cat(List<String> args) {
        if (args.isEmpty()) {
            return Outcome.error(Outcome.FAILED, "cat: missing file operand (standard input is the shell's)");
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String a : args) {
            SysfsTree.Read r = tree.read(resolve(a));
            if (r.ok()) {
                out.append(r.content());
            } else {
                err.append("cat: ").append(a).append(": ").append(r.error().message()).append('\n');
            }
        }
        return new Outcome(out.toString(), err.toString(), err.isEmpty() ? Outcome.OK : Outcome.FAILED);
    }

    private Outcome ls(List<String> args) {
        boolean longFormat = args.contains("-l");
        List<String> paths = args.stream().filter(a -> !a.equals("-l")).toList();
        Optional<String> option = paths.stream().filter(a -> a.startsWith("-") && a.length() > 1).findFirst();
        if (option.isPresent()) {
            return Outcome.error(Outcome.USAGE, "ls: invalid option -- '" + option.get().substring(1) + "' (only -l)");
        }
        if (paths.size() > 1) {
            return Outcome.error(Outcome.USAGE, "ls: one directory at a time");
        }
        String target = paths.isEmpty() ? cwd : resolve(paths.get(0));
        SysfsTree.Listing l = tree.list(target);
        if (!l.ok()) {
            return Outcome.error(Outcome.USAGE, "ls: cannot access '" + (paths.isEmpty() ? target : paths.get(0)) + "': "
                    + l.error().message());
        }
        StringBuilder out = new StringBuilder();
        l.entries().stream().sorted(Comparator.comparing(Node::name)).forEach(n -> {
            if (longFormat) {
                out.append(modeString(n)).append(' ');
            }
            out.append(n.name()).append(n instanceof Node.Dir && !longFormat ? "/" : "").append('\n');
        });
        return Outcome.ok(out.toString());
    }

    static String modeString(Node n) {
        StringBuilder sb = new StringBuilder(n instanceof Node.Dir ? "d" : "-");
        String rwx = "rwx";
        for (int bit = 8; bit >= 0; bit--) {
            sb.append((n.mode() & (1 << bit)) != 0 ? rwx.charAt(2 - bit % 3) : '-');
        }
        return sb.toString();
    }

    private Outcome cd(List<String> args) {
        if (args.size() > 1) {
            return Outcome.error(Outcome.FAILED, "cd: too many arguments");
        }
        String target = args.isEmpty() ? HOME : resolve(args.get(0));
        Optional<Node> n = tree.lookup(target);
        if (n.isEmpty()) {
            return Outcome.error(Outcome.FAILED, "cd: " + args.get(0) + ": No such file or directory");
        }
        if (!(n.get() instanceof Node.Dir)) {
            return Outcome.error(Outcome.FAILED, "cd: " + args.get(0) + ": Not a directory");
        }
        cwd = target;
        return Outcome.ok("");
    }

    private Outcome trace(List<String> args) {
        if (args.size() > 1) {
            return Outcome.error(Outcome.USAGE, "trace: too many arguments");
        }
        long n = 20;
        if (!args.isEmpty()) {
            String a = args.get(0);
            if (!a.matches("[+-]?[0-9]+")) {
                return Outcome.error(Outcome.USAGE, "trace: " + a + ": not a number");
            }
            if (a.startsWith("-") && !a.matches("-0+")) {
                return Outcome.error(Outcome.USAGE, "trace: " + a + ": not a count (0 or more)");
            }
            // a count past the buffer means the whole buffer, however many digits it has
            n = a.replaceFirst("^[+-]?0*", "").length() > 18 ? Long.MAX_VALUE : Long.parseLong(a);
        }
        List<String> lines = new ArrayList<>();
        for (TraceEvent e : tree.machine().tracer().snapshot()) {
            FtraceWriter.line(e).ifPresent(lines::add);
        }
        int from = (int) Math.max(0, lines.size() - Math.min(n, lines.size()));
        return Outcome.ok(String.join("", lines.subList(from, lines.size())));
    }

    private Outcome set(List<String> args) {
        for (String a : args) {
            switch (a) {
                case "-e" -> errexit = true;
                case "+e" -> errexit = false;
                default -> {
                    return Outcome.error(Outcome.USAGE, "set: " + a + ": invalid option (only -e and +e)");
                }
            }
        }
        return Outcome.ok("");
    }

    /** bash's exit: the status modulo 256; a non-number ends the shell with 2 all the same. */
    private Outcome exit(List<String> args) {
        if (args.size() > 1) {
            return Outcome.error(Outcome.FAILED, "exit: too many arguments");
        }
        exited = true;
        if (args.isEmpty()) {
            return new Outcome("", "", status);
        }
        String a = args.get(0).strip();
        try {
            return new Outcome("", "", (int) (Long.parseLong(a) & 0xff));
        } catch (NumberFormatException e) {
            return Outcome.error(Outcome.USAGE, "exit: " + args.get(0) + ": numeric argument required");
        }
    }

    /** A byte string (one char per byte) from what a terminal gave as text. */
    public static String bytesOf(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** What a byte string shows as text on a UTF-8 terminal. */
    public static String textOf(String bytes) {
        return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    static String message(int ret) {
        return Errno.of(ret).map(Errno::message).orElse("error " + ret);
    }
}
