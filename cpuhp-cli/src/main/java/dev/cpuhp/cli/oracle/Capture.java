package dev.cpuhp.cli.oracle;

import dev.cpuhp.errno.Errno;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The real kernel's side of a run, as {@code scripts/linux-guest} brings it back
 * ({@code capture.txt}) or as saved for later ({@code capture.txt.gz}, cpuhp lines only), with
 * the script it ran ({@code script.txt}):
 *
 * <pre>
 * &#64;op N w|r|boot FILE      one record per operation, 0 the boot
 * &#64;bytes HEX               a read's bytes
 * &#64;rc STATUS MESSAGE       the writer's exit status and strerror()
 * &#64;trace                   the trace lines the operation caused, then
 * &#64;dmesg                   its kernel log lines
 * &#64;end                     the guest finished the script
 * </pre>
 */
public record Capture(List<Op> script, List<Outcome> outcomes, String kernel) {
    public static final String SCRIPT = "script.txt";
    public static final String RAW = "capture.txt";
    public static final String SAVED = "capture.txt.gz";

    /** Reads a capture directory: the script and the guest's records, raw or saved. */
    public static Capture load(Path dir) throws IOException {
        Path script = dir.resolve(SCRIPT);
        if (!Files.isRegularFile(script)) {
            throw new IOException(dir + ": no " + SCRIPT + " (not a capture directory)");
        }
        List<Op> ops = new ArrayList<>();
        for (String line : Files.readAllLines(script)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                ops.add(Op.parse(line));
            }
        }
        String text;
        if (Files.isRegularFile(dir.resolve(SAVED))) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(SAVED)))) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.util.zip.ZipException e) {
                throw new IOException(dir.resolve(SAVED) + ": not a gzip file (" + e.getMessage() + ")", e);
            }
        } else if (Files.isRegularFile(dir.resolve(RAW))) {
            text = Files.readString(dir.resolve(RAW), StandardCharsets.UTF_8);
        } else {
            throw new IOException(dir + ": no " + RAW + " or " + SAVED);
        }
        return parse(ops, text, dir.toString());
    }

    static Capture parse(List<Op> script, String text, String origin) throws IOException {
        List<Outcome> out = new ArrayList<>();
        String kernel = "";
        int n = -1;
        String errno = "ok";
        String bytes = null;
        List<TraceLine> trace = new ArrayList<>();
        List<String> log = new ArrayList<>();
        StringBuilder output = null;
        String section = "";
        boolean ended = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("@")) {
                String[] f = line.split(" ", 3);
                switch (f[0]) {
                    case "@uname" -> kernel = f.length > 1 ? line.substring(7) : "";
                    case "@op", "@end" -> {
                        if (n >= 0) {
                            out.add(new Outcome(n, errno, output != null ? Outcome.selftestOutput(output.toString()) : bytes,
                                    trace, log));
                        }
                        output = null;
                        ended = f[0].equals("@end");
                        n = ended ? -1 : Integer.parseInt(f[1]);
                        errno = "ok";
                        bytes = null;
                        trace = new ArrayList<>();
                        log = new ArrayList<>();
                        section = "";
                    }
                    case "@bytes" -> bytes = f.length > 1 ? f[1] : "";
                    case "@rc" -> errno = errno(Integer.parseInt(f[1]), f.length > 2 ? f[2].strip() : "");
                    case "@trace", "@dmesg" -> section = f[0];
                    case "@output" -> {
                        section = f[0];
                        output = new StringBuilder();
                    }
                    default -> throw new IOException(origin + ": unknown record " + f[0]);
                }
            } else if (section.equals("@trace")) {
                TraceLine.parse(line).ifPresent(trace::add);
            } else if (section.equals("@output")) {
                output.append(line).append('\n');
            } else if (section.equals("@dmesg") && !line.isBlank()) {
                log.add(line.replaceFirst("^\\[[ \\d.]+\\] ", ""));
            }
        }
        if (!ended) {
            throw new IOException(origin + ": the capture ends early (the guest did not finish the script)");
        }
        return new Capture(script, out, kernel);
    }

    /** strerror() back to the errno's name; a failure with no message keeps its status. */
    private static String errno(int status, String message) {
        if (message.isEmpty()) {
            return status == 0 ? "ok" : "status " + status;
        }
        return Arrays.stream(Errno.values()).filter(e -> e.message().equals(message)).map(Enum::name).findFirst()
                .orElse("\"" + message + "\"");
    }

    /** Saves the script and the cpuhp lines and log of every operation, compressed: a fixture. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder s = new StringBuilder("# cpuhp oracle script: N w FILE HEX-BYTES | N r FILE\n");
        script.forEach(op -> s.append(op.scriptLine()).append('\n'));
        Files.writeString(dir.resolve(SCRIPT), s);
        StringBuilder c = new StringBuilder("@uname ").append(kernel).append('\n');
        for (Outcome o : outcomes) {
            c.append("@op ").append(o.n()).append('\n');
            if (o.bytes() != null) {
                c.append("@bytes ").append(o.bytes()).append('\n');
            }
            c.append("@rc ").append(o.errno().equals("ok") ? "0"
                    : o.errno().startsWith("status ") ? o.errno().substring(7) : "1 " + message(o.errno())).append('\n');
            c.append("@trace\n");
            o.trace().forEach(t -> c.append(t.text()).append('\n'));
            c.append("@dmesg\n");
            o.log().forEach(l -> c.append(l).append('\n'));
        }
        c.append("@end\n");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(c.toString().getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve(SAVED), buf.toByteArray());
    }

    private static String message(String errno) {
        if (errno.startsWith("\"")) {
            return errno.substring(1, errno.length() - 1);
        }
        try {
            return Errno.valueOf(errno).message();
        } catch (IllegalArgumentException e) {
            return errno;
        }
    }
}
