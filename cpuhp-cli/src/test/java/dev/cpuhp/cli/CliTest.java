package dev.cpuhp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: help everywhere, errors that name what was wrong, the JSON contract. */
class CliTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        return runWithInput("", args);
    }

    static synchronized Result runWithInput(String stdin, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        java.io.InputStream in = System.in;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            var cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(System.out, true));
            cl.setErr(new java.io.PrintWriter(System.err, true));
            int code = cl.execute(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "boot", "bench", "states", "mount", "serve", "shell", "fuzz", "torture", "reboot", "oracle",
            "calibrate"})
    void everyCommandHasHelp(String command) {
        Result r = command.isEmpty() ? run("--help") : run(command, "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Usage: cpuhp"), r.out());
        assertTrue(!r.err().contains("picocli WARN"), "help text picocli cannot format: " + r.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--strategy fast|unknown strategy \"fast\"",
            "--cpus 0-200|CPU 200 in \"0-200\" out of range 0-111",
            "--cpus 3-1|descending range \"3-1\"",
            "--clock sun|--clock must be virtual or real, got \"sun\"",
            "--maxcpus -1|--maxcpus must be >= 0, got -1",
            "--time-scale 0.5|--time-scale must be >= 1, got 0.5",
            "--profile nope|no built-in profile \"nope\" and no such file; built-in: skl-2s-112t, laptop-4t, spr-16s-1920t, x86-8192"})
    void badBootOptionsExitTwoNamingTheProblem(String args, String message) {
        Result r = run(("boot --no-files " + args).split(" "));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertEquals("", r.out());
    }

    @Test
    void bootJsonHasTheDocumentedFields() throws Exception {
        Result r = run("boot", "--json", "--no-files", "--profile", "laptop-4t");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("laptop-4t", j.get("profile").asText());
        assertEquals(4, j.get("cpus").asInt());
        assertEquals("virtual", j.get("clock").asText());
        assertEquals(3, j.get("results").size());
        for (JsonNode res : j.get("results")) {
            for (String f : new String[] {"strategy", "total_ms", "control_wait_ms", "prepare_ms", "online_ms"}) {
                assertTrue(res.has(f), f + " in " + res);
            }
            assertTrue(res.get("ipi_latency_us").has("p50") && res.get("ipi_latency_us").has("p99"));
            assertEquals(4, res.get("cpus_online").asInt());
            assertTrue(res.get("total_ms").asDouble() > 0);
        }
        assertTrue(j.get("lower_bound_ms").asDouble() > 0);
        assertTrue(j.get("results").get(2).get("total_ms").asDouble() >= j.get("lower_bound_ms").asDouble());
    }

    @Test
    void bootWritesAPerfettoTraceASvgAndKernelTraces(@TempDir Path dir) throws Exception {
        Result r = run("boot", "--profile", "laptop-4t", "--strategy", "serial,parallel", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(dir.resolve("trace.pftrace")) > 1000);
        assertTrue(Files.readString(dir.resolve("timeline.svg")).startsWith("<svg"));
        String kernel = Files.readString(dir.resolve("serial.trace"));
        assertTrue(kernel.startsWith("# tracer: nop"));
        assertTrue(kernel.contains("cpuhp_enter: cpu: 0001 target: 236 step:   1 (smpboot_create_threads)"), kernel);
        assertTrue(r.out().contains("serial") && r.out().contains("parallel") && r.out().contains("speed-up"));
    }

    @Test
    void bootWritesChromeJsonOnRequest(@TempDir Path dir) throws Exception {
        Result r = run("boot", "--profile", "laptop-4t", "--strategy", "serial", "--perfetto", "json", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode trace = new ObjectMapper().readTree(dir.resolve("trace.json").toFile());
        assertTrue(trace.get("traceEvents").size() > 100);
        assertEquals(2, run("boot", "--perfetto", "xml", "--no-files").code());
    }

    @Test
    void statesPrintsTheSysfsListing() throws Exception {
        Result r = run("states");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("  0: offline\n  1: threads:prepare\n"), r.out());
        assertTrue(r.out().endsWith("235: sched:active\n236: online\n"));
        JsonNode j = new ObjectMapper().readTree(run("states", "--json").out());
        assertEquals("online", j.get(j.size() - 1).get("name").asText());
        JsonNode bringup = null;
        for (JsonNode row : j) {
            if (row.get("name").asText().equals("cpu:bringup")) {
                bringup = row;
            }
        }
        assertEquals(83, bringup.get("state").asInt());
        assertEquals("cpuhp_bringup_ap", bringup.get("startup").asText());
        assertTrue(bringup.get("cant_stop").asBoolean());
    }

    @Test
    void shellReadsCommandsFromAPipe() {
        Result r = runWithInput("""
                cat online
                echo 0 > cpu3/online
                echo 9 > cpu2/hotplug/target
                cat online offline cpu3/hotplug/state
                exit
                cat online
                """, "shell", "--profile", "laptop-4t");
        assertEquals(0, r.code(), "exit: the last command's status; " + r.err());
        assertEquals("0-3\n0-2\n3\n0\n", r.out());
        assertEquals("cpuhp: line 3: echo: write error: Invalid argument\n", r.err());
        r = runWithInput("echo 9 > cpu2/hotplug/target\n", "shell", "--profile", "laptop-4t");
        assertEquals(1, r.code(), "the failing last command's status");
        assertEquals(7, runWithInput("exit 7\n", "shell", "--profile", "laptop-4t").code());
    }

    @Test
    void fuzzRunsAndSaysSoInJson() throws Exception {
        Result r = run("fuzz", "--surface", "shell", "--inputs", "200", "--seed", "3", "--json");
        assertEquals(0, r.code(), r.err() + r.out());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(3, j.get("seed").asLong());
        assertEquals(0, j.get("violations").asLong());
        JsonNode shell = j.get("surfaces").get(0);
        assertEquals("shell", shell.get("surface").asText());
        assertEquals(200, shell.get("inputs").asLong());
        for (String f : new String[] {"accepted", "rejected_by_errno", "refused_by_surface", "crashes", "engine_failures",
                "wrong_errnos", "state_changes_on_rejection"}) {
            assertTrue(shell.has(f), f + " in " + shell);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--surface web|--surface must be shell, http, fuse or all, got \"web\"",
            "--inputs -1|--inputs and --fuse-inputs must be >= 0",
            "--profile nope|--profile nope: no built-in profile"})
    void badFuzzOptionsExitTwoNamingTheProblem(String args, String message) {
        Result r = run(("fuzz " + args).split(" "));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    /** {@code --duration} alone used to be refused as "needs a number of operations or a duration". */
    @Test
    void tortureRunsForADurationAlone() throws Exception {
        Result r = run("torture", "--duration", "1s", "--json");
        assertEquals(0, r.code(), r.err() + r.out());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("ops").asLong() > 0, r.out());
        assertEquals(0, j.get("violations").asLong(), r.out());
    }

    /** {@code boot --states}: another kernel's table for the boot, and one line for what is not a listing. */
    @Test
    void bootTakesAStatesTable(@TempDir Path dir) throws Exception {
        Result r = run("boot", "--profile", "laptop-4t", "--states", "linux-6.12", "--no-files", "--strategy", "serial");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("4 of 4 CPUs online after each run"), r.out());
        Path bad = dir.resolve("not-a-listing");
        Files.writeString(bad, "root:x:0:0\n");
        r = run("boot", "--states", bad.toString(), "--no-files");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("cpuhp boot: --states " + bad + ": "), r.err());
    }

    @Test
    void serveRefusesAPortOutOfRange() {
        Result r = run("serve", "--port", "70000");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--port must be 0-65535, got 70000"), r.err());
    }

    /** Issue 7, bug 5: each of these ended in a Java stack trace, the last after the whole boot ran. */
    @Test
    void badProfilesAndAnUnwritableOutAreOneLineBeforeAnyRun(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("huge.profile");
        Files.writeString(huge, "name = huge\ntopology = 1x4x1\nap.alive_us = 1e16\n");
        Path unknown = dir.resolve("unknown.profile");
        Files.writeString(unknown, "name = unknown\ntopology = 1x4x1\nstate.nosuch:state = 5\n");
        Path file = dir.resolve("a-file");
        Files.writeString(file, "");
        for (var c : new String[][] {
                {"--profile", huge.toString()},
                {"--profile", unknown.toString()},
                {"--profile", "laptop-4t", "--out", file.resolve("sub").toString()}}) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("boot"), java.util.Arrays.stream(c))
                    .toArray(String[]::new);
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.err());
            assertTrue(r.out().isEmpty(), "no report: the run did not happen\n" + r.out());
            assertTrue(!r.err().contains("\tat ") && !r.err().contains("Exception"), r.err());
            assertTrue(r.err().lines().findFirst().orElse("").matches("(cpuhp boot: )?(--profile|--out|profile) .+"), r.err());
        }
    }

    @Test
    void anEngineFailureIsOneLineAndAnExitStatusNotAStackTrace() {
        var sw = new java.io.StringWriter();
        int code = Failure.report("boot", new dev.cpuhp.sched.SimulationDeadlockError(
                "simulation deadlock: nothing can run and nothing is timed\n  sh-11 cpu 0 blocked on cpuhp/3 done_up\n"),
                new java.io.PrintWriter(sw));
        assertEquals(Failure.STUCK, code);
        assertEquals("cpuhp boot: the simulation is stuck (simulation deadlock: nothing can run and nothing is timed; "
                + "1 task(s) blocked; the full report is in the kernel log)", sw.toString().strip());
        sw.getBuffer().setLength(0);
        assertEquals(Failure.INTERNAL, Failure.report("boot", new IllegalStateException("boom"), new java.io.PrintWriter(sw)));
        assertEquals(1, sw.toString().strip().lines().count(), sw.toString());
    }

    @Test
    void statesImportsAnotherKernelsListing() throws Exception {
        Result r = run("states", "--states", "linux-6.12");
        assertEquals(0, r.code(), r.err());
        String listing = new String(dev.cpuhp.state.KernelTable.class
                .getResourceAsStream("/dev/cpuhp/kernels/linux-6.12.states").readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(listing, r.out());
        Result bad = run("states", "--states", "/nonexistent/states");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("cpuhp states: --states /nonexistent/states: no built-in state table"), bad.err());
    }
}
