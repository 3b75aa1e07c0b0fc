package dev.cpuhp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cpuhp.cli.proc.Sh;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary trace of {@code cpuhp boot} as Perfetto's own trace processor reads it
 * ({@code scripts/check-pftrace}): every slice ends, no error or data-loss statistic, one
 * thread track per CPU per run, one process per strategy, and the AP's steps nested inside
 * the control CPU's kick. Skips when no trace processor is installed: none can be fetched on
 * this project's machines (the script says where it looks).
 */
class TraceProcessorTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "check-pftrace").toAbsolutePath().normalize();

    @Test
    void traceProcessorReadsTheBootTraceWithoutErrors(@TempDir Path dir) {
        Sh.Result which = Sh.run(10, SCRIPT.toString(), "--which");
        assumeTrue(which.code() == 0, () -> which.err().strip());
        CliTest.Result r = CliTest.run("boot", "--profile", "laptop-4t", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        Sh.Result check = Sh.run(300, SCRIPT.toString(), dir.resolve("trace.pftrace").toString(),
                "--expect-cpu-tracks", "12", "--expect-processes", "serial,parallel,pipelined");
        assertEquals(0, check.code(), check.toString());
        assertFalse(check.out().contains("nested_in_kick=0 "), check.out());
    }
}
