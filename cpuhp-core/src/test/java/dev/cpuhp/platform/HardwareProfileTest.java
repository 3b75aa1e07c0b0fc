package dev.cpuhp.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Profiles are data files: every value is checked and every error says where and what. */
class HardwareProfileTest {
    @Test
    void readsTopologyDurationsAndStateCosts() {
        HardwareProfile p = HardwareProfile.parse("""
                # a comment
                name = t
                topology = 2x4x2          # trailing comment
                ap.alive_us = uniform(350, 3500)
                ap.microcode_us = 8000
                state.threads:prepare = 98
                state.sched:active = 30 / 20.5
                cost.static_key_patch_us = 3200
                """, "test");
        assertEquals("t", p.name());
        assertEquals(16, p.topology().cpus());
        assertEquals(new Distribution.Uniform(350_000, 3_500_000), p.duration("ap.alive_us"));
        assertEquals(new Distribution.Constant(8_000_000), p.duration("ap.microcode_us"));
        assertEquals(new Distribution.Constant(98_000), p.stateCost("threads:prepare", true));
        assertEquals(new Distribution.Constant(0), p.stateCost("threads:prepare", false));
        assertEquals(new Distribution.Constant(20_500), p.stateCost("sched:active", false));
        assertEquals(new Distribution.Constant(3_200_000), p.named("static_key_patch"));
        assertEquals(Distribution.ZERO, p.duration("ap.tsc_sync_us"));
    }

    @Test
    void errorsNameTheLineAndTheProblem() {
        var e = assertThrows(IllegalArgumentException.class, () -> HardwareProfile.parse("name = x\nap.aliev_us = 3\n", "f.profile"));
        assertEquals("f.profile:2: unknown key \"ap.aliev_us\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HardwareProfile.parse("ap.alive_us = fast\n", "f"));
        assertTrue(e.getMessage().startsWith("f:1: not a duration in microseconds: \"fast\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HardwareProfile.parse("topology = 2x28\n", "f"));
        assertTrue(e.getMessage().contains("topology must be SOCKETSxCORESxTHREADS"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HardwareProfile.parse("ap.alive_us = uniform(9, 3)\n", "f"));
        assertTrue(e.getMessage().contains("need 0 <= lo <= hi"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HardwareProfile.parse("just words\n", "f"));
        assertTrue(e.getMessage().contains("expected \"key = value\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HardwareProfile.builtin("nope"));
        assertTrue(e.getMessage().contains("skl-2s-112t"), e.getMessage());
    }

    @Test
    void drawsStayInTheirDistribution() {
        SplittableRandom rnd = new SplittableRandom(42);
        Distribution u = new Distribution.Uniform(350_000, 3_500_000);
        Distribution n = new Distribution.Normal(2_000_000, 400_000);
        for (int i = 0; i < 10_000; i++) {
            long a = u.sample(rnd);
            long b = n.sample(rnd);
            assertTrue(a >= 350_000 && a <= 3_500_000, "uniform " + a);
            assertTrue(b >= 800_000 && b <= 3_200_000, "normal clipped at 3 sd " + b);
        }
    }

    @Test
    void drawsDependOnSeedCpuAndKeyNotOnOrder() {
        Distribution u = new Distribution.Uniform(0, 1_000_000);
        Costs a = new Costs(7);
        Costs b = new Costs(7);
        long a1 = a.sample(1, "k", u);
        long a2 = a.sample(2, "k", u);
        long b2 = b.sample(2, "k", u);
        long b1 = b.sample(1, "k", u);
        assertEquals(a1, b1);
        assertEquals(a2, b2);
        assertTrue(a.sample(1, "k", u) != a1 || a.sample(1, "k", u) != a1, "successive draws differ");
        assertTrue(new Costs(8).sample(1, "k", u) != a1, "another seed, another machine");
    }

    @Test
    void durationsPastTheLimitAreRefusedByNameNotOverflowed() {
        for (String value : new String[] {"1e16", "uniform(0, 1e16)", "normal(1e10, 1)", "1000000001"}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> HardwareProfile.parse("topology = 1x4x1\nap.alive_us = " + value + "\n", "t.profile"));
            assertTrue(e.getMessage().startsWith("t.profile:2: ") && e.getMessage().contains("longer than"), e.getMessage());
        }
        assertEquals(new Distribution.Constant(1_000_000_000_000L),
                HardwareProfile.parse("ap.alive_us = 1e9\n", "t").duration("ap.alive_us"), "the limit itself is allowed");
    }

    @Test
    void anEmpiricalDurationListsMeasuredValuesAndReadsBackAsWritten() {
        HardwareProfile p = HardwareProfile.parse("ap.alive_us = empirical(700, 812.5, 650)\n", "t");
        Distribution d = p.duration("ap.alive_us");
        assertEquals(new Distribution.Empirical(new long[] {700_000, 812_500, 650_000}), d);
        assertEquals("empirical(700, 812.5, 650)", d.toString());
        assertEquals(d, Distribution.parse(d.toString()));
        assertEquals(650_000, d.min());
        assertThrows(IllegalArgumentException.class, () -> Distribution.parse("empirical()"));
        assertThrows(IllegalArgumentException.class, () -> Distribution.parse("empirical(1, -2)"));
    }

    /** Drawn stratified: a machine as large as the traced one gets every measured value once. */
    @Test
    void anEmpiricalDurationGivesEachValueOnceAcrossAsManyCpus() {
        Distribution d = Distribution.parse("empirical(1, 2, 3, 4, 5, 6, 70)");
        for (long seed = 1; seed <= 5; seed++) {
            Costs costs = new Costs(seed);
            java.util.List<Long> drawn = new java.util.ArrayList<>();
            for (int cpu = 1; cpu <= 7; cpu++) {
                drawn.add(costs.sample(cpu, "state.x", d));
            }
            drawn.sort(null);
            assertEquals(java.util.List.of(1_000L, 2_000L, 3_000L, 4_000L, 5_000L, 6_000L, 70_000L), drawn, "seed " + seed);
        }
        // scaled for a what-if, the same draws times the factor
        assertEquals(new Costs(3).sample(4, "k", d) * 2, new Costs(3).sample(4, "k", d.scaled(2)));
    }

    @Test
    void anInstanceOfAMultiInstanceStateHasItsOwnCostElseTheStates() {
        HardwareProfile p = HardwareProfile.parse("""
                state.trace/RB:prepare = 7
                state.trace/RB:prepare[1] = 500 / 3
                """, "t");
        assertEquals(new Distribution.Constant(500_000), p.stateCost(HardwareProfile.instanceKey("trace/RB:prepare", 1), true));
        assertEquals(new Distribution.Constant(3_000), p.stateCost("trace/RB:prepare[1]", false));
        assertEquals(new Distribution.Constant(7_000), p.stateCost("trace/RB:prepare[2]", true));
        assertEquals(java.util.List.of(), p.unknownStates(java.util.Set.of("trace/RB:prepare")));
        assertEquals(java.util.List.of("trace/RB:prepare[1]"), HardwareProfile.parse("state.trace/RB:prepare[1] = 5", "t")
                .unknownStates(java.util.Set.of("other")));
    }
}
