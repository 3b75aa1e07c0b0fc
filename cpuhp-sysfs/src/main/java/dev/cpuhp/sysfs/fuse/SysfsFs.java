package dev.cpuhp.sysfs.fuse;

import dev.cpuhp.errno.Errno;
import dev.cpuhp.sysfs.EngineFailure;
import dev.cpuhp.sysfs.Node;
import dev.cpuhp.sysfs.SysfsTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntSupplier;
import jnr.ffi.Pointer;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * A {@link SysfsTree} as a FUSE file system: directories 0755, attributes 0444 or 0644 and
 * 4096 bytes long as in sysfs, reads that return the attribute's current content, writes that
 * return the store's count or the kernel's errno to the writing process. Mounted with
 * {@code direct_io} (a short read is end of file) and no attribute caching, so every
 * {@code cat} sees the machine as it is.
 */
public final class SysfsFs extends FuseStubFS {
    /** sysfs reports every attribute as one page long. */
    private static final long ATTR_SIZE = 4096;
    private static final int O_ACCMODE = 3;
    private static final int O_RDONLY = 0;

    private final SysfsTree tree;
    private final CountDownLatch ready = new CountDownLatch(1);

    public SysfsFs(SysfsTree tree) {
        this.tree = tree;
    }

    /** Counted down once the kernel has initialised the mount. */
    public CountDownLatch ready() {
        return ready;
    }

    @Override
    public Pointer init(Pointer conn) {
        ready.countDown();
        return null;
    }

    @Override
    public int getattr(String path, FileStat stat) {
        return guarded("getattr", path, () -> {
            Optional<Node> n = tree.lookup(path);
            if (n.isEmpty()) {
                return Errno.ENOENT.ret();
            }
            if (n.get() instanceof Node.Dir) {
                stat.st_mode.set(FileStat.S_IFDIR | n.get().mode());
                stat.st_nlink.set(2);
            } else {
                stat.st_mode.set(FileStat.S_IFREG | n.get().mode());
                stat.st_nlink.set(1);
                stat.st_size.set(ATTR_SIZE);
            }
            return 0;
        });
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        return guarded("readdir", path, () -> {
            var listing = tree.list(path);
            if (!listing.ok()) {
                return listing.error().ret();
            }
            filler.apply(buf, ".", null, 0);
            filler.apply(buf, "..", null, 0);
            for (Node n : listing.entries()) {
                filler.apply(buf, n.name(), null, 0);
            }
            return 0;
        });
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        return guarded("open", path, () -> {
            if ((fi.flags.get() & O_ACCMODE) != O_RDONLY) {
                return tree.openForWrite(path);
            }
            var n = tree.lookup(path);
            return n.isEmpty() ? Errno.ENOENT.ret() : 0;
        });
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return guarded("read", path, () -> {
            SysfsTree.Read r = tree.read(path);
            if (!r.ok()) {
                return r.error().ret();
            }
            byte[] bytes = r.content().getBytes(StandardCharsets.ISO_8859_1);
            if (offset >= bytes.length) {
                return 0;
            }
            int n = (int) Math.min(size, bytes.length - offset);
            buf.put(0, bytes, (int) offset, n);
            return n;
        });
    }

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return guarded("write", path, () -> {
            byte[] bytes = new byte[(int) size];
            buf.get(0, bytes, 0, bytes.length);
            return tree.write(path, bytes, writer());
        });
    }

    /** {@code O_TRUNC} of {@code echo > file} arrives as a truncate: sysfs ignores it. */
    @Override
    public int truncate(String path, @off_t long size) {
        return guarded("truncate", path, () -> tree.openForWrite(path));
    }

    // kernfs has no create/mkdir/unlink/rmdir/rename: the VFS answers EACCES for a create and
    // EPERM for the others. FuseStubFS would answer 0, which would lie.

    @Override
    public int create(String path, @jnr.ffi.types.mode_t long mode, FuseFileInfo fi) {
        return Errno.EACCES.ret();
    }

    @Override
    public int mkdir(String path, @jnr.ffi.types.mode_t long mode) {
        return Errno.EPERM.ret();
    }

    @Override
    public int unlink(String path) {
        return Errno.EPERM.ret();
    }

    @Override
    public int rmdir(String path) {
        return Errno.EPERM.ret();
    }

    @Override
    public int rename(String oldpath, String newpath) {
        return Errno.EPERM.ret();
    }

    /**
     * Runs one FUSE operation so that nothing escapes it: an exception out of a callback would
     * leave the caller's request unanswered and its process hung on the mount. A failure of
     * the engine answers {@code EIO}, goes to the kernel log and, as one line, to standard error.
     */
    private int guarded(String op, String path, IntSupplier body) {
        try {
            return body.getAsInt();
        } catch (Throwable t) {
            EngineFailure f = EngineFailure.of(t);
            System.err.println("cpuhp mount: " + op + " " + path + ": " + f.summary());
            try {
                f.log(tree.machine().log(), "fuse " + op + " " + path);
            } catch (Throwable ignored) {
                // the machine is gone; the line above said what happened
            }
            return Errno.EIO.ret();
        }
    }

    /** The writing process's name, from /proc, so traces show who drove a transition. */
    private String writer() {
        try {
            long pid = getContext().pid.get();
            String comm = Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
            return comm.isEmpty() ? "fuse" : comm;
        } catch (IOException | RuntimeException e) {
            return "fuse";
        }
    }
}
