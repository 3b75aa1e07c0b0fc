package dev.cpuhp.cli;

import dev.cpuhp.Machine;
import dev.cpuhp.sysfs.SysfsTree;
import dev.cpuhp.sysfs.fuse.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cpuhp mount DIR}: a live machine's sysfs, with FUSE, until unmounted. */
@Command(name = "mount", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Mount a live machine's /sys and /proc/cpuinfo at DIR, with FUSE.",
                "",
                "DIR/sys/devices/system/cpu behaves as Linux 6.18's: cat and echo work, a",
                "refused write fails with the kernel's errno, lscpu --sysroot DIR draws the",
                "machine. Runs in the foreground until `fusermount -u DIR` or Ctrl-C.",
                "",
                "Bound over /sys/devices/system/cpu in a private mount namespace, chcpu and",
                "the kernel's cpu-on-off-test.sh run against it unchanged:",
                "  unshare -m sh -c 'mount --bind DIR/sys/devices/system/cpu \\",
                "      /sys/devices/system/cpu && chcpu -d 5'",
                "The machine's real /sys is never written."})
final class MountCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "An empty directory to mount on.")
    Path dir;

    @Mixin
    LiveMachineOptions live;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(cl, dir + ": no such directory");
        }
        try (Machine m = live.boot(cl)) {
            SysfsTree tree = new SysfsTree(m);
            Mount mount;
            try {
                mount = Mount.start(tree, dir.toAbsolutePath(), 30);
            } catch (IllegalStateException | UnsatisfiedLinkError e) {
                System.err.println("cpuhp mount: " + e.getMessage()
                        + "\n  (FUSE needs /dev/fuse, fusermount and libfuse2: apt-get install fuse3 libfuse2)");
                return 1;
            }
            // On Ctrl-C the JVM halts once its hooks return: the hook waits for this thread to
            // see the unmount and say so, or the last line would race the halt and be lost.
            java.util.concurrent.CountDownLatch said = new java.util.concurrent.CountDownLatch(1);
            Thread hook = new Thread(() -> {
                mount.unmount();
                try {
                    said.await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "unmount");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.println("cpuhp: " + m.profile().name() + " (" + m.nrCpuIds() + " CPUs, "
                    + m.masks().online().toList() + " online) mounted at " + dir.toAbsolutePath());
            System.out.println("cpuhp: try: lscpu --sysroot " + dir + "; unmount with: fusermount -u " + dir);
            System.out.flush();
            mount.awaitUnmount();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: Ctrl-C
            }
            System.out.println("cpuhp: unmounted " + dir.toAbsolutePath());
            System.out.flush();
            said.countDown();
            return 0;
        }
    }
}
