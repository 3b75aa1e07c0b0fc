package dev.cpuhp.cli.oracle;

import dev.cpuhp.Machine;
import dev.cpuhp.cli.proc.CpuNamespace;
import dev.cpuhp.cli.proc.Sh;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.sysfs.SysfsTree;
import dev.cpuhp.sysfs.fuse.Mount;
import dev.cpuhp.trace.FtraceWriter;
import dev.cpuhp.trace.TraceEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * cpuhp's side of a run: a machine configured as the guest is (its profile: Linux 6.12's
 * table, 2x2x2 with siblings adjacent; no {@code CONFIG_CPU_HOTPLUG_STATE_CONTROL}), booted
 * with parallel bringup, and the script's operations made on its sysfs tree one by one by a
 * writer task named and opening files as the guest's ({@code dd}: {@code O_CREAT}), each with the
 * trace (kernel format, so only what the kernel would show) and the log lines it caused.
 */
public final class SimRun {
    /** The guest's shape, as {@code scripts/linux-guest} boots it by default. */
    public static final String PROFILE = "qemu-6.12";
    public static final String WRITER = "dd";

    private SimRun() {
    }

    /**
     * Runs {@code script}; {@code progress} hears each operation's number.
     *
     * @param selftest the kernel's {@code cpu-on-off-test.sh}, for the script's selftest
     *                 operations: it runs against the machine mounted with FUSE, in a private
     *                 mount namespace (root only); null if the script has none
     */
    public static List<Outcome> run(List<Op> script, String profile, long seed, Path selftest, IntConsumer progress)
            throws IOException, InterruptedException {
        List<Outcome> out = new ArrayList<>();
        Path dir = null;
        Mount mount = null;
        try (Machine m = Machine.builder().profile(profile).stateControl(false).seed(seed).deterministic(seed).boot()) {
            SysfsTree tree = new SysfsTree(m);
            out.add(new Outcome(0, "ok", null, trace(m), List.of()));
            for (Op op : script) {
                m.tracer().clear();
                int logged = m.log().lines().size();
                String errno;
                String bytes = null;
                if (op.kind() == Op.Kind.SELFTEST) {
                    if (mount == null) {
                        dir = Files.createTempDirectory("cpuhp-oracle-mount");
                        mount = Mount.start(tree, dir, 30);
                    }
                    Sh.Result r = CpuNamespace.run(dir.resolve("sys/devices/system/cpu"), 600,
                            "bash " + selftest + " " + op.args() + " 2>&1");
                    errno = r.code() == 0 ? "ok" : "status " + r.code();
                    bytes = Outcome.selftestOutput(r.out());
                } else if (op.isWrite()) {
                    int open = tree.openForWriteCreating(Op.ROOT + op.file());
                    int ret = open < 0 ? open : tree.write(Op.ROOT + op.file(), op.value(), WRITER);
                    errno = ret < 0 ? Errno.of(ret).map(Enum::name).orElse("errno " + -ret) : "ok";
                } else {
                    SysfsTree.Read r = tree.read(Op.ROOT + op.file());
                    errno = r.ok() ? "ok" : r.error().name();
                    bytes = r.ok() ? HexFormat.of().formatHex(r.content().getBytes(StandardCharsets.ISO_8859_1)) : "";
                }
                m.settle();
                List<String> log = m.log().lines();
                out.add(new Outcome(op.n(), errno, bytes, trace(m),
                        log.subList(Math.min(logged, log.size()), log.size()).stream()
                                .map(l -> l.replaceFirst("^\\[[ \\d.]+\\] ", "")).toList()));
                progress.accept(op.n());
            }
        } finally {
            if (mount != null) {
                mount.close();
                Files.deleteIfExists(dir);
            }
        }
        return out;
    }

    private static List<TraceLine> trace(Machine m) {
        List<TraceLine> lines = new ArrayList<>();
        for (TraceEvent e : m.tracer().snapshot()) {
            FtraceWriter.line(e).flatMap(TraceLine::parse).ifPresent(lines::add);
        }
        return lines;
    }

}
