package dev.cpuhp.cli.oracle;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One operation of a hotplug script under {@code /sys/devices/system/cpu}: one {@code write(2)}
 * of some bytes to a file, one read of a file, or a run of the kernel's selftest.
 *
 * @param n     its number in the script, from 1 (0 is the boot)
 * @param kind  what it does
 * @param file  the path below {@code /sys/devices/system/cpu}, e.g. {@code cpu3/online}; the
 *              selftest's name for a selftest
 * @param value the bytes written; the selftest's arguments; empty for a read
 */
public record Op(int n, Kind kind, String file, byte[] value) {
    public static final String ROOT = "/sys/devices/system/cpu/";
    public static final String SELFTEST = "cpu-on-off-test.sh";

    public enum Kind {
        WRITE("w"), READ("r"), SELFTEST("selftest");

        final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    public static Op write(int n, String file, String value) {
        return new Op(n, Kind.WRITE, file, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static Op read(int n, String file) {
        return new Op(n, Kind.READ, file, new byte[0]);
    }

    /** {@code cpu-on-off-test.sh} with {@code args} ("" or "-a"). */
    public static Op selftest(int n, String args) {
        return new Op(n, Kind.SELFTEST, SELFTEST, args.getBytes(StandardCharsets.ISO_8859_1));
    }

    public boolean isWrite() {
        return kind == Kind.WRITE;
    }

    /** The selftest's arguments. */
    public String args() {
        return new String(value, StandardCharsets.ISO_8859_1);
    }

    /** As a shell user would type it: {@code echo 0 > cpu3/online}, {@code cat cpu3/online}. */
    public String describe() {
        if (kind == Kind.READ) {
            return "cat " + file;
        } else if (kind == Kind.SELFTEST) {
            return ("bash " + SELFTEST + " " + args()).strip();
        }
        String text = new String(value, StandardCharsets.ISO_8859_1);
        boolean newline = text.endsWith("\n");
        String body = newline ? text.substring(0, text.length() - 1) : text;
        String shown = body.matches("[A-Za-z0-9+\\-_.]+") ? body : "'" + body.replace("\n", "\\n") + "'";
        return (newline ? "echo " : "echo -n ") + shown + " > " + file;
    }

    /** The line of the guest's script ({@code scripts/linux-guest}): printf gets octal escapes only. */
    public String guestLine() {
        if (kind == Kind.READ) {
            return "r " + n + " " + file;
        } else if (kind == Kind.SELFTEST) {
            return ("selftest " + n + " " + args()).strip();
        }
        StringBuilder fmt = new StringBuilder();
        for (byte b : value) {
            fmt.append(String.format("\\%03o", b & 0xff));
        }
        return "w " + n + " " + file + " '" + fmt + "'";
    }

    /** A line of a saved script: {@code N w FILE HEX}, {@code N r FILE} or {@code N selftest FILE HEX}. */
    public String scriptLine() {
        return kind == Kind.READ ? n + " r " + file : n + " " + kind.code + " " + file + " " + HexFormat.of().formatHex(value);
    }

    public static Op parse(String line) {
        String[] f = line.strip().split(" ");
        try {
            int n = Integer.parseInt(f[0]);
            byte[] value = f.length > 3 ? HexFormat.of().parseHex(f[3]) : new byte[0];
            for (Kind k : Kind.values()) {
                if (k.code.equals(f[1]) && (k != Kind.READ || f.length == 3)) {
                    return new Op(n, k, f[2], value);
                }
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a script line: \"" + line + "\"");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Op x && x.n == n && x.kind == kind && x.file.equals(file)
                && java.util.Arrays.equals(x.value, value);
    }

    @Override
    public int hashCode() {
        return n * 31 + file.hashCode();
    }
}
