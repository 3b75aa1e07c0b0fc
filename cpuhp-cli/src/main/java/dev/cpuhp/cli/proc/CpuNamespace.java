package dev.cpuhp.cli.proc;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs a script in a private mount namespace where a simulated CPU directory is bound over
 * {@code /sys/devices/system/cpu}, so tools with fixed paths (chcpu, the kernel's selftest) see
 * the simulated machine. The real directory is never written: the script does not start unless
 * the bind took and the path is a cpuhp FUSE mount.
 */
public final class CpuNamespace {
    public static final String CPU = "/sys/devices/system/cpu";

    private CpuNamespace() {
    }

    /** Why it cannot be done here (not root, no {@code unshare -m}), or empty. */
    public static Optional<String> unavailable() {
        if (!Sh.run(10, "id", "-u").out().strip().equals("0")) {
            return Optional.of("needs root for unshare -m");
        }
        if (Sh.run(10, "unshare", "-m", "true").code() != 0) {
            return Optional.of("unshare -m is not permitted here");
        }
        return Optional.empty();
    }

    /** {@code script} under bash, with {@code simulated} (a mounted cpuhp {@code .../cpu}) bound over the real path. */
    public static Sh.Result run(Path simulated, long seconds, String script) {
        return Sh.run(seconds, "unshare", "-m", "bash", "-c", String.join("\n",
                "mount --bind " + simulated + " " + CPU + " || exit 90",
                "[ \"$(findmnt -n -o FSTYPE --mountpoint " + CPU + ")\" = fuse.cpuhp ] || { echo 'the bind did not take' >&2; exit 91; }",
                script));
    }
}
