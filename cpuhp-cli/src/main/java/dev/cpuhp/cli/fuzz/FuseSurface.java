package dev.cpuhp.cli.fuzz;

import dev.cpuhp.cli.proc.MountProcess;
import dev.cpuhp.cli.proc.Sh;
import dev.cpuhp.errno.Errno;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code cpuhp mount} as programs use it: the machine in a process of its own (a dead FUSE
 * mount hangs its readers, so never in this one), each input one {@code open(2)} and one
 * {@code write(2)} from this process, and every access with a time limit. Other inputs are
 * what kernfs refuses: creating, removing and renaming files, making directories. A write the
 * engine failed under answers EIO; the mount process says so on its standard error, which is
 * how it is told apart from the EIO a CPU that never comes alive gets.
 */
final class FuseSurface implements Surface {
    private static final long TIMEOUT_S = 30;

    private final String profile;
    private final List<String> settings;
    private final ExecutorService io = Executors.newCachedThreadPool(r -> Thread.ofPlatform().daemon().name("fuzz-io").unstarted(r));
    private MountProcess mount;
    private int outputSeen;

    FuseSurface(String profile, List<String> settings) throws IOException, InterruptedException {
        this.profile = profile;
        this.settings = settings;
        restart();
    }

    /** Why this machine cannot mount, or empty if it can. */
    static Optional<String> unavailable() {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return Optional.of("no /dev/fuse");
        }
        if (Sh.bash(10, "command -v fusermount").code() != 0) {
            return Optional.of("no fusermount (scripts/install-deps installs fuse3)");
        }
        if (Sh.bash(10, "ldconfig -p | grep -q 'libfuse\\.so\\.2 '").code() != 0) {
            return Optional.of("no libfuse2 (scripts/install-deps installs it)");
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return "fuse";
    }

    @Override
    public void restart() throws IOException, InterruptedException {
        if (mount != null) {
            mount.close();
        }
        mount = MountProcess.start(profile, settings);
        outputSeen = mount.output().length();
    }

    private Path at(String path) {
        return Path.of(mount.dir + path);
    }

    @Override
    public Result write(Inputs in, Target target, byte[] payload) throws Exception {
        Path p = at(in.spelling(target.path()));
        String input = "write(" + p + ", \"" + Inputs.escape(payload, 120) + "\")";
        return timed(input, () -> {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(payload));
                return Result.accepted(input);
            }
        });
    }

    @Override
    public Result other(Inputs in) throws Exception {
        var r = in.random();
        Path p = at(in.spelling(in.target()));
        Path dir = at(Inputs.CPU + "/cpu" + r.nextInt(in.cpus()));
        return switch (r.nextInt(5)) {
            case 0 -> timed("create " + dir + "/new", () -> {
                Files.createFile(dir.resolve("new"));
                return Result.crash("creating a file worked", "create");
            });
            case 1 -> timed("mkdir " + dir + "/d", () -> {
                Files.createDirectory(dir.resolve("d"));
                return Result.crash("mkdir worked", "mkdir");
            });
            case 2 -> timed("unlink " + p, () -> {
                Files.delete(p);
                return Result.crash("unlink worked", "unlink");
            });
            case 3 -> timed("rename " + p, () -> {
                Files.move(p, dir.resolve("moved"));
                return Result.crash("rename worked", "rename");
            });
            default -> timed("read " + p, () -> {
                Files.readAllBytes(p);
                return Result.accepted("read " + p);
            });
        };
    }

    /** Runs one access with the time limit; an IOException is the errno the kernel gave. */
    private Result timed(String input, Callable<Result> access) throws Exception {
        Future<Result> f = io.submit(() -> {
            try {
                return access.call();
            } catch (IOException e) {
                Optional<Errno> errno = errno(e);
                return errno.map(x -> Result.errno(x, x.message(), input))
                        .orElseGet(() -> Result.crash("an error that is no errno: " + e, input));
            }
        });
        Result r;
        try {
            r = f.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return Result.crash("no answer within " + TIMEOUT_S + " s: the mount hangs", input);
        }
        String said = mount.output().substring(outputSeen);
        outputSeen += said.length();
        if (said.contains("cpuhp mount: ")) {
            return Result.engine(said.lines().filter(l -> l.contains("cpuhp mount: ")).findFirst().orElse(said), input);
        }
        if (!mount.process.isAlive()) {
            return Result.crash("the mount process died: " + said, input);
        }
        return r;
    }

    /** The errno behind a Java I/O exception: its class for some, strerror(3)'s text for the rest. */
    private static Optional<Errno> errno(IOException e) {
        if (e instanceof NoSuchFileException) {
            return Optional.of(Errno.ENOENT);
        }
        if (e instanceof AccessDeniedException) {
            return Optional.of(Errno.EACCES);
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return reason == null ? Optional.empty() : Result.byMessage(reason.strip());
    }

    @Override
    public Snapshot snapshot() throws Exception {
        Future<Snapshot> f = io.submit(() -> {
            Map<String, String> out = new TreeMap<>();
            walk(at("/sys"), out);
            read(at("/proc/cpuinfo"), out);
            return new Snapshot(out);
        });
        try {
            return f.get(TIMEOUT_S * 2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("reading the mount took over " + TIMEOUT_S * 2 + " s: it hangs");
        }
    }

    private void walk(Path dir, Map<String, String> out) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isDirectory(p)) {
                    walk(p, out);
                } else {
                    read(p, out);
                }
            }
        } catch (NoSuchFileException gone) {
            // a CPU's topology/ goes away as it goes offline: not there now
        }
    }

    private void read(Path p, Map<String, String> out) {
        String key = p.toString().substring(mount.dir.toString().length());
        try {
            out.put(key, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            out.put(key, "<" + errno(e).map(Enum::name).orElse(e.toString()) + ">");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (mount != null) {
            mount.close();
        }
        io.shutdownNow();
    }
}
