package dev.cpuhp.sysfs;

import dev.cpuhp.errno.Errno;

/**
 * The kernel's string parsers for sysfs stores ({@code lib/kstrtox.c}, {@code lib/string.c}),
 * with their exact answers: at most one trailing newline, no spaces, base 10, {@code -EINVAL}
 * for anything malformed and {@code -ERANGE} for a number that does not fit.
 */
public final class Kstrto {
    private Kstrto() {
    }

    /** A parsed value, or the negative errno of the failure. */
    public record Result(long value, int error) {
        public boolean ok() {
            return error == 0;
        }

        static Result of(long v) {
            return new Result(v, 0);
        }

        static Result fail(Errno e) {
            return new Result(0, e.ret());
        }
    }

    /** {@code kstrtoint(s, 10, &res)}. */
    public static Result kstrtoint(String s) {
        Result r = kstrtoll(s);
        if (r.ok() && (r.value() < Integer.MIN_VALUE || r.value() > Integer.MAX_VALUE)) {
            return Result.fail(Errno.ERANGE);
        }
        return r;
    }

    /** {@code kstrtoll(s, 10, &res)}: a '-' handled here, a '+' by {@code kstrtoull()}. */
    static Result kstrtoll(String s) {
        if (s.startsWith("-")) {
            Result u = parseUnsigned(s.substring(1));
            if (!u.ok()) {
                return u;
            }
            // -tmp must not be positive: up to 2^63 is representable as a negative long
            if (Long.compareUnsigned(u.value(), Long.MIN_VALUE) > 0) {
                return Result.fail(Errno.ERANGE);
            }
            return Result.of(-u.value());
        }
        Result u = parseUnsigned(s.startsWith("+") ? s.substring(1) : s);
        if (u.ok() && u.value() < 0) {
            return Result.fail(Errno.ERANGE);
        }
        return u;
    }

    /** {@code _kstrtoull()}, base 10: digits, then at most one '\n', then nothing. */
    private static Result parseUnsigned(String s) {
        long v = 0;
        int i = 0;
        boolean overflow = false;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i) - '0';
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                overflow = true;
            }
            v = v * 10 + d;
            i++;
        }
        if (i == 0) {
            return Result.fail(Errno.EINVAL);
        }
        if (overflow) {
            return Result.fail(Errno.ERANGE);
        }
        if (i < s.length() && s.charAt(i) == '\n') {
            i++;
        }
        if (i != s.length()) {
            return Result.fail(Errno.EINVAL);
        }
        return Result.of(v);
    }

    /**
     * {@code kstrtobool()}: the first character decides ({@code 1yYtT} true, {@code 0nNfF}
     * false), except "on"/"of..." which need the second. Everything else is {@code -EINVAL}.
     *
     * @return 1 for true, 0 for false, or -EINVAL
     */
    public static int kstrtobool(String s) {
        if (s.isEmpty()) {
            return Errno.EINVAL.ret();
        }
        switch (s.charAt(0)) {
            case 'y', 'Y', 't', 'T', '1':
                return 1;
            case 'n', 'N', 'f', 'F', '0':
                return 0;
            case 'o', 'O':
                if (s.length() > 1) {
                    switch (s.charAt(1)) {
                        case 'n', 'N':
                            return 1;
                        case 'f', 'F':
                            return 0;
                        default:
                            break;
                    }
                }
                return Errno.EINVAL.ret();
            default:
                return Errno.EINVAL.ret();
        }
    }

    /** {@code sysfs_streq()}: equal, ignoring one trailing newline on either side. */
    public static boolean sysfsStreq(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
