package dev.cpuhp.cli.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code cpuhp mount} in a process of its own, on a fresh temporary directory: a dead FUSE
 * mount hangs its readers, so the file system must never live in the JVM that reads it.
 * {@link #close()} always undoes the mount, aborting the FUSE connection if the process hangs.
 */
public final class MountProcess implements AutoCloseable {
    public final Path dir;
    public final Process process;
    private final StringBuilder output = new StringBuilder();
    /** Released when the process's output has been read to the end. */
    private final java.util.concurrent.CountDownLatch drained = new java.util.concurrent.CountDownLatch(1);

    private MountProcess(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Starts the mount and returns once it is up (or fails, with the process's output). */
    public static MountProcess start(String profile) throws IOException, InterruptedException {
        return start(profile, List.of());
    }

    /** As {@link #start(String)}, the profile's lines overridden by {@code settings} ({@code --set}). */
    public static MountProcess start(String profile, List<String> settings) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cpuhp-mount");
        String java = ProcessHandle.current().info().command().orElse("java");
        // env resets SIGINT to its default: a test JVM started in the background inherits it
        // ignored, and Ctrl-C must reach the mount as it does from a terminal.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", java, "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // jnr-ffi's, as ./cpuhp allows it
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.cpuhp.cli.Main", "mount", dir.toString(),
                "--profile", profile));
        for (String setting : settings) {
            command.addAll(List.of("--set", setting));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        MountProcess m = new MountProcess(dir, p);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (m.output) {
                        m.output.append(l).append('\n');
                    }
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // the process ended
            }
            lines.add("<eof>");
            m.drained.countDown();
        });
        while (true) {
            String l = lines.poll(60, TimeUnit.SECONDS);
            if (l == null || l.equals("<eof>")) {
                m.close();
                throw new IOException("cpuhp mount did not come up:\n" + m.output());
            }
            if (l.contains("mounted at")) {
                return m;
            }
        }
    }

    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    public boolean mounted() {
        return Sh.run(10, "mountpoint", "-q", dir.toString()).code() == 0;
    }

    /**
     * Waits for the process to end by itself and for its last words to be read (the reader runs
     * behind the exit, and a check of {@link #output()} right after the exit could miss them);
     * its exit code, or -1 if it did not end within the limit.
     */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return -1;
        }
        drained.await(seconds, TimeUnit.SECONDS);
        return process.exitValue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (mounted()) {
            Sh.run(20, "fusermount", "-u", "-z", dir.toString());
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            // a dead mount: abort its connection so nothing hangs on it
            Sh.bash(10, "d=$(mountpoint -d " + dir + " 2>/dev/null) && echo 1 > /sys/fs/fuse/connections/${d#*:}/abort");
            Sh.run(10, "fusermount", "-u", "-z", dir.toString());
        }
        Files.deleteIfExists(dir);
    }
}
