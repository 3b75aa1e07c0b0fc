package dev.cpuhp.platform;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Draws modelled durations reproducibly: the n-th draw of a key on a CPU depends only on the
 * seed, the CPU, the key and n, never on which thread asked first. The same seed gives the
 * same machine, whatever the interleaving.
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
        long s = mix(seed ^ mix(cpu + 1L) ^ mix(key.hashCode() * 31L + 7) ^ mix(n + 0x5bd1e995L));
        return d.sample(new SplittableRandom(s));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
