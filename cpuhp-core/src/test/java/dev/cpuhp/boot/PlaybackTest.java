package dev.cpuhp.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.hotplug.ControlWaits;
import dev.cpuhp.hotplug.Strategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bringup replayed from its playback ends where the machine ended, in order, on the run's time axis. */
class PlaybackTest {
    private static final int N = BootExperimentTest.P.topology().cpus();

    /** Each CPU's phases, in the order the playback changes them. */
    private static List<List<BringupPhase>> perCpu(Playback p) {
        List<List<BringupPhase>> out = new ArrayList<>();
        for (int c = 0; c < N; c++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < p.times().length; i++) {
            out.get(p.cpus()[i]).add(BringupPhase.values()[p.phases()[i]]);
        }
        return out;
    }

    @Test
    void everyApGoesUpThroughThePhasesInOrderAndEndsOnline() {
        for (Strategy s : Strategy.values()) {
            BootRun run = BootExperiment.run(BootSpec.of(BootExperimentTest.P, s).withSeed(5));
            Playback p = Playback.of(run, N);
            for (int i = 1; i < p.times().length; i++) {
                assertTrue(p.times()[i] >= p.times()[i - 1], s + ": time order at " + i);
            }
            assertTrue(p.times()[p.times().length - 1] <= p.span(), s + ": the last change is on the axis");
            assertEquals(run.totalNanos(), p.span(), s + ": the axis is the bringup");
            List<List<BringupPhase>> cpus = perCpu(p);
            assertTrue(cpus.get(0).isEmpty(), s + ": the boot CPU was up before bringup: " + cpus.get(0));
            for (int c = 1; c < N; c++) {
                List<BringupPhase> seq = cpus.get(c);
                assertEquals(BringupPhase.ONLINE, seq.get(seq.size() - 1), s + " CPU " + c + ": " + seq);
                for (int i = 1; i < seq.size(); i++) {
                    assertTrue(seq.get(i).compareTo(seq.get(i - 1)) > 0, s + " CPU " + c + " only goes up: " + seq);
                }
                // ALIVE may take no time: a control CPU already waiting releases the AP at once
                assertTrue(seq.containsAll(List.of(BringupPhase.PREPARE, BringupPhase.KICKED,
                        BringupPhase.STARTING, BringupPhase.ONLINE_SECTION)), s + " CPU " + c + ": " + seq);
            }
            assertTrue(p.lastCpu() > 0, s + ": some AP came up last");
            if (s == Strategy.PARALLEL) {
                // every AP was kicked before the control CPU came back for it: some waited to be released
                assertTrue(cpus.stream().anyMatch(seq -> seq.contains(BringupPhase.ALIVE)), "parallel: APs wait alive");
            }
        }
    }

    @Test
    void theControlCpusWaitsAreItsBlockedTimeInTheSerialRun() {
        BootRun run = BootExperiment.run(BootSpec.of(BootExperimentTest.P, Strategy.SERIAL).withSeed(3));
        Playback p = Playback.of(run, N);
        long waited = p.waits().stream().mapToLong(w -> w.end() - w.start()).sum();
        // serial: the control CPU runs prepare steps or waits for an AP (BootExperimentTest)
        assertEquals(run.controlWaitNanos(), waited, "every blocked nanosecond is one of the waits");
        for (Playback.Wait w : p.waits()) {
            assertTrue(w.start() >= 0 && w.end() <= p.span(), "on the axis: " + w);
        }
        assertTrue(p.waits().stream().anyMatch(w -> w.kind() == ControlWaits.Kind.ALIVE));
        assertTrue(p.waits().stream().anyMatch(w -> w.kind() == ControlWaits.Kind.AP_THREAD));
    }

    @Test
    void siblingsSentBackDownByNosmtEndOffline() {
        BootRun run = BootExperiment.run(BootSpec.of(BootExperimentTest.P, Strategy.PARALLEL).withNosmt(true));
        List<List<BringupPhase>> cpus = perCpu(Playback.of(run, N));
        for (int c = 1; c < N; c++) {
            List<BringupPhase> seq = cpus.get(c);
            BringupPhase end = BootExperimentTest.P.topology().isPrimary(c) ? BringupPhase.ONLINE : BringupPhase.OFFLINE;
            assertEquals(end, seq.get(seq.size() - 1), "CPU " + c + ": " + seq);
        }
    }

    @Test
    void phasesPartitionTheStateNumbers() {
        for (BringupPhase p : BringupPhase.values()) {
            assertEquals(p, BringupPhase.ofState(p.firstState()), p + " starts at " + p.firstState());
            if (p.ordinal() > 0) {
                assertEquals(BringupPhase.values()[p.ordinal() - 1], BringupPhase.ofState(p.firstState() - 1));
            }
        }
    }
}
