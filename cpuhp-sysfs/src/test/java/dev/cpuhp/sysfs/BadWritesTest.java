package dev.cpuhp.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad value the reference lists, written to every file it applies to: the write fails
 * with the kernel's errno and the whole tree reads exactly as before.
 */
class BadWritesTest extends TreeTest {
    @BeforeEach
    void offlineCpu3() {
        // CPU 3 offline, so both an online and an offline CPU exist
        assertEquals(2, tree.write(CPU + "/cpu3/online", "0\n", "sh"));
    }

    private String snapshot() {
        return TreeDump.dump(tree, "/sys") + tree.read("/proc/cpuinfo").content()
                + m.hotplug().state(1).state() + "/" + m.hotplug().state(3).state();
    }

    private void assertRefused(String path, String value, Errno errno) {
        String before = snapshot();
        int ret = tree.write(path, value, "sh");
        assertEquals(errno.ret(), ret, "write \"" + value.replace("\n", "\\n") + "\" to " + path);
        assertEquals(before, snapshot(), "nothing changed after writing \"" + value + "\" to " + path);
    }

    @Test
    void everyReadOnlyFileRefusesWritesWithEacces() {
        List<String> readOnly = new ArrayList<>();
        for (String f : TreeDump.files(tree, "/sys")) {
            if (tree.lookup(f).orElseThrow() instanceof Node.Attr a && !a.writable()) {
                readOnly.add(f);
            }
        }
        readOnly.add("/proc/cpuinfo");
        assertTrue(readOnly.size() > 50, readOnly.size() + " read-only files");
        for (String f : readOnly) {
            assertEquals(0444, tree.lookup(f).orElseThrow().mode(), f);
            assertRefused(f, "1\n", Errno.EACCES);
        }
    }

    @Test
    void missingFilesAndDirectories() {
        assertRefused(CPU + "/cpu0/online", "0", Errno.ENOENT); // x86: the boot CPU has no online file
        assertRefused(CPU + "/cpu4/online", "0", Errno.ENOENT);
        assertRefused(CPU + "/cpu3/topology/core_id", "0", Errno.ENOENT); // offline CPU: no topology/
        assertRefused(CPU + "/hotplug", "0", Errno.EISDIR);
        assertEquals(Errno.ENOENT, tree.read(CPU + "/nope").error());
        assertEquals(Errno.EISDIR, tree.read(CPU).error());
        assertEquals(Errno.ENOTDIR, tree.list(CPU + "/online").error());
    }

