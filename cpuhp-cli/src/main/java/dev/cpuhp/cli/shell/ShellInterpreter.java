package dev.cpuhp.cli;

import dev.cpuhp.errno.Errno;
import dev.cpuhp.sysfs.Node;
import dev.cpuhp.sysfs.SysfsTree;
import dev.cpuhp.trace.FtraceWriter;
import dev.cpuhp.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The commands of {@code cpuhp shell}, over a machine's sysfs tree: {@code cat}, {@code echo
 * VALUE > PATH}, {@code ls}, {@code cd}, {@code pwd}, {@code dmesg}, {@code trace},
 * {@code help}. Errors read as bash's do ("echo: write error: Invalid argument").
 */
final class ShellInterpreter {
    static final String HELP = """
            cat PATH...            show files
            echo [-n] VALUE > PATH write VALUE (and a newline, unless -n) to a file
            ls [-l] [PATH]         list a directory
            cd [PATH] | pwd        move around (paths may be relative)
            dmesg                  the kernel log
            trace [N]              the last N trace lines (default 20), kernel format
            help | exit
            """;

    private final SysfsTree tree;
    private String cwd = "/sys/devices/system/cpu";
    private boolean exit;

    ShellInterpreter(SysfsTree tree) {
        this.tree = tree;
    }

    String cwd() {
        return cwd;
    }

    SysfsTree tree() {
        return tree;
    }

    boolean exited() {
        return exit;
    }

    /** Runs one command line; returns what it prints (errors included), with newlines. */
    String run(String line) {
        List<String> words = words(line);
        if (words.isEmpty()) {
            return "";
        }
        String cmd = words.get(0);
        List<String> args = words.subList(1, words.size());
        return switch (cmd) {
            case "cat" -> cat(args);
            case "echo" -> echo(args);
            case "ls" -> ls(args);
            case "cd" -> cd(args);
            case "pwd" -> cwd + "\n";
            case "dmesg" -> tree.machine().log().lines().stream().map(l -> l + "\n").collect(Collectors.joining());
            case "trace" -> trace(args);
            case "help" -> HELP;
            case "exit", "quit" -> {
                exit = true;
                yield "";
            }
            default -> cmd + ": command not found (try help)\n";
        };
    }

    /** An absolute, normalised path for {@code p} relative to the working directory. */
    String resolve(String p) {
        return SysfsTree.normalize(p.startsWith("/") ? p : cwd + "/" + p);
    }

    /**
     * Completions of {@code word} as a path: the entries of the directory it names up to its
     * last slash, directories with a trailing slash; empty where that directory does not exist.
     */
    List<String> complete(String word) {
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

    private String cat(List<String> args) {
        StringBuilder out = new StringBuilder();
        for (String a : args) {
            SysfsTree.Read r = tree.read(resolve(a));
            out.append(r.ok() ? r.content() : "cat: " + a + ": " + r.error().message() + "\n");
        }
        return out.toString();
    }

    private String echo(List<String> args) {
        int gt = args.indexOf(">");
        boolean newline = args.isEmpty() || !args.get(0).equals("-n");
        List<String> value = args.subList(newline ? 0 : 1, gt < 0 ? args.size() : gt);
        String text = String.join(" ", value) + (newline ? "\n" : "");
        if (gt < 0) {
            return text;
        }
        if (gt != args.size() - 2) {
            return "echo: usage: echo [-n] VALUE > PATH\n";
        }
        String target = args.get(args.size() - 1);
        String path = resolve(target);
        int open = tree.openForWrite(path);
        if (open != 0) {
            return "sh: " + target + ": " + message(open) + "\n";
        }
        int ret = tree.write(path, text, "sh");
        return ret < 0 ? "echo: write error: " + message(ret) + "\n" : "";
    }

    private String ls(List<String> args) {
        boolean longFormat = args.contains("-l");
        List<String> paths = args.stream().filter(a -> !a.equals("-l")).toList();
        String target = paths.isEmpty() ? cwd : resolve(paths.get(0));
        SysfsTree.Listing l = tree.list(target);
        if (!l.ok()) {
            return "ls: cannot access '" + (paths.isEmpty() ? target : paths.get(0)) + "': " + l.error().message() + "\n";
        }
        StringBuilder out = new StringBuilder();
        l.entries().stream().sorted(java.util.Comparator.comparing(Node::name)).forEach(n -> {
            if (longFormat) {
                out.append(modeString(n)).append(' ');
            }
            out.append(n.name()).append(n instanceof Node.Dir && !longFormat ? "/" : "").append('\n');
        });
        return out.toString();
    }

    static String modeString(Node n) {
        StringBuilder sb = new StringBuilder(n instanceof Node.Dir ? "d" : "-");
        String rwx = "rwx";
        for (int bit = 8; bit >= 0; bit--) {
            sb.append((n.mode() & (1 << bit)) != 0 ? rwx.charAt(2 - bit % 3) : '-');
        }
        return sb.toString();
    }

    private String cd(List<String> args) {
        String target = args.isEmpty() ? "/sys/devices/system/cpu" : resolve(args.get(0));
        Optional<Node> n = tree.lookup(target);
        if (n.isEmpty()) {
            return "cd: " + args.get(0) + ": No such file or directory\n";
        }
        if (!(n.get() instanceof Node.Dir)) {
            return "cd: " + args.get(0) + ": Not a directory\n";
        }
        cwd = target;
        return "";
    }

    private String trace(List<String> args) {
        if (args.size() > 1) {
            return "trace: too many arguments\n";
        }
        long n = 20;
        if (!args.isEmpty()) {
            String a = args.get(0);
            if (!a.matches("[+-]?[0-9]+")) {
                return "trace: " + a + ": not a number\n";
            }
            if (a.startsWith("-") && !a.matches("-0+")) {
                return "trace: " + a + ": not a count (0 or more)\n";
            }
            // a count past the buffer means the whole buffer, however many digits it has
            n = a.replaceFirst("^[+-]?0*", "").length() > 18 ? Long.MAX_VALUE : Long.parseLong(a);
        }
        List<String> lines = new ArrayList<>();
        for (TraceEvent e : tree.machine().tracer().snapshot()) {
            FtraceWriter.line(e).ifPresent(lines::add);
        }
        int from = (int) Math.max(0, lines.size() - Math.min(n, lines.size()));
        return String.join("", lines.subList(from, lines.size()));
    }

    private static String message(int ret) {
        return Errno.of(ret).map(Errno::message).orElse("error " + ret);
    }

    /** Splits a command line into words: whitespace separates, quotes group, '>' stands alone. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c) || c == '>') {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                if (c == '>') {
                    out.add(">");
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
