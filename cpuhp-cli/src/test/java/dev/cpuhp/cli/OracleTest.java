package dev.cpuhp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpuhp.cli.oracle.Guest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code cpuhp oracle}: Linux itself as the oracle. A real Linux 6.12 guest's answers to a
 * 100-operation script are kept as a fixture (captured by {@code cpuhp oracle --seed 1 --ops 100
 * --save}), so the comparison with cpuhp runs in every build; where QEMU and the kernel are
 * installed the guest is booted again and a fresh script compared.
 */
class OracleTest {
    static final Path FIXTURE = Path.of("src/test/resources/oracle/seed-1").toAbsolutePath();

    @Test
    void cpuhpAgreesWithTheSavedRealKernelRun() throws Exception {
        CliTest.Result r = CliTest.run("oracle", "--real", FIXTURE.toString(), "--json", "--no-progress");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("ops").asInt() >= 100, r.out());
        assertEquals(j.get("ops").asInt(), j.get("compared").asInt());
        assertEquals(0, j.get("differences").asInt(), r.out());
        assertEquals("6.12.117+deb12-amd64", j.get("kernel").asText());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void textReportEndsWithTheFigures() {
        CliTest.Result r = CliTest.run("oracle", "--real", FIXTURE.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)cpuhp oracle: Linux 6\\.12\\.117.*\nops \\d+, compared \\d+, differences 0\n"), r.out());
    }

    @Test
    void badInputIsOneLine() {
        CliTest.Result ops = CliTest.run("oracle", "--ops", "0");
        assertEquals(2, ops.code());
        assertTrue(ops.err().startsWith("cpuhp oracle: --ops must be 1-5000, got 0\n"), ops.err());
        CliTest.Result dir = CliTest.run("oracle", "--real", "/nonexistent/capture", "--no-progress");
        assertEquals(74, dir.code());
        assertEquals("cpuhp oracle: /nonexistent/capture: no script.txt (not a capture directory)\n", dir.err());
    }

    /** The real thing: boots Linux 6.12 under QEMU (about 3 minutes with software emulation). */
    @Test
    void aFreshScriptOnTheRealKernelAgrees() throws Exception {
        var why = Guest.unavailable();
        assumeTrue(why.isEmpty(), () -> "the real kernel cannot be booted here: " + why.orElse(""));
        CliTest.Result r = CliTest.run("oracle", "--seed", "7", "--ops", "100", "--json", "--no-progress");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(0, j.get("differences").asInt(), r.out());
        assertEquals(0, r.code(), r.err());
    }
}
