package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.BRINGUP_CPU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.trace.TraceEvent;
import dev.cpuhp.trace.TraceEvent.CpuhpEnter;
import dev.cpuhp.trace.TraceEvent.CpuhpExit;
import dev.cpuhp.trace.TraceEvent.SyncPoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The order each bringup strategy imposes, stated on the order in which events happened (the
 * trace's emission order), never on timestamps: it must hold on a machine where nothing costs
 * anything and on machines with random costs, whatever the seed.
 */
class StrategyOrderTest {
    static final String RANDOM = """
            topology = 2x4x2
            ap.alive_us = uniform(100, 3000)
            ap.microcode_us = uniform(0, 5000)
            ap.starting_us = uniform(10, 200)
            ap.tsc_sync_us = uniform(0, 2000)
            ipi.wakeup_us = uniform(0, 5)
            state.threads:prepare = uniform(10, 300)
            state.workqueue:online = uniform(0, 100)
            state.sched:active = uniform(0, 100)
            cost.static_key_patch_us = uniform(0, 500)
            """;

    static Stream<Arguments> machines() {
        return Stream.of(
                Arguments.of("ideal", HardwareProfile.ideal(new Topology(2, 4, 2)), 1L),
                Arguments.of("random seed 1", HardwareProfile.parse(RANDOM, "random"), 1L),
                Arguments.of("random seed 2", HardwareProfile.parse(RANDOM, "random"), 2L),
                Arguments.of("random seed 3", HardwareProfile.parse(RANDOM, "random"), 3L),
                Arguments.of("no SMT", HardwareProfile.parse(RANDOM.replace("2x4x2", "1x6x1"), "random"), 4L));
    }

    /** Per AP: emission indices of its first prepare step, kick, alive, release and bringup end. */
    record Order(int firstPrepare, int kick, int alive, int release, int done, int first, int last) {
    }

    static Map<Integer, Order> order(List<TraceEvent> events) {
        Map<Integer, int[]> t = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            int cpu = switch (e) {
                case CpuhpEnter x -> x.cpu();
                case CpuhpExit x -> x.cpu();
                case SyncPoint x -> x.cpu();
                default -> -1;
            };
            if (cpu <= 0) {
                continue;
            }
            int[] a = t.computeIfAbsent(cpu, c -> new int[] {-1, -1, -1, -1, -1, -1, -1});
            if (a[5] < 0) {
                a[5] = i;
            }
            a[6] = i;
            if (e instanceof CpuhpEnter x && a[0] < 0) {
                a[0] = i;
            } else if (e instanceof SyncPoint x) {
                switch (x.what()) {
                    case "kick" -> a[1] = i;
                    case "alive" -> a[2] = i;
                    case "release" -> a[3] = i;
                    default -> { }
                }
            } else if (e instanceof CpuhpExit x && x.idx() == BRINGUP_CPU) {
                a[4] = i;
            }
        }
        Map<Integer, Order> out = new HashMap<>();
        t.forEach((cpu, a) -> out.put(cpu, new Order(a[0], a[1], a[2], a[3], a[4], a[5], a[6])));
        return out;
    }

    private static Map<Integer, Order> boot(HardwareProfile p, long seed, Strategy s) {
        try (Machine m = Machine.builder().profile(p).seed(seed).strategy(s).boot()) {
            assertEquals(p.topology().cpus(), m.masks().numOnline(), s + ": every CPU came up");
            m.settle();
            return order(m.tracer().snapshot());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void serialBringsUpStrictlyOneCpuAtATime(String name, HardwareProfile p, long seed) {
        Map<Integer, Order> o = boot(p, seed, Strategy.SERIAL);
        int n = p.topology().cpus();
        for (int cpu = 1; cpu < n - 1; cpu++) {
            assertTrue(o.get(cpu).last() < o.get(cpu + 1).first(),
                    "everything of CPU " + cpu + " happens before anything of CPU " + (cpu + 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void parallelKicksEveryApBeforeTheFirstSyncPrimariesFirst(String name, HardwareProfile p, long seed) {
        Map<Integer, Order> o = boot(p, seed, Strategy.PARALLEL);
        Topology t = p.topology();
        List<Integer> primaries = o.keySet().stream().filter(t::isPrimary).sorted().toList();
        List<Integer> secondaries = o.keySet().stream().filter(c -> !t.isPrimary(c)).sorted().toList();
        for (List<Integer> group : List.of(primaries, secondaries)) {
            if (group.isEmpty()) {
                continue;
            }
            int lastKick = group.stream().mapToInt(c -> o.get(c).kick()).max().orElseThrow();
            int firstRelease = group.stream().mapToInt(c -> o.get(c).release()).min().orElseThrow();
            assertTrue(lastKick < firstRelease, "all kicks of " + group + " before the first release");
            for (int i = 1; i < group.size(); i++) {
                assertTrue(o.get(group.get(i - 1)).done() < o.get(group.get(i)).release(),
                        "the second stage is one CPU at a time, in order: " + group.get(i - 1) + ", " + group.get(i));
            }
        }
        if (!secondaries.isEmpty()) {
            int lastPrimaryDone = primaries.stream().mapToInt(c -> o.get(c).done()).max().orElseThrow();
            int firstSecondary = secondaries.stream().mapToInt(c -> o.get(c).first()).min().orElseThrow();
            assertTrue(lastPrimaryDone < firstSecondary, "every primary is online before any secondary is touched");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void pipelinedKicksSiblingsAfterTheirPrimaryIsAliveAndOverlapsTheStages(String name, HardwareProfile p, long seed) {
        Map<Integer, Order> o = boot(p, seed, Strategy.PIPELINED);
        Topology t = p.topology();
        int lastPrimaryKick = o.keySet().stream().filter(t::isPrimary).mapToInt(c -> o.get(c).kick()).max().orElseThrow();
        for (int cpu : o.keySet()) {
            if (!t.isPrimary(cpu)) {
                assertTrue(lastPrimaryKick < o.get(cpu).kick(), "primaries are kicked before sibling " + cpu);
                int primary = t.primaryOf(cpu);
                if (primary != 0) {
                    assertTrue(o.get(primary).alive() < o.get(cpu).kick(),
                            "sibling " + cpu + " is kicked after its primary " + primary + " reported alive");
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void onlyPipelinedReleasesApsWhileTheControlCpuIsStillKicking() {
        // APs come alive in 1 us, preparing one takes the control CPU 1 ms
        HardwareProfile fastAps = HardwareProfile.parse("topology = 1x6x1\nap.alive_us = 1\nstate.threads:prepare = 1000\n", "t");
        for (Strategy s : Strategy.values()) {
            Map<Integer, Order> o = boot(fastAps, 1, s);
            int lastKick = o.values().stream().mapToInt(Order::kick).max().orElseThrow();
            int firstRelease = o.values().stream().mapToInt(Order::release).min().orElseThrow();
            assertEquals(s != Strategy.PARALLEL, firstRelease < lastKick, s + ": release before the last kick");
        }
    }
}
