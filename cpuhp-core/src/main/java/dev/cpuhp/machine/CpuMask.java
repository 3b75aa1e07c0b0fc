package dev.cpuhp.machine;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * An immutable set of CPU numbers below {@code nbits} ({@code nr_cpu_ids}): {@code cpumask_t}.
 *
 * <p>{@link #toList()} prints the kernel's cpulist format ({@code %*pbl}): ascending runs,
 * runs of two or more as "a-b", separated by commas, e.g. "0-3,8,10-11". {@link #parse} reads
 * what {@code cpulist_parse()} reads: "0-3,8", strided groups "0-15:2/4", "N" for the last
 * CPU, "all", and the empty string.
 */
public final class CpuMask {
    private final int nbits;
    private final long[] words;

    private CpuMask(int nbits, long[] words) {
        this.nbits = nbits;
        this.words = words;
    }

    public static CpuMask empty(int nbits) {
        if (nbits < 0) {
            throw new IllegalArgumentException("nbits " + nbits);
        }
        return new CpuMask(nbits, new long[(nbits + 63) >>> 6]);
    }

    /** CPUs {@code from} to {@code to} inclusive. */
    public static CpuMask range(int nbits, int from, int to) {
        long[] w = new long[(nbits + 63) >>> 6];
        for (int cpu = from; cpu <= to; cpu++) {
            check(nbits, cpu);
            w[cpu >>> 6] |= 1L << cpu;
        }
        return new CpuMask(nbits, w);
    }

    public static CpuMask of(int nbits, int... cpus) {
        long[] w = new long[(nbits + 63) >>> 6];
        for (int cpu : cpus) {
            check(nbits, cpu);
            w[cpu >>> 6] |= 1L << cpu;
        }
        return new CpuMask(nbits, w);
    }

    /** The CPUs of a stream, built in one pass. */
    public static CpuMask of(int nbits, IntStream cpus) {
        long[] w = new long[(nbits + 63) >>> 6];
        cpus.forEach(cpu -> {
            check(nbits, cpu);
            w[cpu >>> 6] |= 1L << cpu;
        });
        return new CpuMask(nbits, w);
    }

    private static void check(int nbits, int cpu) {
        if (cpu < 0 || cpu >= nbits) {
            throw new IllegalArgumentException("CPU " + cpu + " out of range 0-" + (nbits - 1));
        }
    }

    public int nbits() {
        return nbits;
    }

    public boolean contains(int cpu) {
        return cpu >= 0 && cpu < nbits && (words[cpu >>> 6] & (1L << cpu)) != 0;
    }

    public CpuMask with(int cpu) {
        check(nbits, cpu);
        if (contains(cpu)) {
            return this;
        }
        long[] w = words.clone();
        w[cpu >>> 6] |= 1L << cpu;
        return new CpuMask(nbits, w);
    }

    public CpuMask without(int cpu) {
        if (!contains(cpu)) {
            return this;
        }
        long[] w = words.clone();
        w[cpu >>> 6] &= ~(1L << cpu);
        return new CpuMask(nbits, w);
    }

    /** {@code cpumask_set_cpu}/{@code clear} as one call. */
    public CpuMask with(int cpu, boolean set) {
        return set ? with(cpu) : without(cpu);
    }

    public CpuMask and(CpuMask other) {
        long[] w = words.clone();
        for (int i = 0; i < w.length; i++) {
            w[i] &= i < other.words.length ? other.words[i] : 0;
        }
        return new CpuMask(nbits, w);
    }

    public CpuMask andNot(CpuMask other) {
        long[] w = words.clone();
        for (int i = 0; i < w.length && i < other.words.length; i++) {
            w[i] &= ~other.words[i];
        }
        return new CpuMask(nbits, w);
    }

    public CpuMask or(CpuMask other) {
        long[] w = words.clone();
        for (int i = 0; i < w.length && i < other.words.length; i++) {
            w[i] |= other.words[i];
        }
        return new CpuMask(nbits, trim(nbits, w));
    }

    private static long[] trim(int nbits, long[] w) {
        if ((nbits & 63) != 0 && w.length > 0) {
            w[w.length - 1] &= (1L << (nbits & 63)) - 1;
        }
        return w;
    }

    /** {@code cpumask_weight()}. */
    public int weight() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    public boolean isEmpty() {
        for (long w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code cpumask_first()}: the lowest CPU, or {@code nbits} if empty. */
    public int first() {
        return next(0);
    }

    /** The lowest CPU {@code >= from}, or {@code nbits}. */
    public int next(int from) {
        if (from < 0) {
            from = 0;
        }
        int i = from >>> 6;
        if (i >= words.length) {
            return nbits;
        }
        long w = words[i] & (-1L << from);
        while (true) {
            if (w != 0) {
                int cpu = (i << 6) + Long.numberOfTrailingZeros(w);
                return Math.min(cpu, nbits);
            }
            if (++i == words.length) {
                return nbits;
            }
            w = words[i];
        }
    }

    /** The highest CPU, or -1 if empty. */
    public int last() {
        for (int i = words.length - 1; i >= 0; i--) {
            if (words[i] != 0) {
                return (i << 6) + 63 - Long.numberOfLeadingZeros(words[i]);
            }
        }
        return -1;
    }

    /** The CPUs in ascending order. */
    public IntStream stream() {
        return IntStream.iterate(first(), c -> c < nbits, c -> next(c + 1));
    }

    public void forEach(IntConsumer action) {
        for (int c = first(); c < nbits; c = next(c + 1)) {
            action.accept(c);
        }
    }

    /** The cpulist format, without a trailing newline; "" if empty. */
    public String toList() {
        StringBuilder sb = new StringBuilder();
        int cpu = first();
        while (cpu < nbits) {
            int end = cpu;
            while (end + 1 < nbits && contains(end + 1)) {
                end++;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(cpu);
            if (end > cpu) {
                sb.append('-').append(end);
            }
            cpu = next(end + 1);
        }
        return sb.toString();
    }

    /**
     * Parses a cpulist. A trailing newline is accepted, as sysfs writes carry one.
     *
     * @throws IllegalArgumentException naming the offending part
     */
    public static CpuMask parse(String list, int nbits) {
        String s = list.endsWith("\n") ? list.substring(0, list.length() - 1) : list;
        long[] w = new long[(nbits + 63) >>> 6];
        if (s.isEmpty()) {
            return new CpuMask(nbits, w);
        }
        if (s.equals("all")) {
            return range(nbits, 0, nbits - 1);
        }
        for (String region : s.split(",", -1)) {
            parseRegion(region, nbits, w);
        }
        return new CpuMask(nbits, w);
    }

    private static void parseRegion(String region, int nbits, long[] w) {
        String r = region;
        int used = 1;
        int group = 1;
        int colon = r.indexOf(':');
        if (colon >= 0) {
            String[] ug = r.substring(colon + 1).split("/", -1);
            if (ug.length != 2) {
                throw new IllegalArgumentException("bad group in \"" + region + "\": expected used/group");
            }
            used = number(ug[0], nbits, region);
            group = number(ug[1], nbits, region);
            if (group == 0 || used == 0 || used > group) {
                throw new IllegalArgumentException("bad group in \"" + region + "\"");
            }
            r = r.substring(0, colon);
        }
        int dash = r.indexOf('-');
        int start = number(dash < 0 ? r : r.substring(0, dash), nbits, region);
        int end = dash < 0 ? start : number(r.substring(dash + 1), nbits, region);
        if (end < start) {
            throw new IllegalArgumentException("descending range \"" + region + "\"");
        }
        if (end >= nbits) {
            throw new IllegalArgumentException("CPU " + end + " in \"" + region + "\" out of range 0-" + (nbits - 1));
        }
        for (int cpu = start; cpu <= end; cpu++) {
            if ((cpu - start) % group < used) {
                w[cpu >>> 6] |= 1L << cpu;
            }
        }
    }

    private static int number(String s, int nbits, String region) {
        if (s.equals("N")) {
            return nbits - 1;
        }
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 9) {
            throw new IllegalArgumentException("not a CPU number: \"" + s + "\" in \"" + region + "\"");
        }
        return Integer.parseInt(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuMask m && m.nbits == nbits && Arrays.equals(m.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * nbits + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "{" + toList() + "}";
    }
}
