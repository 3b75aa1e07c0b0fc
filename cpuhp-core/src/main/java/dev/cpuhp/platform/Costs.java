package dev.cpuhp.platform;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Draws modelled durations reproducibly: the n-th draw of a key on a CPU depends only on the
 * seed, the CPU, the key and n, never on which thread asked first. The same seed gives the
 * same machine, whatever the interleaving.
 *
 * <p>A measured distribution ({@link Distribution.Empirical}) is drawn stratified rather than
 * at random: CPU {@code c}'s n-th draw takes value {@code (offset + c + n) mod k}, the offset
 * set by the seed and the key. Across the machine every measured value comes up equally often,
 * so a machine as large as the traced one replays exactly the values its trace measured (in a
 * rotated order); an independent draw per CPU would give a mean off by the sampling error
 * ({@code sd / sqrt(n)}, tens of percent for a skewed cost on eight CPUs).
 */
final class Costs {
    private final long seed;
    private final ConcurrentHashMap<Long, AtomicInteger> draws = new ConcurrentHashMap<>();

    Costs(long seed) {
        this.seed = seed;
    }

    long sample(int cpu, String key, Distribution d) {
        if (!d.isRandom()) {
            return d.sample(null);
        }
        long slot = ((long) cpu << 32) ^ (key.hashCode() & 0xffffffffL);
        int n = draws.computeIfAbsent(slot, k -> new AtomicInteger()).getAndIncrement();
        if (d instanceof Distribution.Empirical e) {
            return e.at(stratum(cpu, key, n, e));
        }
        if (d instanceof Distribution.Scaled(Distribution.Empirical e, double factor)) {
            return Math.round(e.at(stratum(cpu, key, n, e)) * factor);
        }
        long s = mix(seed ^ mix(cpu + 1L) ^ mix(key.hashCode() * 31L + 7) ^ mix(n + 0x5bd1e995L));
        return d.sample(new SplittableRandom(s));
    }

    private long stratum(int cpu, String key, int n, Distribution.Empirical e) {
        return Math.floorMod(mix(seed ^ mix(key.hashCode() * 31L + 7)) + cpu + n, (long) e.size());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
