package dev.cpuhp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code cpuhp calibrate} on the real 6.12 guest's traces, and what it says to bad input. */
class CalibrateCommandTest {
    static final Path REAL = Path.of("../cpuhp-core/src/test/resources/dev/cpuhp/calibrate/linux-6.12-qemu").toAbsolutePath().normalize();

    static String real(String file) {
        return REAL.resolve(file).toString();
    }

    @Test
    void aProfileFromTheRealTraceBootsAndComparesWithWhatTheTraceMeasured(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("guest.profile");
        CliTest.Result r = CliTest.run("calibrate", real("boot-trace.txt"), "--states", real("states.txt"), "--cpuinfo",
                real("cpuinfo.txt"), "-o", profile.toString(), "--replay");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + profile), r.out());
        assertTrue(r.out().contains("26 of 26 states within 15%"), r.out());
        String text = Files.readString(profile);
        assertTrue(text.contains("topology = 2x2x2"), text);
        assertTrue(text.contains("published.parallel_ms = 1425.707"), text);
        // the listing is found from the profile's own directory
        CliTest.Result boot = CliTest.run("boot", "--no-files", "--profile", profile.toString(), "--strategy", "parallel");
        assertEquals(0, boot.code(), boot.err());
        assertTrue(boot.out().contains("parallel 1425.707 ms") && boot.out().contains("this run vs published: parallel"), "the trace's figure beside the model's: " + boot.out());
    }

    @Test
    void jsonHoldsTheProfileAndTheComparisons() throws Exception {
        CliTest.Result r = CliTest.run("calibrate", real("boot-trace-serial.txt"), "--states", real("states.txt"), "--predict",
                real("boot-trace.txt"), "--runs", "2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("995.186", j.path("profile").path("published.serial_ms").asText());
        assertEquals("parallel", j.path("comparisons").get(0).path("mode").asText());
        assertEquals(1425707.0, j.path("comparisons").get(0).path("bringup").path("trace_us").asDouble(), 0.5);
        assertTrue(j.path("findings").size() > 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TRACE|Missing required option: '--states=FILE'",
            "nope.txt --states STATES|nope.txt: no such file",
            "STATES --states STATES|no cpuhp or csd events",
            "TRACE --states TRACE|expected \"NUMBER: NAME\"",
            "TRACE --states STATES --topology 2x2|--topology 2x2: expected SOCKETSxCORESxTHREADS",
            "TRACE --states STATES --runs 0|--runs must be 1-100, got 0",
            "TRACE --states STATES --cpuinfo STATES|no \"processor\" and \"core id\" lines"})
    void badInputIsOneLineAndExitTwo(String args, String message) {
        String[] a = ("calibrate " + args).split(" ");
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i].equals("TRACE") ? real("boot-trace.txt") : a[i].equals("STATES") ? real("states.txt") : a[i];
        }
        CliTest.Result r = CliTest.run(a);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertEquals("", r.out());
    }
}
