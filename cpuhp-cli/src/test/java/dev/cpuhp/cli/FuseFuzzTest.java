package dev.cpuhp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.cli.fuzz.Fuzz;
import dev.cpuhp.cli.fuzz.FuzzReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A bounded fuzz of the FUSE mount: {@code cpuhp mount} in a process of its own on a
 * temporary directory (never over /sys), every write one open and one write from this JVM
 * with a time limit. Skips where FUSE is not usable, as the mount test does.
 */
class FuseFuzzTest {
    static final long SEED = 20261123L;

    @Test
    void theMountAnswersEveryWriteWithAnErrnoAndChangesNothingItRefuses() throws Exception {
        MountTest.assumeFuse();
        String hostOnline = Files.readString(Path.of("/sys/devices/system/cpu/online"));
        FuzzReport r = Fuzz.fuse("laptop-4t", SEED, 80, null, null);
        assertEquals(0, r.violationCount(), "replay: cpuhp fuzz --surface fuse --fuse-inputs 80 --seed " + SEED + "\n" + r.text());
        assertTrue(r.text().contains("EINVAL") && r.text().contains("EACCES") && r.text().contains("EPERM"), r.text());
        assertEquals(hostOnline, Files.readString(Path.of("/sys/devices/system/cpu/online")), "this machine's CPUs are untouched");
    }
}
