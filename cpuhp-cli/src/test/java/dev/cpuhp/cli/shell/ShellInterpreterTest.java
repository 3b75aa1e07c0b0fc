package dev.cpuhp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.sysfs.SysfsTree;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shell's commands say what bash says, and a write that fails changes nothing. */
class ShellInterpreterTest {
    Machine m;
    ShellInterpreter sh;

    @BeforeEach
    void boot() {
        m = Machine.builder().ideal(1, 2, 2).boot();
        sh = new ShellInterpreter(new SysfsTree(m));
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void catAndEchoDriveACpu() {
        assertEquals("0-3\n", sh.run("cat online"));
        assertEquals("", sh.run("echo 0 > cpu3/online"));
        assertEquals("0-2\n3\n", sh.run("cat online offline"));
        assertEquals("0\n", sh.run("cat cpu3/online"));
        assertEquals("", sh.run("echo 1 >cpu3/online"));
        assertEquals("1\n", sh.run("cat /sys/devices/system/cpu/cpu3/online"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "echo 5 > cpu3/hotplug/target|echo: write error: Invalid argument",
            "echo 2 > cpu3/online|echo: write error: Invalid argument",
            "echo 1 > online|sh: online: Permission denied",
            "echo 1 > cpu9/online|sh: cpu9/online: No such file or directory",
            "echo 1 > cpu3|sh: cpu3: Is a directory",
            "cat cpu3|cat: cpu3: Is a directory",
            "cat nothing|cat: nothing: No such file or directory",
            "cd online|cd: online: Not a directory",
            "cd cpu9|cd: cpu9: No such file or directory",
            "ls cpu9|ls: cannot access 'cpu9': No such file or directory",
            "trace many|trace: many: not a number",
            "frobnicate|frobnicate: command not found (try help)",
            "echo 1 > a b|echo: usage: echo [-n] VALUE > PATH"})
    void errorsReadAsBashs(String line, String message) {
        String before = sh.run("cat online offline cpu3/hotplug/state cpu3/hotplug/target cpu3/hotplug/fail");
        assertEquals(message + "\n", sh.run(line));
        assertEquals(before, sh.run("cat online offline cpu3/hotplug/state cpu3/hotplug/target cpu3/hotplug/fail"));
    }

    @Test
    void injectedFailureSurfacesAsTheErrno() {
        String teardown = sh.run("cat hotplug/states").lines().filter(l -> l.endsWith("sched:active"))
                .findFirst().orElseThrow().split(":")[0];
        assertEquals("", sh.run("echo " + teardown + " > cpu2/hotplug/fail"));
        assertEquals("echo: write error: Resource temporarily unavailable\n", sh.run("echo 0 > cpu2/online"));
        assertEquals("1\n", sh.run("cat cpu2/online"));
    }

    @Test
    void cdAndLsWalkTheTree() {
        assertEquals("/sys/devices/system/cpu\n", sh.run("pwd"));
        assertEquals("", sh.run("cd cpu1/hotplug"));
        assertEquals("/sys/devices/system/cpu/cpu1/hotplug\n", sh.run("pwd"));
        assertEquals("fail\nstate\ntarget\n", sh.run("ls"));
        assertEquals("-rw-r--r-- fail\n-r--r--r-- state\n-rw-r--r-- target\n", sh.run("ls -l"));
        assertEquals("", sh.run("cd ../../smt"));
        assertEquals("active\ncontrol\n", sh.run("ls"));
        assertEquals("", sh.run("cd"));
        assertEquals("/sys/devices/system/cpu\n", sh.run("pwd"));
        assertTrue(sh.run("ls").contains("cpu1/\n"));
    }

    @Test
    void echoWithoutRedirectionPrints() {
        assertEquals("a b\n", sh.run("echo a b"));
        assertEquals("x", sh.run("echo -n x"));
    }

    @Test
    void traceShowsTheLastLinesInKernelFormat() {
        sh.run("echo 0 > cpu3/online");
        String t = sh.run("trace 3");
        assertEquals(3, t.lines().count(), t);
        assertTrue(t.lines().allMatch(l -> l.contains("cpuhp_")), t);
        assertTrue(t.contains("cpu: 0003"), t);
    }

    /** Issue 7, bug 4: {@code trace -1} threw out of subList and killed the shell. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "trace -1|trace: -1: not a count (0 or more)",
            "trace -99999999999999999999|trace: -99999999999999999999: not a count (0 or more)",
            "trace 1x|trace: 1x: not a number",
            "trace ''|trace: : not a number",
            "trace 1 2|trace: too many arguments"})
    void traceRefusesBadCountsWithOneLine(String line, String message) {
        assertEquals(message + "\n", sh.run(line));
    }

    @Test
    void traceTakesAnyCountUpToEverything() {
        sh.run("echo 0 > cpu3/online");
        assertEquals("", sh.run("trace 0"));
        String all = sh.run("trace 99999999999999999999999");
        assertEquals(all, sh.run("trace " + Long.MAX_VALUE));
        assertTrue(all.lines().count() > 20, all);
    }

    @Test
    void dmesgShowsTheKernelLog() {
        assertTrue(sh.run("dmesg").contains("smp: Brought up"), sh.run("dmesg"));
    }

    @Test
    void exitEndsTheSession() {
        sh.run("exit");
        assertTrue(sh.exited());
    }

    @Test
    void completionOffersTheEntriesOfTheNamedDirectory() {
        assertEquals(List.of("cpu1/hotplug/fail"), sh.complete("cpu1/hotplug/f"));
        assertEquals(List.of("cpu1/hotplug/"), sh.complete("cpu1/hot"));
        assertEquals(List.of("/sys/devices/system/cpu/smt/active", "/sys/devices/system/cpu/smt/control"),
                sh.complete("/sys/devices/system/cpu/smt/"));
        assertEquals(List.of("cpu0/", "cpu1/", "cpu2/", "cpu3/"), sh.complete("cpu").stream()
                .filter(c -> c.endsWith("/")).toList());
        assertEquals(List.of(), sh.complete("cpu9/"));
        assertEquals(List.of("../../system/"), sh.complete("../../sys"));
    }

    @Test
    void resolveNormalisesRelativePaths() {
        assertEquals("/sys/devices/system/cpu/cpu1", sh.resolve("./cpu1/"));
        assertEquals("/sys/devices/system", sh.resolve(".."));
        assertEquals("/", sh.resolve("/../.."));
        assertEquals("/proc/cpuinfo", sh.resolve("//proc//cpuinfo"));
    }

    @Test
    void wordsSplitOnSpacesAndRedirectionAndKeepQuotes() {
        assertEquals(List.of("echo", "1", ">", "cpu1/online"), ShellInterpreter.words("echo 1>cpu1/online"));
        assertEquals(List.of("echo", "a b", ">", "x"), ShellInterpreter.words("  echo 'a b' > x "));
        assertEquals(List.of("echo", "", ">", "x"), ShellInterpreter.words("echo \"\" > x"));
        assertEquals(List.of(), ShellInterpreter.words("   "));
    }
}
