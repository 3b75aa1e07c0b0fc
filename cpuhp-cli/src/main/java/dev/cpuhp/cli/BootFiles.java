package dev.cpuhp.cli;

import dev.cpuhp.boot.BootExperiment;
import dev.cpuhp.boot.BootRun;
import dev.cpuhp.boot.BootSpec;
import dev.cpuhp.boot.TimelineSvg;
import dev.cpuhp.state.Linux618;
import dev.cpuhp.trace.AsyncSink;
import dev.cpuhp.trace.FtraceStream;
import dev.cpuhp.trace.PerfettoProtoWriter;
import dev.cpuhp.trace.PerfettoWriter;
import dev.cpuhp.trace.TraceEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The files of {@code cpuhp boot}, written while the runs go: each run's trace is streamed to
 * the Perfetto trace and to its kernel-format file as it is emitted, so no run's trace is ever
 * held in memory (an 8192-CPU boot emits about a million events per strategy). Only the JSON
 * format, which needs every event of a run before its process ends, keeps a run's trace.
 */
final class BootFiles implements AutoCloseable {
    /** Which Perfetto format to write. */
    enum Format { PROTO, JSON }

    private final Path dir;
    private final Format format;
    private final int cpus;
    private final Map<String, Path> written = new LinkedHashMap<>();
    private final OutputStream protoOut;
    private final PerfettoProtoWriter proto;
    private final List<PerfettoWriter.Run> jsonRuns = new ArrayList<>();

    BootFiles(Path dir, Format format, int cpus) throws IOException {
        this.dir = dir;
        this.format = format;
        this.cpus = cpus;
        Files.createDirectories(dir);
        if (format == Format.PROTO) {
            protoOut = Files.newOutputStream(perfettoPath());
            proto = new PerfettoProtoWriter(protoOut, Linux618::name);
        } else {
            protoOut = null;
            proto = null;
        }
    }

    private Path perfettoPath() {
        return dir.resolve(format == Format.PROTO ? "trace.pftrace" : "trace.json");
    }

    /** Runs one boot with its trace going to the files. */
    BootRun run(BootSpec spec) throws IOException {
        String strategy = spec.strategy().cliName();
        Path kernel = dir.resolve(strategy + ".trace");
        BootRun r;
        try (FtraceStream ftrace = new FtraceStream(kernel, cpus)) {
            if (format == Format.PROTO) {
                Consumer<TraceEvent> perfetto = proto.run(strategy);
                // The writers format and encode on a thread of their own, beside the simulation.
                try (AsyncSink writers = new AsyncSink("trace writer", e -> {
                    perfetto.accept(e);
                    ftrace.accept(e);
                })) {
                    r = BootExperiment.run(spec, writers);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while writing the trace", e);
                }
                proto.processInstant(perfetto, r.aps().stream().mapToLong(a -> a.done()).max().orElse(0),
                        String.format(Locale.ROOT, "bringup done: %.2f ms", r.totalNanos() / 1e6));
            } else {
                r = BootExperiment.run(spec);
                r.events().forEach(ftrace);
                jsonRuns.add(new PerfettoWriter.Run(label(r), r.events()));
            }
        }
        written.put(strategy + ": kernel trace format (cpuhp_*, csd_*)", kernel);
        return r;
    }

    /** Finishes the Perfetto trace and draws the timeline of {@code runs}. */
    void finish(String heading, List<BootRun> runs) throws IOException {
        close();
        if (format == Format.JSON) {
            try (BufferedWriter w = Files.newBufferedWriter(perfettoPath())) {
                PerfettoWriter.write(jsonRuns, Linux618::name, dev.cpuhp.state.Layout.LINUX_6_18, w);
            }
            jsonRuns.clear();
        }
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("Perfetto trace: open in https://ui.perfetto.dev", perfettoPath());
        Path svg = dir.resolve("timeline.svg");
        Files.writeString(svg, TimelineSvg.render(heading,
                runs.stream().map(r -> new TimelineSvg.Panel(label(r), r)).toList()));
        files.put("timeline picture (SVG)", svg);
        files.putAll(written);
        written.clear();
        written.putAll(files);
    }

    /** What was written, by what it is. */
    Map<String, Path> files() {
        return written;
    }

    static String label(BootRun r) {
        return String.format(Locale.ROOT, "%s: %.2f ms", r.spec().strategy().cliName(), r.totalNanos() / 1e6);
    }

    @Override
    public void close() throws IOException {
        if (proto != null) {
            proto.close();
        }
    }
}
