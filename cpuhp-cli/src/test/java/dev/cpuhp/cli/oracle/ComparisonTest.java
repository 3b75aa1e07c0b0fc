package dev.cpuhp.cli.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The comparison finds what differs: each aspect is changed on the real side of the saved
 * capture and must be reported, with the operation and both sides.
 */
class ComparisonTest {
    static final Path FIXTURE = Path.of("src/test/resources/oracle/seed-1").toAbsolutePath();

    private static Comparison.Result compare(List<Outcome> real, Capture c) {
        List<Outcome> sim;
        try {
            sim = SimRun.run(c.script(), SimRun.PROFILE, 1, null, n -> { });
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        var l = dev.cpuhp.state.Layout.LINUX_6_12;
        return Comparison.compare(c.script(), real, sim, l.bpKickAp(), l.bringupCpu());
    }

    @Test
    void everyAspectThatDiffersIsReported() throws Exception {
        Capture c = Capture.load(FIXTURE);
        List<Outcome> real = new ArrayList<>(c.outcomes());
        int write = firstWith(real, o -> o.bytes() == null && o.n() > 0);
        int read = firstWith(real, o -> o.bytes() != null);
        int stepped = firstWith(real, o -> o.n() > 0 && !o.trace().isEmpty());
        int logged = firstWith(real, o -> !o.modelledLog().isEmpty());
        Outcome w = real.get(write);
        real.set(write, new Outcome(w.n(), w.errno().equals("EBUSY") ? "ok" : "EBUSY", null, w.trace(), w.log()));
        Outcome r = real.get(read);
        real.set(read, new Outcome(r.n(), r.errno(), r.bytes() + "0a", r.trace(), r.log()));
        Outcome s = real.get(stepped);
        List<TraceLine> trace = new ArrayList<>(s.trace());
        TraceLine t = trace.stream().filter(x -> !x.enter()).findFirst().orElseThrow();
        trace.set(trace.indexOf(t), new TraceLine(t.comm(), t.pid(), false, t.cpu(), t.target(), t.step(), null, -11, t.text()));
        real.set(stepped, new Outcome(s.n(), s.errno(), s.bytes(), trace, s.log()));
        Outcome l = real.get(logged);
        real.set(logged, new Outcome(l.n(), l.errno(), l.bytes(), l.trace(), List.of()));

        Comparison.Result result = compare(real, c);
        List<String> found = result.differences().stream().map(d -> d.op() + " " + d.what().replaceAll(" .*", "")).toList();
        assertTrue(found.contains(w.n() + " errno"), found.toString());
        assertTrue(found.contains(r.n() + " read"), found.toString());
        assertTrue(found.contains(s.n() + " steps"), found.toString());
        assertTrue(found.contains(l.n() + " log"), found.toString());
        assertEquals(4, result.differences().size(), found.toString());
    }

    @Test
    void unchangedItAgrees() throws Exception {
        Capture c = Capture.load(FIXTURE);
        assertTrue(compare(c.outcomes(), c).agree());
    }

    @Test
    void scriptLinesRoundTrip() {
        Op w = Op.write(3, "cpu1/online", " 1x\n");
        assertEquals(w, Op.parse(w.scriptLine()));
        assertEquals("echo ' 1x' > cpu1/online", w.describe());
        assertEquals("w 3 cpu1/online '\\040\\061\\170\\012'", w.guestLine());
        assertEquals("cat smt/control", Op.read(4, "smt/control").describe());
    }

    private static int firstWith(List<Outcome> outcomes, java.util.function.Predicate<Outcome> p) {
        for (int i = 0; i < outcomes.size(); i++) {
            if (p.test(outcomes.get(i))) {
                return i;
            }
        }
        throw new AssertionError("the fixture has no such operation");
    }
}
