package dev.cpuhp.platform;

import java.util.SplittableRandom;

/**
 * A modelled duration in nanoseconds: a constant or a random draw. Profile files write them in
 * microseconds: {@code 98}, {@code uniform(350, 3500)}, {@code normal(2300, 400)}, or
 * {@code empirical(412, 380, 1020)}: the values a trace measured, drawn with equal chance.
 */
public sealed interface Distribution permits Distribution.Constant, Distribution.Uniform, Distribution.Normal, Distribution.Empirical,
        Distribution.Scaled {

    Distribution ZERO = new Constant(0);

    long sample(SplittableRandom rng);

    /** The mean, for reports and lower bounds. */
    double mean();

    /** The least value a draw can take. */
    long min();

    boolean isRandom();

    /** The same shape, every value times {@code factor}: a what-if of this cost. */
    Distribution scaled(double factor);

    record Constant(long nanos) implements Distribution {
        public long sample(SplittableRandom rng) {
            return nanos;
        }

        public double mean() {
            return nanos;
        }

        public long min() {
            return nanos;
        }

        public boolean isRandom() {
            return false;
        }

        public Distribution scaled(double factor) {
            return new Constant(Math.round(nanos * factor));
        }

        @Override
        public String toString() {
            return micros(nanos);
        }
    }

    record Uniform(long lo, long hi) implements Distribution {
        public Uniform {
            if (lo < 0 || hi < lo) {
                throw new IllegalArgumentException("uniform(" + lo + ", " + hi + "): need 0 <= lo <= hi");
            }
        }

        public long sample(SplittableRandom rng) {
            return lo == hi ? lo : rng.nextLong(lo, hi + 1);
        }

        public double mean() {
            return (lo + hi) / 2.0;
        }

        public long min() {
            return lo;
        }

        public boolean isRandom() {
            return true;
        }

        public Distribution scaled(double factor) {
            return new Scaled(this, factor);
        }

        @Override
        public String toString() {
            return "uniform(" + micros(lo) + ", " + micros(hi) + ")";
        }
    }

    /** Normal, clipped to [max(0, mean - 3 sd), mean + 3 sd]. */
    record Normal(long mu, long sd) implements Distribution {
        public Normal {
            if (mu < 0 || sd < 0) {
                throw new IllegalArgumentException("normal(" + mu + ", " + sd + "): need mean, sd >= 0");
            }
        }

        public long sample(SplittableRandom rng) {
            double g = gaussian(rng);
            double v = mu + sd * Math.max(-3, Math.min(3, g));
            return Math.max(0, Math.round(v));
        }

        private static double gaussian(SplittableRandom rng) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }

        public double mean() {
            return mu;
        }

        public long min() {
            return Math.max(0, mu - 3 * sd);
        }

        public boolean isRandom() {
            return sd > 0;
        }

        public Distribution scaled(double factor) {
            return new Scaled(this, factor);
        }

        @Override
        public String toString() {
            return "normal(" + micros(mu) + ", " + micros(sd) + ")";
        }
    }

    /**
     * One of the values a trace measured, each with equal chance: what {@code cpuhp calibrate}
     * writes, so a replay draws from what the machine did rather than from a shape fitted to it.
     */
    record Empirical(long[] values) implements Distribution {
        public Empirical {
            if (values.length == 0) {
                throw new IllegalArgumentException("empirical() needs at least one value");
            }
            values = values.clone();
        }

        public long sample(SplittableRandom rng) {
            return values.length == 1 ? values[0] : values[rng.nextInt(values.length)];
        }

        /** The {@code i}-th value, as listed. */
        public long at(long i) {
            return values[(int) i];
        }

        public int size() {
            return values.length;
        }

        public double mean() {
            double sum = 0;
            for (long v : values) {
                sum += v;
            }
            return sum / values.length;
        }

        public long min() {
            long m = Long.MAX_VALUE;
            for (long v : values) {
                m = Math.min(m, v);
            }
            return m;
        }

        public boolean isRandom() {
            for (long v : values) {
                if (v != values[0]) {
                    return true;
                }
            }
            return false;
        }

        public Distribution scaled(double factor) {
            return new Scaled(this, factor);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Empirical e && java.util.Arrays.equals(values, e.values);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("empirical(");
            for (int i = 0; i < values.length; i++) {
                b.append(i == 0 ? "" : ", ").append(micros(values[i]));
            }
            return b.append(')').toString();
        }
    }

    /**
     * Every draw of {@code base} times {@code factor}: the same machine (the same draws) with
     * one cost changed, for what-if questions. Not written in profile files.
     */
    record Scaled(Distribution base, double factor) implements Distribution {
        public long sample(SplittableRandom rng) {
            return Math.round(base.sample(rng) * factor);
        }

        public double mean() {
            return base.mean() * factor;
        }

        public long min() {
            return Math.round(base.min() * factor);
        }

        public boolean isRandom() {
            return base.isRandom();
        }

        public Distribution scaled(double f) {
            return new Scaled(base, factor * f);
        }

        @Override
        public String toString() {
            return base + " x " + factor;
        }
    }

    private static String micros(long nanos) {
        double us = nanos / 1000.0;
        return us == Math.rint(us) ? Long.toString((long) us) : Double.toString(us);
    }

    /**
     * Parses a duration written in microseconds.
     *
     * @throws IllegalArgumentException naming what was wrong
     */
    static Distribution parse(String text) {
        String t = text.strip();
        if (t.startsWith("uniform(") && t.endsWith(")")) {
            long[] a = args(t, "uniform", 2);
            return new Uniform(a[0], a[1]);
        }
        if (t.startsWith("normal(") && t.endsWith(")")) {
            long[] a = args(t, "normal", 2);
            return new Normal(a[0], a[1]);
        }
        if (t.startsWith("empirical(") && t.endsWith(")")) {
            return new Empirical(args(t, "empirical", -1));
        }
        return new Constant(nanos(t, text));
    }

    /** The arguments of {@code fn(...)}, in nanoseconds; {@code n < 0}: any number, at least one. */
    private static long[] args(String t, String fn, int n) {
        String[] parts = t.substring(fn.length() + 1, t.length() - 1).split(",");
        if (n >= 0 ? parts.length != n : parts[0].isBlank()) {
            throw new IllegalArgumentException(fn + "() takes " + (n < 0 ? "one or more" : String.valueOf(n))
                    + " values in microseconds: \"" + t + "\"");
        }
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = nanos(parts[i].strip(), t);
        }
        return out;
    }

    /**
     * The longest duration a profile may give one cost: 1000 s, a hundred times the kernel's
     * 10 s alive timeout. Anything longer is a typo; and with every cost bounded, even 8192
     * CPUs times every state stay far below the 292 years a {@code long} of nanoseconds holds.
     */
    static final double MAX_MICROS = 1e9;

    private static long nanos(String us, String whole) {
        double v;
        try {
            v = Double.parseDouble(us);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= 0)) {
            throw new IllegalArgumentException("not a duration in microseconds: \"" + us + "\" in \"" + whole + "\"");
        }
        if (v > MAX_MICROS) {
            throw new IllegalArgumentException("duration " + us + " us in \"" + whole + "\" is longer than "
                    + (long) MAX_MICROS + " us (1000 s), the longest a profile may give one cost");
        }
        return Math.round(v * 1000);
    }
}
