package dev.cpuhp.cli.shell;

import dev.cpuhp.cli.shell.ShellWords.Word;
import dev.cpuhp.sysfs.SysfsTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code echo [-n] WORDS [> PATH]}: prints the words, or writes them to a file as bash does,
 * opening it first (so a missing or read-only file fails before anything is written) and
 * then writing until every byte is taken or a write fails, as stdio's {@code fflush} does.
 * The redirection may stand anywhere among the words; there may be one.
 */
final class EchoCommand {
    private final SysfsTree tree;
    private final UnaryOperator<String> resolve;

    EchoCommand(SysfsTree tree, UnaryOperator<String> resolve) {
        this.tree = tree;
        this.resolve = resolve;
    }

    Outcome run(List<Word> args) {
        List<String> words = new ArrayList<>();
        String target = null;
        for (int i = 0; i < args.size(); i++) {
            Word w = args.get(i);
            if (!w.redirect()) {
                words.add(w.text());
                continue;
            }
            if (target != null) {
                return Outcome.error(Outcome.USAGE, "echo: one redirection at a time");
            }
            if (i + 1 == args.size() || args.get(i + 1).redirect()) {
                return Outcome.error(Outcome.USAGE, "syntax error: " + w.text() + " needs a file after it");
            }
            target = args.get(++i).text();
        }
        boolean newline = words.isEmpty() || !words.get(0).equals("-n");
        String text = String.join(" ", newline ? words : words.subList(1, words.size())) + (newline ? "\n" : "");
        if (target == null) {
            return Outcome.ok(text);
        }
        return write(target, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private Outcome write(String target, byte[] data) {
        String path = resolve.apply(target);
        int open = tree.openForWrite(path);
        if (open != 0) {
            return Outcome.error(Outcome.FAILED, target + ": " + ShellInterpreter.message(open));
        }
        int done = 0;
        do {
            byte[] rest = done == 0 ? data : Arrays.copyOfRange(data, done, data.length);
            int ret = tree.write(path, rest, "sh");
            if (ret < 0) {
                return Outcome.error(Outcome.FAILED, "echo: write error: " + ShellInterpreter.message(ret));
            }
            if (ret == 0) {
                break; // nothing taken: a zero-length write, or a store that takes no more
            }
            done += ret;
        } while (done < data.length);
        return Outcome.ok("");
    }
}