    static Stream<Arguments> onlineValues() {
        return Stream.of("2", "maybe", "\n", "O", "x", " 1", "o", "-1", "\u00001").map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("onlineValues")
    void onlineRefusesWhatKstrtoboolRefuses(String value) {
        for (int cpu : new int[] {1, 3}) {
            assertRefused(CPU + "/cpu" + cpu + "/online", value, Errno.EINVAL);
        }
    }

    static Stream<Arguments> targetValues() {
        return Stream.of(
                Arguments.of("5", Errno.EINVAL),          // no such named state
                Arguments.of("-2", Errno.EINVAL),
                Arguments.of("237", Errno.EINVAL),
                Arguments.of("300", Errno.EINVAL),
                Arguments.of("1", Errno.EINVAL),          // threads:prepare is cant_stop
                Arguments.of("83", Errno.EINVAL),         // cpu:bringup is cant_stop
                Arguments.of("85", Errno.EINVAL),         // ap:offline is cant_stop
                Arguments.of("87", Errno.EINVAL),         // sched:starting: a CPU cannot rest in its atomic section
                Arguments.of("143", Errno.EINVAL),        // ap:online: named, not cant_stop, still no resting place
                Arguments.of("144", Errno.EINVAL),        // cpu:teardown is cant_stop
                Arguments.of("145", Errno.EINVAL),        // AP_ONLINE_IDLE has no name
                Arguments.of("220", Errno.EINVAL),        // an empty dynamic slot
                Arguments.of(" 236", Errno.EINVAL),
                Arguments.of("236 ", Errno.EINVAL),
                Arguments.of("0x10", Errno.EINVAL),
                Arguments.of("abc", Errno.EINVAL),
                Arguments.of("\n", Errno.EINVAL),
                Arguments.of("\u0000236", Errno.EINVAL),
                Arguments.of("99999999999", Errno.ERANGE),
                Arguments.of("-99999999999", Errno.ERANGE));
    }

    @ParameterizedTest
    @MethodSource("targetValues")
    void targetRefusesUnnamedCantStopAndMalformedStates(String value, Errno errno) {
        for (int cpu : new int[] {0, 1, 3}) {
            assertRefused(CPU + "/cpu" + cpu + "/hotplug/target", value, errno);
        }
    }

    @Test
    void withoutStateControlTargetTakesOnlyOfflineAndOnline() {
        use(Machine.builder().ideal(1, 2, 2).stateControl(false).boot());
        for (String v : new String[] {"87", "187", "58", "235"}) {
            assertRefused(CPU + "/cpu1/hotplug/target", v, Errno.EINVAL);
        }
        assertEquals(2, tree.write(CPU + "/cpu1/hotplug/target", "0\n", "sh"));
        assertEquals(4, tree.write(CPU + "/cpu1/hotplug/target", "236\n", "sh"));
    }

    static Stream<Arguments> failValuesOnline() {
        return Stream.of(
                Arguments.of("-2", Errno.EINVAL),
                Arguments.of("237", Errno.EINVAL),
                Arguments.of("300", Errno.EINVAL),
                Arguments.of("87", Errno.EINVAL),     // atomic STARTING/DYING
                Arguments.of("140", Errno.EINVAL),    // atomic
                Arguments.of("2", Errno.EINVAL),      // dead callbacks cannot fail while the CPU is up
                Arguments.of("83", Errno.EINVAL),
                Arguments.of("160", Errno.EINVAL),    // no callbacks
                Arguments.of("145", Errno.EINVAL),
                Arguments.of("abc", Errno.EINVAL),
                Arguments.of("1 ", Errno.EINVAL),
                Arguments.of("99999999999", Errno.ERANGE));
    }

    @ParameterizedTest
    @MethodSource("failValuesOnline")
    void failRefusesWhatCannotFail(String value, Errno errno) {
        assertRefused(CPU + "/cpu1/hotplug/fail", value, errno);
    }

    @Test
    void failAcceptsDeadCallbacksOnlyWhileTheCpuIsDown() {
        assertRefused(CPU + "/cpu1/hotplug/fail", "58", Errno.EINVAL);
        assertEquals(3, tree.write(CPU + "/cpu3/hotplug/fail", "58\n", "sh"));
        assertEquals("58\n", tree.read(CPU + "/cpu3/hotplug/fail").content());
        assertEquals(3, tree.write(CPU + "/cpu3/hotplug/fail", "-1\n", "sh"));
        assertEquals("-1\n", tree.read(CPU + "/cpu3/hotplug/fail").content());
    }

    @Test
    void smtControlRefusesBadValuesAndForceoffIsFinal() {
        for (String v : new String[] {"bogus", "3", "0", "-1", "on on", " on", "\n"}) {
            assertRefused(CPU + "/smt/control", v, Errno.EINVAL);
        }
        assertEquals(9, tree.write(CPU + "/smt/control", "forceoff\n", "sh"));
        for (String v : new String[] {"on", "off", "2", "bogus"}) {
            assertRefused(CPU + "/smt/control", v, Errno.EPERM);
        }
    }

    @Test
    void smtControlWithoutSmtIsEnodevWhateverTheValue() {
        use(Machine.builder().ideal(1, 4, 1).boot());
        assertEquals("notsupported\n", tree.read(CPU + "/smt/control").content());
        for (String v : new String[] {"on", "off", "bogus", "forceoff"}) {
            assertRefused(CPU + "/smt/control", v, Errno.ENODEV);
        }
    }

    @Test
    void operationalRefusals() {
        // the last online CPU
        assertEquals(2, tree.write(CPU + "/cpu1/online", "0\n", "sh"));
        assertEquals(2, tree.write(CPU + "/cpu2/online", "0\n", "sh"));
        assertRefused(CPU + "/cpu0/hotplug/target", "0", Errno.EBUSY);
        // hotplug disabled: online retries EBUSY five times, then gives up with EBUSY
        m.hotplug().disable();
        long t0 = m.scheduler().now();
        assertRefused(CPU + "/cpu1/online", "1", Errno.EBUSY);
        assertEquals(620_000_000L, m.scheduler().now() - t0, "20+40+80+160+320 ms of retries");
        assertRefused(CPU + "/cpu1/hotplug/target", "236", Errno.EBUSY);
        m.hotplug().enable();
        // an injected failure: the operation fails with EAGAIN and rolls back
        assertEquals(3, tree.write(CPU + "/cpu1/hotplug/fail", "58\n", "sh"));
        assertEquals(Errno.EAGAIN.ret(), tree.write(CPU + "/cpu1/online", "1", "sh"));
        assertEquals("-1\n", tree.read(CPU + "/cpu1/hotplug/fail").content());
        assertEquals("0\n", tree.read(CPU + "/cpu1/online").content());
        assertEquals("0\n", tree.read(CPU + "/cpu1/hotplug/state").content());
        // a CPU that never comes alive
        m.platform().faults().neverAlive(1, true);
        assertEquals(Errno.EIO.ret(), tree.write(CPU + "/cpu1/online", "1", "sh"));
        assertEquals("0\n", tree.read(CPU + "/cpu1/online").content());
    }
}
