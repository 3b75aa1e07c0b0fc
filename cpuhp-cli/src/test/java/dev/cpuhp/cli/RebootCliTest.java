package dev.cpuhp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** cpuhp reboot: the downtime table, its JSON, and its refusals. */
class RebootCliTest {
    @Test
    void everyWayDownMeetsEveryWayUp() throws Exception {
        JsonNode r = WhatIfCliTest.json(CliTest.run("reboot", "--profile", "laptop-4t", "--json", "--no-progress"));
        assertEquals(3, r.get("teardown_ms").size());
        assertEquals(3, r.get("bringup_ms").size());
        assertEquals(9, r.get("downtime").size());
        for (JsonNode d : r.get("downtime")) {
            double sum = r.get("teardown_ms").get(d.get("teardown").asText()).asDouble()
                    + r.get("bringup_ms").get(d.get("bringup").asText()).asDouble();
            assertEquals(sum, d.get("total_ms").asDouble(), 1e-6, d.toString());
        }
        assertTrue(r.get("teardown_ms").get("ipi-stop").asDouble() < r.get("teardown_ms").get("serial").asDouble());
    }

    @Test
    void setChangesTheTeardownAndTheTextNamesThePublishedFigures() throws Exception {
        JsonNode base = WhatIfCliTest.json(CliTest.run("reboot", "--profile", "laptop-4t", "--json", "--teardown", "serial",
                "--strategy", "serial", "--no-progress"));
        JsonNode slow = WhatIfCliTest.json(CliTest.run("reboot", "--profile", "laptop-4t", "--json", "--teardown", "serial",
                "--strategy", "serial", "--no-progress", "--set", "cpu.die_us=10000"));
        assertEquals(base.get("teardown_ms").get("serial").asDouble() + 30.0,
                slow.get("teardown_ms").get("serial").asDouble(), 0.01, "three APs die 10 ms slower each");
        CliTest.Result arm = CliTest.run("reboot", "--profile", "arm64-80c", "--teardown", "serial,parallel",
                "--strategy", "parallel", "--no-progress");
        assertEquals(0, arm.code(), arm.err());
        assertTrue(arm.out().contains("serial teardown 15000 ms") && arm.out().contains("parallel teardown 1000 ms"), arm.out());
    }

    @Test
    void badInputIsOneLine() {
        CliTest.Result r = CliTest.run("reboot", "--teardown", "fast");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("cpuhp reboot: --teardown: unknown teardown \"fast\""), r.err());
        assertEquals(2, CliTest.run("reboot", "--set", "cpu.die=1").code());
    }
}
