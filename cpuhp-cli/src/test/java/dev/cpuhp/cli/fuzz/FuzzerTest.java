package dev.cpuhp.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.sysfs.SysfsTree;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer, in process: a bounded run on the shell and on HTTP finds nothing wrong (and
 * says which seed it ran, so a failure here replays with {@code cpuhp fuzz --seed}); the
 * same seed gives the same inputs; and each rule is shown to catch a surface that breaks it.
 */
class FuzzerTest {
    static final HardwareProfile LAPTOP = HardwareProfile.resolve("laptop-4t");
    static final long SEED = 20261123L;

    private static void assertClean(FuzzReport r) {
        assertEquals(0, r.violationCount(), "replay: cpuhp fuzz --surface " + r.surface() + " --inputs " + r.inputs()
                + " --seed " + SEED + " --profile laptop-4t\n" + r.text());
    }

    @Test
    void theShellAnswersEveryInputAndChangesNothingItRefuses() throws Exception {
        FuzzReport r = Fuzz.shell(LAPTOP, SEED, 3000, null, null);
        assertClean(r);
        assertEquals(3000, r.inputs());
        assertTrue(r.accepted > 300 && r.rejectedByErrno.keySet().containsAll(List.of("EINVAL", "ERANGE", "EACCES",
                "ENOENT", "EISDIR", "EBUSY")), "the inputs reach every kind of answer:\n" + r.text());
        assertTrue(r.refusedBySurface.containsKey("status 2") && r.refusedBySurface.containsKey("status 127"), r.text());
    }

    @Test
    void theServerAnswersEveryRequestAndChangesNothingItRefuses() throws Exception {
        FuzzReport r = Fuzz.http(LAPTOP, SEED, 1500, null, null);
        assertClean(r);
        assertTrue(r.refusedBySurface.keySet().containsAll(List.of("400", "404", "405", "413")), r.text());
    }

    @Test
    void oneSeedOneRun() throws Exception {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Fuzz.shell(LAPTOP, 5, 300, null, new PrintStream(a, true));
        Fuzz.shell(LAPTOP, 5, 300, null, new PrintStream(b, true));
        assertEquals(a.toString(), b.toString());
        assertEquals(300, a.toString().lines().count());
    }

    /** A surface with one rule broken on purpose. */
    private static final class Broken extends SurfaceDouble {
        private final String rule;

        Broken(String rule) {
            this.rule = rule;
        }

        @Override
        Result answer(Target t, Result real) {
            return switch (rule) {
                case "change" -> {
                    if (real.rejected()) {
                        tree.write(Inputs.CPU + "/cpu2/hotplug/target", "0", "sh"); // a refusal that moves a CPU
                    }
                    yield real;
                }
                case "errno" -> real.kind() == Result.Kind.ERRNO ? Result.errno(Errno.ENOSPC, "x", real.input()) : real;
                case "crash" -> Result.crash("gone", real.input());
                default -> real;
            };
        }
    }

    @Test
    void aRefusalThatChangesTheMachineIsCaught() throws Exception {
        FuzzReport r = new Fuzzer(new Broken("change"), SEED, 100, null).run(200, null);
        assertTrue(r.stateChangesOnRejection > 0, r.text());
        assertTrue(r.violations().get(0).contains("refused, yet changed /proc/cpuinfo"), r.text());
    }

    @Test
    void anErrnoTheFileCannotGiveIsCaught() throws Exception {
        FuzzReport r = new Fuzzer(new Broken("errno"), SEED, 100, null).run(100, null);
        assertTrue(r.wrongErrnos > 0 && r.violations().get(0).contains("cannot answer ENOSPC"), r.text());
    }

    @Test
    void aCrashIsCaughtAndTheMachineRebooted() throws Exception {
        FuzzReport r = new Fuzzer(new Broken("crash"), SEED, 100, null).run(10, null);
        assertEquals(10, r.crashes, r.text());
        assertEquals(10, r.restarts);
        assertTrue(r.text().contains("VIOLATION input 0: crash"), r.text());
    }

    @Test
    void inputsComeFromTheSeed() {
        try (Machine m = Machine.builder().profile(LAPTOP).boot()) {
            Snapshot s = Snapshot.of(new SysfsTree(m));
            Inputs a = new Inputs(new SplittableRandom(9), s, 100);
            Inputs b = new Inputs(new SplittableRandom(9), s, 100);
            for (int i = 0; i < 1000; i++) {
                String path = a.target();
                assertEquals(path, b.target());
                Target t = Target.classify(path, s, a.cpus());
                assertEquals(Inputs.escape(a.payload(t), 200), Inputs.escape(b.payload(t), 200));
            }
        }
    }

    @Test
    void filesAreClassifiedAsTheKernelAnswersForThem() {
        try (Machine m = Machine.builder().profile(LAPTOP).boot()) {
            Snapshot s = Snapshot.of(new SysfsTree(m));
            String cpu = Inputs.CPU;
            assertEquals(Target.Kind.ONLINE, Target.classify(cpu + "/cpu3/online", s, 4).kind());
            assertEquals(Target.Kind.MISSING, Target.classify(cpu + "/cpu0/online", s, 4).kind(), "x86: no online for CPU 0");
            assertEquals(Target.Kind.MISSING, Target.classify(cpu + "/cpu4/online", s, 4).kind());
            assertEquals(Target.Kind.TARGET, Target.classify(cpu + "/cpu0/hotplug/target", s, 4).kind());
            assertEquals(Target.Kind.FAIL, Target.classify(cpu + "/cpu1/hotplug/fail", s, 4).kind());
            assertEquals(Target.Kind.SMT_CONTROL, Target.classify(cpu + "/smt/control", s, 4).kind());
            assertEquals(Target.Kind.READ_ONLY, Target.classify(cpu + "/cpu1/hotplug/state", s, 4).kind());
            assertEquals(Target.Kind.READ_ONLY, Target.classify("/proc/cpuinfo", s, 4).kind());
            assertEquals(Target.Kind.DIRECTORY, Target.classify(cpu + "/cpu1/hotplug", s, 4).kind());
            assertEquals(Target.Kind.MISSING, Target.classify(cpu + "/online/x", s, 4).kind());
        }
    }
}
