package dev.cpuhp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cpuhp.cli.proc.CpuNamespace;
import dev.cpuhp.cli.proc.MountProcess;
import dev.cpuhp.cli.proc.Sh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code cpuhp mount} with real tools: the file system runs in a process of its own (a dead
 * FUSE mount hangs its readers), every access is time-limited, and the mount is always undone.
 * Tools that drive /sys/devices/system/cpu directly (chcpu, the kernel's selftest) run in a
 * private mount namespace where the simulated tree is bound over that path, after checking
 * the bind took: the real /sys of this machine is never written.
 *
 * <p>Needs /dev/fuse, fusermount, libfuse2, lscpu and chcpu (scripts/install-deps installs
 * them); skips, saying what is missing, where they are not there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MountTest {
    static final String CPU = "/sys/devices/system/cpu";

    MountProcess fs;
    Path dir;
    String hostOnline;

    @BeforeAll
    void mount() throws Exception {
        assumeFuse();
        hostOnline = Files.readString(Path.of(CPU + "/online"));
        fs = MountProcess.start("skl-2s-112t");
        dir = fs.dir;
    }

    static void assumeFuse() {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse");
        assumeTrue(Sh.bash(10, "command -v fusermount && command -v lscpu && command -v chcpu").code() == 0,
                "fusermount, lscpu or chcpu missing (scripts/install-deps installs them)");
        assumeTrue(Sh.bash(10, "ldconfig -p | grep -q 'libfuse\\.so\\.2 '").code() == 0, "libfuse2 missing");
    }

    @AfterAll
    void unmount() throws Exception {
        if (fs == null) {
            return;
        }
        assertEquals(0, Sh.run(20, "fusermount", "-u", dir.toString()).code(), "fusermount -u");
        try {
            assertEquals(0, fs.awaitExit(20), "cpuhp mount ends by itself once unmounted\n" + fs.output());
            assertTrue(fs.output().contains("cpuhp: unmounted " + dir), fs.output());
        } finally {
            fs.close();
        }
        if (hostOnline != null) {
            assertEquals(hostOnline, Files.readString(Path.of(CPU + "/online")), "this machine's CPUs are untouched");
        }
    }

    @Test
    void anInterruptUnmountsCleanly() throws Exception {
        try (MountProcess other = MountProcess.start("laptop-4t")) {
            assertEquals("0-3\n", Sh.run(10, "cat", other.dir + CPU + "/online").out());
            assertEquals(0, Sh.run(10, "kill", "-INT", Long.toString(other.process.pid())).code());
            other.awaitExit(20);
            assertTrue(other.output().contains("cpuhp: unmounted " + other.dir), other.output());
            assertTrue(!other.mounted(), "still mounted after Ctrl-C");
        }
    }

    private String sys() {
        return dir + CPU;
    }

    @Test
    void readsAndModesAreSysfsOnes() {
        assertEquals("0-111\n", Sh.run(10, "cat", sys() + "/online").out());
        assertEquals("444 4096\n", Sh.run(10, "stat", "-c", "%a %s", sys() + "/online").out());
        assertEquals("644\n", Sh.run(10, "stat", "-c", "%a", sys() + "/cpu3/online").out());
        assertEquals("644\n", Sh.run(10, "stat", "-c", "%a", sys() + "/cpu3/hotplug/target").out());
        assertEquals("444\n", Sh.run(10, "stat", "-c", "%a", sys() + "/cpu3/hotplug/state").out());
        assertEquals("755\n", Sh.run(10, "stat", "-c", "%a", sys() + "/cpu3/hotplug").out());
        assertTrue(Sh.run(10, "ls", sys()).out().contains("cpu111\n"));
        assertTrue(Sh.run(10, "grep", "-c", "^processor", dir + "/proc/cpuinfo").out().equals("112\n"));
    }

    @Test
    void aRefusedWriteFailsInTheShellWithTheKernelsErrno() {
        Sh.Result r = Sh.bash(10, "echo 5 > " + sys() + "/cpu3/hotplug/target");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("Invalid argument"), r.toString());
        r = Sh.bash(10, "echo 1 > " + sys() + "/online");
        assertTrue(r.err().contains("Permission denied"), r.toString());
        r = Sh.bash(10, "echo 1 > " + sys() + "/cpu0/online");
        assertTrue(r.err().contains("Permission denied"), r.toString());
        r = Sh.bash(10, "echo 87 > " + sys() + "/cpu3/hotplug/fail");
        assertTrue(r.err().contains("Invalid argument"), r.toString());
        r = Sh.bash(10, "echo 99999999999 > " + sys() + "/cpu3/hotplug/fail");
        assertTrue(r.err().contains("Numerical result out of range"), r.toString());
        assertEquals("-1\n", Sh.run(10, "cat", sys() + "/cpu3/hotplug/fail").out());
    }

    @Test
    void writesTakeEffectAndLscpuDrawsTheMachine() {
        assertEquals(0, Sh.bash(20, "echo 0 > " + sys() + "/cpu3/online").code());
        try {
            assertEquals("0-2,4-111\n", Sh.run(10, "cat", sys() + "/online").out());
            assertEquals("0\n", Sh.run(10, "cat", sys() + "/cpu3/hotplug/state").out());
            Sh.Result lscpu = Sh.run(30, "lscpu", "--sysroot", dir.toString());
            assertEquals(0, lscpu.code(), lscpu.toString());
            for (String row : new String[] {"CPU\\(s\\):\\s+112", "On-line CPU\\(s\\) list:\\s+0-2,4-111",
                    "Off-line CPU\\(s\\) list:\\s+3", "Thread\\(s\\) per core:\\s+2", "Core\\(s\\) per socket:\\s+28",
                    "Socket\\(s\\):\\s+2", "NUMA node\\(s\\):\\s+2", "Model name:\\s+Intel\\(R\\) Xeon\\(R\\) Platinum 8180",
                    "NUMA node0 CPU\\(s\\):\\s+0-2,4-27,56-83"}) {
                assertTrue(Pattern.compile(row).matcher(lscpu.out()).find(), row + " in\n" + lscpu.out());
            }
        } finally {
            assertEquals(0, Sh.bash(20, "echo 1 > " + sys() + "/cpu3/online").code());
        }
        assertEquals("0-111\n", Sh.run(10, "cat", sys() + "/online").out());
    }

    /** A shell in a private mount namespace where the simulated tree is bound over the real path. */
    private Sh.Result inNamespace(long seconds, String script) {
        var why = CpuNamespace.unavailable();
        assumeTrue(why.isEmpty(), () -> why.orElse(""));
        return CpuNamespace.run(Path.of(sys()), seconds, script);
    }

    @Test
    void chcpuWorksUnchangedInAPrivateNamespace() {
        Sh.Result r = inNamespace(60, String.join("\n",
                "set -e",
                "chcpu -d 5,7",
                "cat " + CPU + "/online " + CPU + "/cpu5/online",
                "chcpu -e 5,7",
                "cat " + CPU + "/online"));
        assertEquals(0, r.code(), r.toString());
        assertEquals("0-4,6,8-111\n0\n0-111\n", r.out().replaceAll("CPU \\d+ (dis|en)abled\n", ""), r.toString());
        assertTrue(r.out().contains("CPU 5 disabled") && r.out().contains("CPU 7 enabled"), r.toString());
    }

    private Path selftest() {
        Path p = Path.of("..", ".cache", "selftests", "cpu-on-off-test.sh").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(p), "the kernel's cpu-on-off-test.sh is not at " + p + " (scripts/install-deps)");
        return p;
    }

    @Test
    void theKernelsSelftestPassesInLimitedMode() {
        Sh.Result r = inNamespace(120, "bash " + selftest());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Limited scope test: one hotplug cpu"), r.toString());
        assertTrue(!r.err().contains("unexpected"), r.toString()); // its failure reports
    }

    @Test
    void theKernelsSelftestPassesInFullMode() {
        Sh.Result r = inNamespace(300, "bash " + selftest() + " -a");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Full scope test: all hotplug cpus"), r.toString());
        assertEquals("0-111\n", Sh.run(10, "cat", sys() + "/online").out(), "-a leaves every CPU online");
    }
}
