package dev.cpuhp.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.sched.SimulationDeadlockError;
import dev.cpuhp.sysfs.FailingEngine;
import dev.cpuhp.sysfs.SysfsTree;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A script on standard input runs as bash runs one: output on stdout, errors on stderr with
 * their line number, bash's exit status, and no input that stops it before its end.
 */
class ShellSessionTest {
    Machine m;

    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void boot() {
        m = Machine.builder().ideal(1, 2, 2).boot();
    }

    @AfterEach
    void close() {
        m.close();
    }

    Run run(byte[] script) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ShellSession.run(new ShellInterpreter(new SysfsTree(m)), new ByteArrayInputStream(script), out, err);
        return new Run(status, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1));
    }

    Run run(String script) throws Exception {
        return run(script.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void outputOnStdoutErrorsOnStderrWithTheirLine() throws Exception {
        Run r = run("cat online\necho 5 > cpu3/hotplug/target\n\n# a comment\ncat nothing\ncat offline\n");
        assertEquals("0-3\n\n", r.out());
        assertEquals("cpuhp: line 2: echo: write error: Invalid argument\n"
                + "cpuhp: line 5: cat: nothing: No such file or directory\n", r.err());
        assertEquals(0, r.status(), "bash's rule: the last command's status");
    }

    @Test
    void theExitStatusIsTheLastCommands() throws Exception {
        assertEquals(1, run("cat online\necho 5 > cpu3/hotplug/target\n").status());
        assertEquals(127, run("frobnicate").status(), "a last line without a newline runs too");
        assertEquals(1, run("cat nothing\n# a comment keeps it\n\n").status());
        assertEquals(0, run("").status());
    }

    @Test
    void exitAndSetEEndTheScript() throws Exception {
        Run r = run("exit 4\necho 0 > cpu3/online\n");
        assertEquals(4, r.status());
        assertEquals("1\n", new SysfsTree(m).read("/sys/devices/system/cpu/cpu3/online").content(), "nothing after exit ran");
        r = run("set -e\necho 5 > cpu3/hotplug/target\necho 0 > cpu3/online\n");
        assertEquals(1, r.status());
        assertEquals("1\n", new SysfsTree(m).read("/sys/devices/system/cpu/cpu3/online").content(), "set -e stopped it");
    }

    @Test
    void noInputStopsIt() throws Exception {
        byte[] longLine = new byte[LineInput.MAX_LINE * 3];
        Arrays.fill(longLine, (byte) '1');
        byte[] binary = new byte[254]; // every byte but NUL and newline
        for (int i = 0, b = 1; i < binary.length; b++) {
            if (b != '\n') {
                binary[i++] = (byte) b;
            }
        }
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        script.write("echo ".getBytes(StandardCharsets.US_ASCII));
        script.write(longLine);
        script.write(" > cpu3/online\n".getBytes(StandardCharsets.US_ASCII));
        script.write("echo 0\0 > cpu3/online\n".getBytes(StandardCharsets.US_ASCII));
        script.write(binary);
        script.write('\n');
        script.write(new byte[] {(byte) 0xff, (byte) 0xfe, 'e', 'c', 'h', 'o', ' ', (byte) 0xc3, '\n'});
        script.write("echo 'unterminated\necho \"also\n".getBytes(StandardCharsets.US_ASCII));
        script.write("echo 1 > cpu2/online\\\n".getBytes(StandardCharsets.US_ASCII));
        script.write("cat cpu3/online\n".getBytes(StandardCharsets.US_ASCII));
        Run r = run(script.toByteArray());
        assertEquals("1\n", r.out().lines().reduce((a, b) -> b).orElse("") + "\n", "it reached the last line:\n" + r.out());
        String[] errors = r.err().split("\n");
        assertEquals("cpuhp: line 1: line of " + (longLine.length + 19) + " bytes is longer than 65536, ignored", errors[0]);
        assertEquals("cpuhp: line 2: NUL byte in the line, ignored", errors[1]);
        assertTrue(errors[2].startsWith("cpuhp: line 3: "), r.err());
        assertTrue(r.err().contains("cpuhp: line 5: unexpected end of line while looking for matching `''\n"), r.err());
        assertTrue(r.err().contains("cpuhp: line 6: unexpected end of line while looking for matching `\"'\n"), r.err());
        assertTrue(r.err().contains("cpuhp: line 7: syntax error: \\ at the end of the line (no continuation lines here)\n"),
                r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertEquals(0, r.status());
    }

    @Test
    void bytesReachTheFileAsTheyAre() throws Exception {
        // 0xff is no digit: EINVAL, as the kernel answers the same bytes
        Run r = run(new byte[] {'e', 'c', 'h', 'o', ' ', '1', (byte) 0xff, ' ', '>', ' ', 'c', 'p', 'u', '3', '/',
            'h', 'o', 't', 'p', 'l', 'u', 'g', '/', 'f', 'a', 'i', 'l', '\n'});
        assertEquals("cpuhp: line 1: echo: write error: Invalid argument\n", r.err());
        r = run(new byte[] {'c', 'a', 't', ' ', (byte) 0xc3, (byte) 0xa9, '\n'});
        assertEquals("cpuhp: line 1: cat: \u00c3\u00a9: No such file or directory\n", r.err(), "the name's bytes, as given");
    }

    @Test
    void anEngineFailureIsOneLineAndTheShellGoesOn() throws Exception {
        FailingEngine engine = FailingEngine.on(m);
        for (int cpu = 3; cpu >= 1; cpu--) {
            m.hotplug().cpuDown(cpu);
        }
        engine.arm(new SimulationDeadlockError("simulation deadlock: injected by the test\n  sh-9  blocked on nothing"));
        assertEquals(3, run("echo 1 > cpu3/online\n").status(), "a deadlock's status is 3, as every command's");
        engine.arm(new AssertionError("a bug"));
        Run bug = run("echo 1 > cpu2/online\n");
        assertEquals(70, bug.status(), "any other engine failure's is 70");
        assertEquals("cpuhp: line 1: internal error: AssertionError: a bug (dmesg has the report)\n", bug.err());
        engine.arm(new SimulationDeadlockError("simulation deadlock: injected by the test\n  sh-9  blocked on nothing"));
        Run r = run("echo 1 > cpu1/online\ncat online\n");
        assertEquals("cpuhp: line 1: simulation deadlock: injected by the test (dmesg has the report)\n", r.err());
        assertEquals("0\n", r.out(), "the shell went on");
        assertEquals(0, r.status());
        assertTrue(m.log().lines().stream().anyMatch(l -> l.contains("cpuhp: shell: simulation deadlock: injected")),
                String.join("\n", m.log().lines()));
    }
}
