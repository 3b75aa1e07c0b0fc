package dev.cpuhp.sysfs.fuse;

import dev.cpuhp.sysfs.SysfsTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Mounts a {@link SysfsTree} at a directory and keeps it there until unmounted: by
 * {@link #unmount()}, or from outside with {@code fusermount -u DIR}.
 */
public final class Mount implements AutoCloseable {
    private final SysfsFs fs;
    private final Path dir;
    private final Thread loop;
    private volatile Throwable failure;

    private Mount(SysfsFs fs, Path dir, Thread loop) {
        this.fs = fs;
        this.dir = dir;
        this.loop = loop;
    }

    /** The options of every mount: fresh attributes on every lookup, no page cache. */
    static String[] options() {
        List<String> o = new ArrayList<>(List.of("-o", "fsname=cpuhp,subtype=cpuhp,direct_io,"
                + "attr_timeout=0,entry_timeout=0,negative_timeout=0"));
        if ("root".equals(System.getProperty("user.name"))) {
            o.add("-o");
            o.add("allow_other");
        }
        return o.toArray(String[]::new);
    }

    /**
     * Mounts and waits until the kernel has initialised the mount.
     *
     * @throws IllegalStateException if the mount did not come up within {@code seconds}
     */
    public static Mount start(SysfsTree tree, Path dir, long seconds) throws InterruptedException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a directory");
        }
        SysfsFs fs = new SysfsFs(tree);
        Mount[] self = new Mount[1];
        Thread loop = Thread.ofPlatform().name("fuse-loop").start(() -> {
            try {
                fs.mount(dir, true, false, options());
            } catch (Throwable e) {
                self[0].failure = e;
                fs.ready().countDown();
            }
        });
        self[0] = new Mount(fs, dir, loop);
        if (!fs.ready().await(seconds, TimeUnit.SECONDS)) {
            self[0].unmount();
            throw new IllegalStateException("the FUSE mount at " + dir + " did not come up within " + seconds + " s");
        }
        if (self[0].failure != null) {
            throw new IllegalStateException("mounting " + dir + " failed: " + self[0].failure.getMessage(), self[0].failure);
        }
        return self[0];
    }

    public Path dir() {
        return dir;
    }

    /** Blocks until the file system is unmounted (from here or from outside). */
    public void awaitUnmount() throws InterruptedException {
        loop.join();
    }

    public void unmount() {
        fs.umount();
    }

    @Override
    public void close() throws InterruptedException {
        unmount();
        loop.join(TimeUnit.SECONDS.toMillis(10));
    }
}
