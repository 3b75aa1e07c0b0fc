package dev.cpuhp.sysfs;

import static dev.cpuhp.sysfs.Node.dir;
import static dev.cpuhp.sysfs.Node.ro;

import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files a live simulated machine shows, laid out like a root file system:
 * {@code /sys/devices/system/cpu/...}, {@code /sys/devices/system/node/...} and
 * {@code /proc/cpuinfo}, with Linux's read formats and write semantics byte for byte.
 *
 * <p>Reads are computed from the machine's state at the moment of the read. A write is one
 * {@code _store()} call: it returns the bytes taken or the kernel's negative errno, and a
 * write that fails changes nothing. Writes run as a task of the machine named after the
 * writer, so traces show who drove a transition.
 */
public final class SysfsTree {
    /** What kernfs takes of one write to a sysfs attribute at most: one page. */
    public static final int PAGE_SIZE = 4096;

    private final Machine machine;
    private final CpuDevices devices;
    private final Node.Dir root;

    public SysfsTree(Machine machine) {
        this.machine = machine;
        this.devices = new CpuDevices(machine);
        CpuAttributes cpu = new CpuAttributes(machine, devices);
        NodeAttributes node = new NodeAttributes(machine);
        CpuInfo cpuinfo = new CpuInfo(machine);
        this.root = dir("", () -> List.of(
                dir("sys", () -> List.of(
                        dir("devices", () -> List.of(
                                dir("system", () -> List.of(cpu.directory(), node.directory())))))),
                dir("proc", () -> List.of(ro("cpuinfo", cpuinfo::show)))));
    }

    public Machine machine() {
        return machine;
    }

    /** The device core's view of the CPUs. */
    public CpuDevices devices() {
        return devices;
    }

    /** The entry at an absolute path such as {@code /sys/devices/system/cpu/online}. */
    public Optional<Node> lookup(String path) {
        Node at = root;
        for (String part : components(path)) {
            if (!(at instanceof Node.Dir d)) {
                return Optional.empty();
            }
            at = d.entries().get().stream().filter(n -> n.name().equals(part)).findFirst().orElse(null);
            if (at == null) {
                return Optional.empty();
            }
        }
        return Optional.of(at);
    }

    /**
     * {@code path} made absolute and plain: empty components and "." dropped, ".." taken back
     * (never above the root), as the kernel's path walk does for a tree without symlinks.
     */
    public static String normalize(String path) {
        return "/" + String.join("/", components(path));
    }

    private static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else if (!p.isEmpty() && !p.equals(".")) {
                parts.add(p);
            }
        }
        return parts;
    }

    /** What a read returns: the content, or why not. */
    public record Read(String content, Errno error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Reads a file whole. ENOENT for no such path, EISDIR for a directory. */
    public Read read(String path) {
        Optional<Node> n = lookup(path);
        if (n.isEmpty()) {
            return new Read(null, Errno.ENOENT);
        }
        if (!(n.get() instanceof Node.Attr a)) {
            return new Read(null, Errno.EISDIR);
        }
        return new Read(a.show().get(), null);
    }

    /**
     * Checks that {@code path} may be opened for writing: ENOENT, EISDIR, or EACCES for a
     * read-only attribute (sysfs refuses even root); 0 if writable.
     */
    public int openForWrite(String path) {
        Optional<Node> n = lookup(path);
        return writable(n).isPresent() ? 0 : openError(n).ret();
    }

    /**
     * {@link #openForWrite(String)} with {@code O_CREAT}, as a shell's {@code >} and {@code dd}
     * open: a name a sysfs directory does not have cannot be created (kernfs directories have no
     * {@code create}), so that is EACCES, not ENOENT; a missing directory is still ENOENT.
     */
    public int openForWriteCreating(String path) {
        String p = normalize(path);
        if (lookup(p).isEmpty() && p.lastIndexOf('/') > 0 && lookup(p.substring(0, p.lastIndexOf('/')))
                .filter(d -> d instanceof Node.Dir).isPresent()) {
            return Errno.EACCES.ret();
        }
        return openForWrite(p);
    }

    /**
     * One {@code write(2)} of {@code data} to {@code path} by a task named {@code comm}, as
     * kernfs and sysfs take it: a zero-length write stores nothing and returns 0; at most one
     * page ({@link #PAGE_SIZE} bytes) is taken per write, so a longer one is short and the
     * writer writes the rest again, as {@code write(2)} loops do; the store sees the bytes as
     * the C string kernfs makes of them, up to the first NUL, and takes them all.
     *
     * @return bytes taken, or a negative errno
     */
    public int write(String path, byte[] data, String comm) {
        Optional<Node> n = lookup(path);
        Optional<Node.Attr> a = writable(n);
        if (a.isEmpty()) {
            return openError(n).ret();
        }
        if (data.length == 0) {
            return 0;
        }
        int count = Math.min(data.length, PAGE_SIZE);
        String buf = cString(data, count);
        int control = machine.masks().online().first();
        int ret = machine.runAs(comm, control, () -> a.get().store().store(buf));
        return ret < 0 ? ret : count;
    }

    /** {@link #write(String, byte[], String)} of {@code text} in UTF-8, as a shell's echo writes it. */
    public int write(String path, String text, String comm) {
        return write(path, text.getBytes(StandardCharsets.UTF_8), comm);
    }

    /** The first {@code count} bytes up to a NUL, one char per byte (kernfs NUL-terminates the buffer). */
    private static String cString(byte[] data, int count) {
        int end = 0;
        while (end < count && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static Optional<Node.Attr> writable(Optional<Node> n) {
        return n.filter(x -> x instanceof Node.Attr a && a.writable()).map(Node.Attr.class::cast);
    }

    /** Why a node that is not a writable attribute cannot be opened for writing. */
    private static Errno openError(Optional<Node> n) {
        return n.isEmpty() ? Errno.ENOENT : n.get() instanceof Node.Dir ? Errno.EISDIR : Errno.EACCES;
    }

    /** The entries of a directory, or ENOENT / ENOTDIR. */
    public record Listing(List<Node> entries, Errno error) {
        public boolean ok() {
            return error == null;
        }
    }

    public Listing list(String path) {
        Optional<Node> n = lookup(path);
        if (n.isEmpty()) {
            return new Listing(List.of(), Errno.ENOENT);
        }
        if (!(n.get() instanceof Node.Dir d)) {
            return new Listing(List.of(), Errno.ENOTDIR);
        }
        return new Listing(d.entries().get(), null);
    }
}
