package dev.cpuhp.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.boot.BootExperiment;
import dev.cpuhp.boot.BootRun;
import dev.cpuhp.boot.BootSpec;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.trace.FtraceReader;
import dev.cpuhp.trace.FtraceWriter;
import dev.cpuhp.trace.TraceEvent;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a kernel-format trace back, and the per-step times it gives. */
class StepTimesTest {
    static final HardwareProfile P = HardwareProfile.parse("""
            topology = 1x4x2
            ap.alive_us = 700
            state.threads:prepare = 98
            state.workqueue:online = 17
            state.sched:active = 30
            """, "test");

    static FtraceReader.Parsed roundTrip(BootRun run) throws Exception {
        StringWriter w = new StringWriter();
        FtraceWriter.write(run.events(), 8, w);
        return FtraceReader.read(new BufferedReader(new StringReader(w.toString())));
    }

    @Test
    void aWrittenTraceReadsBackToTheSameEvents() throws Exception {
        BootRun run = BootExperiment.run(BootSpec.of(P, Strategy.PARALLEL));
        // what ftrace records: no sync points, nothing on a CPU outside cpu_online_mask
        List<TraceEvent> written = run.events().stream()
                .filter(e -> !(e instanceof TraceEvent.SyncPoint) && e.ctx().visibleInFtrace()).toList();
        FtraceReader.Parsed read = roundTrip(run);
        assertEquals(List.of(), read.broken());
        assertEquals(written.size(), read.events().size());
        for (int i = 0; i < written.size(); i++) {
            TraceEvent a = written.get(i);
            TraceEvent b = read.events().get(i);
            assertEquals(a.name(), b.name());
            assertEquals(a.ctx().ts() / 1000, b.ctx().ts() / 1000, "microsecond timestamps");
            assertEquals(a.ctx().pid(), b.ctx().pid());
            assertEquals(a.ctx().cpu(), b.ctx().cpu());
            if (a instanceof TraceEvent.CpuhpEnter x) {
                TraceEvent.CpuhpEnter y = (TraceEvent.CpuhpEnter) b;
                assertEquals(List.of(x.cpu(), x.target(), x.idx(), x.fun()), List.of(y.cpu(), y.target(), y.idx(), y.fun()));
            }
        }
    }

    @Test
    void knownCostsComeBackAsTheStepTimes() throws Exception {
        StepTimes.Result r = StepTimes.of(roundTrip(BootExperiment.run(BootSpec.of(P, Strategy.SERIAL))).events());
        assertEquals(0, r.unpaired());
        for (StepTimes.Step s : r.bySteps()) {
            long expected = switch (s.fun()) {
                case "smpboot_create_threads" -> 98_000;
                case "workqueue_online_cpu" -> 17_000;
                case "sched_cpu_activate" -> 30_000;
                default -> -1;
            };
            if (expected > 0) {
                assertEquals(7, s.runs().size(), s.fun() + ": once per AP");
                for (StepTimes.Run run : s.runs()) {
                    assertEquals(expected, run.nanos(), 1_000, s.fun() + " on CPU " + run.cpu());
                }
            }
        }
    }

    @Test
    void theRealBootTraceReadsWhole() throws Exception {
        FtraceReader.Parsed p = RealTrace.read("boot-trace.txt");
        assertEquals(List.of(), p.broken());
        long enters = p.events().stream().filter(e -> e.name().endsWith("enter")).count();
        long exits = p.events().stream().filter(e -> e.name().equals("cpuhp_exit")).count();
        assertEquals(227 + 21, enters, "cpuhp_enter and cpuhp_multi_enter lines");
        assertEquals(248, exits);
        StepTimes.Result r = StepTimes.of(p);
        assertEquals(248, r.runs().size(), "every enter has its exit");
        assertTrue(r.runs().stream().allMatch(x -> x.nanos() >= 0));
        // trace/RB:prepare has three instances, called in turn in each walk
        List<Integer> instances = r.runs().stream().filter(x -> x.step() == 56 && x.cpu() == 2).map(StepTimes.Run::instance).toList();
        assertEquals(List.of(0, 1, 2), instances);
        StepTimes.Run first = r.runs().stream().filter(x -> x.step() == 1 && x.cpu() == 2).findFirst().orElseThrow();
        assertEquals(List.of(289, 290), List.of(first.enterLine(), first.exitLine()), "the lines the run was read from");
    }
}
