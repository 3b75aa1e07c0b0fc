package dev.cpuhp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code --nosmt}: the kernel parameter, with only the primary threads left online, on a boot and on a live machine. */
class BootNosmtTest {
    @Test
    void nosmtLeavesOnlyThePrimaryThreadsOnlineWithEveryStrategy() throws Exception {
        CliTest.Result r = CliTest.run("boot", "--nosmt", "--json", "--no-files", "--profile", "laptop-4t");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("nosmt").asBoolean());
        assertEquals(3, j.get("results").size());
        for (JsonNode res : j.get("results")) {
            assertEquals("0-1", res.get("online").asText(), res.toString()); // laptop-4t is 1x2x2: primaries 0-1
        }
        assertTrue(j.get("lower_bound_ms").isNull(), "no bound for a boot that sends siblings back down");
    }

    @Test
    void theTextReportSaysNosmt() {
        CliTest.Result r = CliTest.run("boot", "--nosmt", "--no-files", "--profile", "laptop-4t", "--strategy", "serial");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("cpuhp boot: laptop-4t, 1 sockets x 2 cores x 2 threads (4 CPUs), virtual clock, seed 1, nosmt\n"),
                r.out());
        assertTrue(r.out().contains("2 of 4 CPUs online after each run"), r.out());
    }

    @Test
    void aLiveMachineTakesNosmtAndNosmtForce() {
        CliTest.Result r = CliTest.runWithInput("cat smt/control online\necho on > smt/control\ncat online\n",
                "shell", "--profile", "laptop-4t", "--nosmt");
        assertEquals("off\n0-1\n0-3\n", r.out(), r.err());
        r = CliTest.runWithInput("cat smt/control online\necho on > smt/control\n",
                "shell", "--profile", "laptop-4t", "--nosmt=force");
        assertEquals("forceoff\n0-1\n", r.out(), r.err());
        assertEquals(1, r.code(), "smt/control cannot leave forceoff: EPERM");
        assertTrue(r.err().contains("Operation not permitted"), r.err());
        r = CliTest.run("shell", "--nosmt=sometimes");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("cpuhp shell: --nosmt takes no value or =force, got \"sometimes\"\n"), r.err());
    }
}
