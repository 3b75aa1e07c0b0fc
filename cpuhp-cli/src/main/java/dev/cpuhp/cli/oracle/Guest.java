package dev.cpuhp.cli.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real kernel's side: {@code scripts/linux-guest} boots Linux 6.12 under QEMU and runs the
 * script in it. Nothing waits forever: the script kills QEMU at its own time limit, and this
 * side gives up a little after that.
 */
public final class Guest {
    /** The topology QEMU is given; {@link SimRun#PROFILE} is its twin. */
    public static final String SMP = "8,sockets=2,cores=2,threads=2";

    private Guest() {
    }

    /** {@code scripts/linux-guest} of this checkout, if there is one (the CLI runs from the repository). */
    public static Path script() throws IOException {
        String home = System.getProperty("cpuhp.home");
        Path dir = Path.of(home != null ? home : System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path s = d.resolve("scripts/linux-guest");
            if (Files.isExecutable(s)) {
                return s;
            }
        }
        throw new IOException("scripts/linux-guest not found above " + dir + " (run cpuhp from its repository)");
    }

    /** The kernel's selftest as {@code scripts/install-deps} extracted it. */
    public static Path selftest() throws IOException {
        Path p = script().getParent().getParent().resolve(".cache/selftests/cpu-on-off-test.sh");
        if (!Files.isRegularFile(p)) {
            throw new IOException("no " + p + " (scripts/install-deps extracts it from linux-source)");
        }
        return p;
    }

    /** Why the real kernel cannot be booted here, or empty if it can. */
    public static java.util.Optional<String> unavailable() {
        try {
            Path s = script();
            Path root = s.getParent().getParent();
            boolean kernel;
            try (var files = Files.list(root.resolve(".cache/linux/boot"))) {
                kernel = files.anyMatch(f -> f.getFileName().toString().startsWith("vmlinuz-6.12"));
            } catch (IOException e) {
                kernel = false;
            }
            if (!kernel) {
                return java.util.Optional.of("no Linux 6.12 kernel in .cache/linux (scripts/install-deps fetches it)");
            }
            if (!Files.isExecutable(Path.of("/bin/busybox"))) {
                return java.util.Optional.of("no /bin/busybox for the guest's initramfs (scripts/install-deps installs busybox-static)");
            }
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, "qemu-system-x86_64"))) {
                    return java.util.Optional.empty();
                }
            }
            return java.util.Optional.of("no qemu-system-x86_64 (scripts/install-deps installs it)");
        } catch (IOException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /**
     * Runs {@code script} in the guest and leaves the capture (with the script) in {@code dir}.
     *
     * @throws IOException when the guest could not run it, with the script's reason
     */
    public static void run(List<Op> script, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(Capture.SAVED)); // an earlier run's, which would be read instead
        StringBuilder guest = new StringBuilder();
        script.forEach(op -> guest.append(op.guestLine()).append('\n'));
        Path commands = dir.resolve("guest.sh");
        Files.writeString(commands, guest);
        StringBuilder saved = new StringBuilder("# cpuhp oracle script: N w FILE HEX-BYTES | N r FILE\n");
        script.forEach(op -> saved.append(op.scriptLine()).append('\n'));
        Files.writeString(dir.resolve(Capture.SCRIPT), saved);
        List<String> cmd = new ArrayList<>(List.of(script().toString(), "--out", dir.toString(), "--smp", SMP,
                "--timeout", String.valueOf(timeoutSeconds)));
        if (script.stream().anyMatch(op -> op.kind() == Op.Kind.SELFTEST)) {
            cmd.add("--selftest");
        }
        cmd.add(commands.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("guest.log").toFile()).start();
        if (!p.waitFor(timeoutSeconds + 30L, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("the guest did not finish within " + (timeoutSeconds + 30) + " s; killed");
        }
        if (p.exitValue() != 0) {
            List<String> log = Files.readAllLines(dir.resolve("guest.log"));
            String reason = log.stream().filter(l -> l.startsWith("linux-guest:")).reduce((a, b) -> b)
                    .orElse("scripts/linux-guest exited with " + p.exitValue());
            throw new IOException(reason + " (see " + dir.resolve("guest.log") + ")");
        }
    }
}
