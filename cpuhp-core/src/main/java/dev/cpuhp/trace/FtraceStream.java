package dev.cpuhp.trace;

import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import dev.cpuhp.trace.TraceEvent.CpuhpExit;
import dev.cpuhp.trace.TraceEvent.CpuhpMultiEnter;
import dev.cpuhp.trace.TraceEvent.CsdFunctionEntry;
import dev.cpuhp.trace.TraceEvent.CsdFunctionExit;
import dev.cpuhp.trace.TraceEvent.CsdQueueCpu;
import dev.cpuhp.trace.TraceEvent.SyncPoint;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Streams a run to a file in the kernel's trace format, byte for byte what
 * {@link FtraceWriter#write} prints, without holding the events: lines go to a side file as
 * they come, and {@link #close()} writes the header (which counts them) and appends the lines
 * with a kernel-side copy.
 *
 * <p>{@link FtraceWriter#line} stays the definition of a line; this class formats the same
 * fields with appends instead of {@code String.format}, which at a million lines per run was
 * a quarter of a large boot's time (JFR). {@code FtraceStreamTest} holds the two equal.
 * Not thread-safe: feed it from one thread, or under one lock.
 */
public final class FtraceStream implements Consumer<TraceEvent>, Closeable {
    private final Path file;
    private final Path body;
    private final int cpus;
    private final OutputStream out;
    /** Lines not yet written: handed to the writer 64 KiB at a time, not one string per line. */
    private final StringBuilder pending = new StringBuilder(1 << 17);
    private long lines;

    public FtraceStream(Path file, int cpus) throws IOException {
        this.file = file;
        this.body = file.resolveSibling(file.getFileName() + ".part");
        this.cpus = cpus;
        this.out = Files.newOutputStream(body);
    }

    @Override
    public void accept(TraceEvent e) {
        // as FtraceWriter.line(): ftrace records nothing on a CPU outside cpu_online_mask
        if (e.ctx().visibleInFtrace() && format(e, pending)) {
            lines++;
            if (pending.length() >= 1 << 16) {
                drain();
            }
        }
    }

    private void drain() {
        try {
            // An all-ASCII string encodes by a plain copy; a Writer would widen and narrow every char.
            out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        pending.setLength(0);
    }

    @Override
    public void close() throws IOException {
        drain();
        out.close();
        try (FileChannel dst = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             FileChannel src = FileChannel.open(body, StandardOpenOption.READ)) {
            dst.write(StandardCharsets.UTF_8.encode(FtraceWriter.header(lines, lines, cpus)));
            long at = 0;
            long size = src.size();
            while (at < size) {
                at += src.transferTo(at, size - at, dst);
            }
        } finally {
            Files.deleteIfExists(body);
        }
    }

    /** Appends {@code e}'s trace line (with newline) to {@code sb}; false for events with no tracepoint. */
    static boolean format(TraceEvent e, StringBuilder sb) {
        if (e instanceof SyncPoint) {
            return false;
        }
        Ctx c = e.ctx();
        pad(sb, c.comm(), 16);
        sb.append('-');
        int start = sb.length();
        sb.append(c.pid());
        spaces(sb, 7 - (sb.length() - start));
        sb.append(" [");
        zeros(sb, c.cpu(), 3);
        sb.append("] ").append(c.irqsOff() ? 'd' : '.').append("....").append(' ');
        long micros = c.ts() / 1000;
        right(sb, micros / 1_000_000, 5);
        sb.append('.');
        zeros(sb, micros % 1_000_000, 6);
        sb.append(": ").append(e.name()).append(": ");
        switch (e) {
            case CpuhpEnter x -> enter(sb, x.cpu(), x.target(), x.idx(), x.fun());
            case CpuhpMultiEnter x -> enter(sb, x.cpu(), x.target(), x.idx(), x.fun());
            case CpuhpExit x -> {
                sb.append(" cpu: ");
                zeros(sb, x.cpu(), 4);
                sb.append("  state: ");
                right(sb, x.state(), 3);
                sb.append(" step: ");
                right(sb, x.idx(), 3);
                sb.append(" ret: ").append(x.ret());
            }
            case CsdQueueCpu x -> {
                sb.append("cpu=").append(x.cpu()).append(" callsite=").append(x.callsite())
                        .append(" func=").append(x.func()).append(" csd=");
                pointer(sb, x.csd());
            }
            case CsdFunctionEntry x -> {
                sb.append("func=").append(x.func()).append(", csd=");
                pointer(sb, x.csd());
            }
            case CsdFunctionExit x -> {
                sb.append("func=").append(x.func()).append(", csd=");
                pointer(sb, x.csd());
            }
            case SyncPoint x -> throw new AssertionError(x);
        }
        sb.append('\n');
        return true;
    }

    /** {@link FtraceWriter#pointer}: sixteen hex digits of the hashed id. */
    private static void pointer(StringBuilder sb, long id) {
        String hex = Long.toHexString(id == 0 ? 0 : FtraceWriter.mix(id));
        for (int i = hex.length(); i < 16; i++) {
            sb.append('0');
        }
        sb.append(hex);
    }

    private static void enter(StringBuilder sb, int cpu, int target, int idx, String fun) {
        sb.append("cpu: ");
        zeros(sb, cpu, 4);
        sb.append(" target: ");
        right(sb, target, 3);
        sb.append(" step: ");
        right(sb, idx, 3);
        sb.append(" (").append(fun).append(')');
    }

    /** {@code %Ns}. */
    private static void pad(StringBuilder sb, String s, int width) {
        spaces(sb, width - s.length());
        sb.append(s);
    }

    /** {@code %Nd}. */
    private static void right(StringBuilder sb, long v, int width) {
        spaces(sb, width - digits(v));
        sb.append(v);
    }

    /** {@code %0Nd}: the sign first, then zeros to the width. */
    private static void zeros(StringBuilder sb, long v, int width) {
        int n = digits(v);
        if (v < 0) {
            sb.append('-');
            v = -v;
            n--;
            width--;
        }
        for (int i = n; i < width; i++) {
            sb.append('0');
        }
        sb.append(v);
    }

    private static int digits(long v) {
        int n = v < 0 ? 2 : 1;
        for (long a = Math.abs(v); a >= 10; a /= 10) {
            n++;
        }
        return n;
    }

    private static void spaces(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) {
            sb.append(' ');
        }
    }
}
