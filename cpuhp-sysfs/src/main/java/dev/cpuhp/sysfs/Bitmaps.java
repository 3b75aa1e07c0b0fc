package dev.cpuhp.sysfs;

import dev.cpuhp.machine.CpuMask;

/** The two ways sysfs prints a cpumask: {@code %*pbl} (list) and {@code %*pb} (hex words). */
public final class Bitmaps {
    private Bitmaps() {
    }

    /** {@code %*pbl} plus newline: "0-3,8\n"; an empty mask prints just "\n". */
    public static String list(CpuMask m) {
        return m.toList() + "\n";
    }

    /**
     * {@code %*pb} plus newline: 32-bit hex words, most significant first, separated by commas;
     * the first word has only as many digits as the bits above the last full word need. For
     * {@code nbits = 112} and CPUs 0 and 56: "0000,00000000,01000000,00000001\n".
     */
    public static String hex(CpuMask m) {
        int nbits = m.nbits();
        int words = (nbits + 31) / 32;
        StringBuilder sb = new StringBuilder();
        for (int w = words - 1; w >= 0; w--) {
            long v = 0;
            for (int b = 0; b < 32; b++) {
                int cpu = w * 32 + b;
                if (cpu < nbits && m.contains(cpu)) {
                    v |= 1L << b;
                }
            }
            int digits = (w == words - 1 && nbits % 32 != 0) ? (nbits % 32 + 3) / 4 : 8;
            sb.append(String.format("%0" + digits + "x", v));
            if (w > 0) {
                sb.append(',');
            }
        }
        return sb.append('\n').toString();
    }
}
