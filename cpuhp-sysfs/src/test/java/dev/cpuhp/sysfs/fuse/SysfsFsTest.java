package dev.cpuhp.sysfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.sched.SimulationDeadlockError;
import dev.cpuhp.sysfs.FailingEngine;
import dev.cpuhp.sysfs.SysfsTree;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

/**
 * The FUSE operations called directly, without a mount: a failure of the engine under one
 * answers EIO to the caller instead of escaping into libfuse, where it would leave the
 * request unanswered and the writer hung.
 */
class SysfsFsTest {
    static final String CPU = "/sys/devices/system/cpu";

    private static int write(SysfsFs fs, String path, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        Pointer buf = Memory.allocateDirect(Runtime.getSystemRuntime(), Math.max(1, bytes.length));
        buf.put(0, bytes, 0, bytes.length);
        return fs.write(path, buf, bytes.length, 0, null);
    }

    @Test
    void anEngineFailureUnderAWriteIsEioAndTheFileSystemGoesOn() {
        try (Machine m = Machine.builder().ideal(1, 2, 2).boot()) {
            SysfsTree tree = new SysfsTree(m);
            SysfsFs fs = new SysfsFs(tree);
            FailingEngine engine = FailingEngine.on(m);
            assertEquals(2, write(fs, CPU + "/cpu3/online", "0\n"));
            engine.arm(new SimulationDeadlockError("simulation deadlock: injected by the test"));
            assertEquals(-5, write(fs, CPU + "/cpu3/online", "1\n"), "EIO");
            assertTrue(m.log().lines().stream().anyMatch(l -> l.contains("cpuhp: fuse write " + CPU
                    + "/cpu3/online: simulation deadlock: injected by the test")), String.join("\n", m.log().lines()));
            assertEquals(-22, write(fs, CPU + "/cpu2/online", "x\n"), "the next write gets its own answer");
        }
    }
}
