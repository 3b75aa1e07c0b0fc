package dev.cpuhp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --set, --sensitivity, --explain and --runs of cpuhp boot. */
class WhatIfCliTest {
    static JsonNode json(CliTest.Result r) throws Exception {
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    static double total(JsonNode root, String strategy) {
        for (JsonNode r : root.get("results")) {
            if (r.get("strategy").asText().equals(strategy)) {
                return r.get("total_ms").asDouble();
            }
        }
        throw new AssertionError("no " + strategy + " in " + root);
    }

    @Test
    void setOverridesAProfileLine() throws Exception {
        JsonNode base = json(CliTest.run("boot", "--profile", "laptop-4t", "--json", "--no-files", "--strategy", "serial"));
        JsonNode more = json(CliTest.run("boot", "--profile", "laptop-4t", "--json", "--no-files", "--strategy", "serial",
                "--set", "ap.microcode_us=11500"));
        // laptop-4t has 2 cores; CPU 1 is core 1's primary, the only core that loads microcode in this run
        assertEquals(total(base, "serial") + 10.0, total(more, "serial"), 0.01, "10 ms more microcode on one core");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ap.nope=1|unknown key \"ap.nope\"",
            "ap.alive_us|expected KEY=VALUE",
            "ap.alive_us=fast|not a duration",
            "state.nosuch:online=3|no state named \"nosuch:online\"",
            "topology=2|topology must be"})
    void aBadSetIsOneLineAndExitTwo(String set, String message) {
        for (String command : new String[] {"boot", "shell"}) {
            CliTest.Result r = CliTest.run(command, "--profile", "laptop-4t", "--no-files", "--set", set);
            if (command.equals("shell")) {
                r = CliTest.run(command, "--profile", "laptop-4t", "--set", set);
            }
            assertEquals(2, r.code(), command + " " + set);
            assertTrue(r.err().lines().findFirst().orElse("").contains(message), r.err());
            assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void tortureAndFuzzTakeSetToo() {
        CliTest.Result t = CliTest.run("torture", "--ops", "20", "--set", "ap.nope=1");
        assertEquals(2, t.code());
        assertTrue(t.err().contains("--set ap.nope=1: unknown key"), t.err());
        CliTest.Result ok = CliTest.run("torture", "--ops", "20", "--set", "ap.alive_us=200", "--no-progress");
        assertEquals(0, ok.code(), ok.err() + ok.out());
        CliTest.Result f = CliTest.run("fuzz", "--surface", "shell", "--inputs", "5", "--set", "ap.alive_us=x");
        assertEquals(2, f.code());
        assertTrue(f.err().contains("--set ap.alive_us=x"), f.err());
    }

    @Test
    void sensitivityRanksTheCostsByTheirEffect() throws Exception {
        JsonNode r = json(CliTest.run("boot", "--profile", "laptop-4t", "--sensitivity", "--json", "--no-progress"));
        JsonNode costs = r.get("costs");
        assertTrue(costs.size() > 5);
        double prev = Double.MAX_VALUE;
        for (JsonNode c : costs) {
            double largest = 0;
            for (String half : new String[] {"plus_ms", "minus_ms"}) {
                for (JsonNode v : c.get(half)) {
                    largest = Math.max(largest, Math.abs(v.asDouble()));
                }
            }
            assertTrue(largest <= prev + 1e-9, "sorted, largest effect first: " + c);
            prev = largest;
        }
        // microcode is paid once, by core 1's primary, on every strategy's critical path: 10% of 1.5 ms
        JsonNode mc = null;
        for (JsonNode c : costs) {
            if (c.get("key").asText().equals("ap.microcode_us")) {
                mc = c;
            }
        }
        assertEquals(0.15, mc.get("plus_ms").get("serial").asDouble(), 0.02);
        assertEquals(-0.15, mc.get("minus_ms").get("serial").asDouble(), 0.02);
    }

    @Test
    void explainShowsEachSectionOfThePathInOrder() throws Exception {
        JsonNode r = json(CliTest.run("boot", "--profile", "laptop-4t", "--explain", "3", "--json", "--no-files"));
        assertEquals(3, r.get("explain").size(), "one path per strategy");
        for (JsonNode run : r.get("explain")) {
            double at = 0;
            for (JsonNode st : run.get("stretches")) {
                assertTrue(st.get("from_ms").asDouble() >= at - 1e-9, "stretches follow one another: " + run);
                at = st.get("to_ms").asDouble();
            }
            assertEquals(run.get("done_ms").asDouble(), at, 1e-6);
            assertTrue(run.get("slack_ms").asDouble() >= 0);
        }
        CliTest.Result text = CliTest.run("boot", "--profile", "laptop-4t", "--explain", "3", "--no-files");
        assertTrue(text.out().contains("STARTING section") && text.out().contains("critical path:"), text.out());
    }

    @Test
    void explainRefusesACpuThatDoesNotComeUp() {
        CliTest.Result r = CliTest.run("boot", "--profile", "laptop-4t", "--explain", "3", "--cpus", "1", "--no-files");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not come up"), r.err());
        assertEquals(2, CliTest.run("boot", "--profile", "laptop-4t", "--explain", "0", "--no-files").code());
    }

    @Test
    void runsReportsTheRealClockSpreadAndNeedsIt() throws Exception {
        CliTest.Result virtual = CliTest.run("boot", "--profile", "laptop-4t", "--runs", "3", "--no-files");
        assertEquals(2, virtual.code());
        assertTrue(virtual.err().contains("needs --clock real"), virtual.err());
        JsonNode r = json(CliTest.run("boot", "--profile", "laptop-4t", "--clock", "real", "--runs", "3",
                "--strategy", "serial", "--json", "--no-files", "--no-progress"));
        JsonNode runs = r.get("results").get(0).get("runs_ms");
        assertEquals(3, runs.size());
        assertTrue(runs.get(0).asDouble() <= runs.get(1).asDouble() && runs.get(1).asDouble() <= runs.get(2).asDouble());
    }
}
