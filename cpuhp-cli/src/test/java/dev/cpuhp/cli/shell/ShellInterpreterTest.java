package dev.cpuhp.cli.shell;

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
    ShellInterpreter shell;
    /** Runs lines and shows what they printed, output then errors. */
    Console sh;

    record Console(ShellInterpreter shell) {
        String run(String line) {
            Outcome o = shell.run(line);
            return o.out() + o.err();
        }

        List<String> complete(String word) {
            return shell.complete(word);
        }

        String resolve(String p) {
            return shell.resolve(p);
        }
    }

    @BeforeEach
    void boot() {
        m = Machine.builder().ideal(1, 2, 2).boot();
        shell = new ShellInterpreter(new SysfsTree(m));
        sh = new Console(shell);
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
            "echo 1 > online|online: Permission denied",
            "echo 1 > cpu9/online|cpu9/online: No such file or directory",
            "echo 1 > cpu3|cpu3: Is a directory",
            "cat cpu3|cat: cpu3: Is a directory",
            "cat nothing|cat: nothing: No such file or directory",
            "cd online|cd: online: Not a directory",
            "cd cpu9|cd: cpu9: No such file or directory",
            "ls cpu9|ls: cannot access 'cpu9': No such file or directory",
            "trace many|trace: many: not a number",
            "frobnicate|frobnicate: command not found (try help)",
            "echo 1 > a > b|echo: one redirection at a time",
            "echo 1 >|syntax error: > needs a file after it",
            "> x|syntax error: a redirection needs a command before it",
            "cat online > x|cat: only echo can be redirected here",
            "cat|cat: missing file operand (standard input is the shell's)",
            "cd a b|cd: too many arguments",
            "ls -a|ls: invalid option -- 'a' (only -l)",
            "ls cpu1 cpu2|ls: one directory at a time",
            "set -x|set: -x: invalid option (only -e and +e)",
            "echo 'a|unexpected end of line while looking for matching `''",
            "echo \"a|unexpected end of line while looking for matching `\"'",
            "echo 0 > cpu3/online; cat online|syntax error: ';' is not supported here (one command per line; quote it to mean the character)",
            "cat online & cat|syntax error: '&' is not supported here (one command per line; quote it to mean the character)"})
    void errorsReadAsBashsAndChangeNothing(String line, String message) {
        String before = sh.run("cat online offline cpu3/hotplug/state cpu3/hotplug/target cpu3/hotplug/fail");
        Outcome o = shell.run(line);
        assertEquals(message + "\n", o.err());
        assertEquals("", o.out());
        assertTrue(o.status() != 0, "a failure has a non-zero status");
        assertEquals(before, sh.run("cat online offline cpu3/hotplug/state cpu3/hotplug/target cpu3/hotplug/fail"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "echo 0 > cpu3/online|0",
            "cat online|0",
            "echo 5 > cpu3/hotplug/target|1",
            "echo 1 > online|1",
            "cat nothing|1",
            "cd nothing|1",
            "ls nothing|2",
            "trace -1|2",
            "echo 'a|2",
            "frobnicate|127"})
    void statusesAreBashs(String line, int status) {
        assertEquals(status, shell.run(line).status());
        assertEquals(status, shell.status());
        assertEquals(status + "\n", sh.run("echo $?"), "$? is the last status");
    }

    @Test
    void commentsAndBlankLinesRunNothingAndKeepTheStatus() {
        shell.run("cat nothing");
        for (String line : new String[] {"", "   ", "# echo 0 > cpu3/online", "  # comment", "\t"}) {
            assertEquals(new Outcome("", "", 0), shell.run(line), line);
            assertEquals(1, shell.status());
        }
        assertEquals("0-3\n", sh.run("cat online # the mask"));
        assertEquals("a#b\n", sh.run("echo a#b"));
        assertEquals("# x\n", sh.run("echo '# x'"));
    }

    @Test
    void quotedOperatorsAreText() {
        assertEquals("> ; | #\n", sh.run("echo '>' ';' \"|\" \\#"));
        assertEquals(" 1\n", sh.run("echo \\ 1"));
        assertEquals("a\"b$\n", sh.run("echo \"a\\\"b\\$\""));
    }

    @Test
    void theRedirectionMayStandAnywhereAndAppendIsAWrite() {
        assertEquals("", sh.run("echo > cpu3/online 0"));
        assertEquals("0\n", sh.run("cat cpu3/online"));
        assertEquals("", sh.run("echo 1 >> cpu3/online"));
        assertEquals("1\n", sh.run("cat cpu3/online"));
    }

    @Test
    void exitTakesBashsStatus() {
        assertEquals(3, exitWith("exit 3"));
        assertEquals(255, exitWith("exit -1"));
        assertEquals(44, exitWith("exit 300"));
        assertEquals(2, exitWith("exit abc"));
        assertEquals(2, exitWith("exit 99999999999999999999"));
        shell = new ShellInterpreter(new SysfsTree(m));
        shell.run("cat nothing");
        assertEquals(1, shell.run("exit").status(), "exit alone: the last status");
        assertTrue(shell.exited());
        shell = new ShellInterpreter(new SysfsTree(m));
        assertEquals(1, shell.run("exit 1 2").status());
        assertTrue(!shell.exited(), "too many arguments: bash stays");
    }

    private int exitWith(String line) {
        ShellInterpreter s = new ShellInterpreter(new SysfsTree(m));
        int status = s.run(line).status();
        assertTrue(s.exited(), line);
        assertEquals(status, s.status());
        return status;
    }

    @Test
    void setEStopsAtTheFirstFailure() {
        shell.run("cat nothing");
        assertTrue(!shell.exited(), "without set -e a failure goes on");
        shell.run("set -e");
        shell.run("cat online");
        assertTrue(!shell.exited());
        assertEquals(1, shell.run("echo 5 > cpu3/hotplug/target").status());
        assertTrue(shell.exited());
        assertEquals(1, shell.status());
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
        assertTrue(shell.exited());
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

    private static List<String> words(String line) {
        return ShellWords.split(line, 0).words().stream().map(ShellWords.Word::text).toList();
    }

    @Test
    void wordsSplitOnSpacesAndRedirectionAndKeepQuotes() {
        assertEquals(List.of("echo", "1", ">", "cpu1/online"), words("echo 1>cpu1/online"));
        assertEquals(List.of("echo", "a b", ">", "x"), words("  echo 'a b' > x "));
        assertEquals(List.of("echo", "", ">", "x"), words("echo \"\" > x"));
        assertEquals(List.of("echo", "1", ">>", "x"), words("echo 1>>x"));
        assertEquals(List.of(), words("   "));
        assertTrue(ShellWords.split("echo '>' > x", 0).words().get(1).redirect() == false, "a quoted > is text");
    }
}
