package dev.cpuhp.cli.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the fuzzer writes and where: a seeded stream of targets (every writable file, and
 * read-only files, directories and missing paths) and of payloads for them, from values the
 * file takes (so the machine moves) to the malformed: signs, huge numbers, whitespace, words,
 * binary, NULs, invalid UTF-8, non-ASCII digits, lines past a page and past every limit,
 * nothing at all, and valid values with a byte changed.
 */
final class Inputs {
    static final String CPU = "/sys/devices/system/cpu";
    private static final String[] WORDS = {"on", "off", "forceoff", "notsupported", "notimplemented", "true", "false",
        "yes", "no", "y", "n", "o", "of", "onn", "offf", "1x", "0x1", "Y", "N", "ON", "Off", "FORCEOFF", "enable"};
    private static final String[] NUMBERS = {"2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "4294967296", "99999999999"};
    private static final String[] ODD_NUMBERS = {"+", "-", "--1", "+-1", "-+1", "-0", "+0", "+236", "0236", "00",
        "0x1f", "0X10", "0o7", "0b1", "1e3", "1.0", ".5", "1_0", "1,0", "٣", "236\n\n", "0\r\n"};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xc3}, {(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf},
        {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xe2, (byte) 0x82}, {(byte) 0xfe, (byte) 0xff, '1'}};
    private static final String[] NON_ASCII_DIGITS = {"１", "١", "½", "𝟏", "²", "Ⅰ", "〇"};
    private static final int[] LONG = {4095, 4096, 4097, 8192, 10_000, 65_535, 65_536, 70_000};

    private final SplittableRandom r;
    private final int cpus;
    private final List<Integer> states;
    private final List<String> readOnly;
    private final List<String> directories;
    /** The largest payload; past a surface's own limits, short of what it would take forever to send. */
    private final int maxLength;

    Inputs(SplittableRandom r, Snapshot booted, int maxLength) {
        this.r = r;
        this.maxLength = maxLength;
        this.cpus = (int) booted.files().keySet().stream().filter(p -> p.matches(CPU + "/cpu\\d+/hotplug/state")).count();
        this.states = booted.files().getOrDefault(CPU + "/hotplug/states", "").lines()
                .map(l -> l.substring(0, l.indexOf(':')).strip()).map(Integer::parseInt).toList();
        this.readOnly = booted.files().keySet().stream()
                .filter(p -> Target.classify(p, booted, cpus).kind() == Target.Kind.READ_ONLY).toList();
        this.directories = new ArrayList<>(booted.directories());
    }

    int cpus() {
        return cpus;
    }

    SplittableRandom random() {
        return r;
    }

    /** The next file to write: mostly writable ones, some that refuse. */
    String target() {
        int cpu = r.nextInt(cpus);
        int pick = r.nextInt(100);
        String path;
        if (pick < 28) {
            path = CPU + "/cpu" + (1 + r.nextInt(cpus - 1)) + "/online"; // the boot CPU has none
        } else if (pick < 52) {
            path = CPU + "/cpu" + cpu + "/hotplug/target";
        } else if (pick < 66) {
            path = CPU + "/cpu" + cpu + "/hotplug/fail";
        } else if (pick < 74) {
            path = CPU + "/smt/control";
        } else if (pick < 84) {
            path = readOnly.get(r.nextInt(readOnly.size()));
        } else if (pick < 88) {
            path = directories.get(r.nextInt(directories.size()));
        } else {
            path = missing(cpu);
        }
        return path;
    }

    private String missing(int cpu) {
        return switch (r.nextInt(6)) {
            case 0 -> CPU + "/cpu0/online";
            case 1 -> CPU + "/cpu" + (cpus + r.nextInt(1000)) + "/online";
            case 2 -> CPU + "/online/x";
            case 3 -> CPU + "/cpu" + cpu + "/hotplug/nope";
            case 4 -> "/sys/devices/system/cpu/cpu" + cpu + "/topology/../../cpu" + cpu + "x";
            default -> "/nope" + r.nextInt(10);
        };
    }

    /** A payload for {@code t}. */
    byte[] payload(Target t) {
        int pick = r.nextInt(100);
        if (pick < 25) {
            return bytes(valid(t));
        } else if (pick < 35) {
            return bytes((r.nextInt(306) - 5) + (r.nextBoolean() ? "\n" : ""));
        } else if (pick < 43) {
            return bytes(ODD_NUMBERS[r.nextInt(ODD_NUMBERS.length)]);
        } else if (pick < 51) {
            return bytes(huge());
        } else if (pick < 59) {
            return bytes(whitespace(valid(t).strip()));
        } else if (pick < 65) {
            String w = WORDS[r.nextInt(WORDS.length)];
            return bytes(w + (r.nextBoolean() ? "\n" : ""));
        } else if (pick < 71) {
            byte[] b = new byte[1 + r.nextInt(64)];
            r.nextBytes(b);
            return b;
        } else if (pick < 76) {
            return withNul(bytes(valid(t)));
        } else if (pick < 81) {
            byte[] bad = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
            return concat(r.nextBoolean() ? bytes(valid(t).strip()) : new byte[0], bad);
        } else if (pick < 85) {
            return bytes(NON_ASCII_DIGITS[r.nextInt(NON_ASCII_DIGITS.length)] + (r.nextBoolean() ? "\n" : ""));
        } else if (pick < 90) {
            return longPayload();
        } else if (pick < 93) {
            return new byte[0];
        }
        return mutate(bytes(valid(t)));
    }

    /** A value the file takes (mostly), so accepted writes move the machine around. */
    private String valid(Target t) {
        String nl = r.nextInt(4) == 0 ? "" : "\n";
        return switch (t.kind()) {
            case ONLINE -> (r.nextInt(8) == 0 ? WORDS[r.nextInt(11)] : String.valueOf(r.nextInt(2))) + nl;
            case TARGET -> (r.nextInt(3) == 0 ? (r.nextBoolean() ? 0 : 236) : states.get(r.nextInt(states.size()))) + nl;
            case FAIL -> (r.nextInt(4) == 0 ? -1 : states.get(r.nextInt(states.size()))) + nl;
            // forceoff cannot be undone: rarely, or the rest of a run would only see EPERM
            case SMT_CONTROL -> (r.nextInt(60) == 0 ? "forceoff" : new String[] {"on", "off", "1", "2"}[r.nextInt(4)]) + nl;
            default -> r.nextInt(2) + nl;
        };
    }

    private String huge() {
        if (r.nextBoolean()) {
            return NUMBERS[r.nextInt(NUMBERS.length)];
        }
        StringBuilder sb = new StringBuilder(r.nextBoolean() ? "-" : "");
        int digits = 10 + r.nextInt(40);
        for (int i = 0; i < digits; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }

    private String whitespace(String v) {
        String[] ws = {" ", "\t", "\n", "\r", "\f", "\u000b", "  "};
        String w = ws[r.nextInt(ws.length)];
        return switch (r.nextInt(4)) {
            case 0 -> w + v;
            case 1 -> v + w;
            case 2 -> w + v + "\n";
            default -> v.isEmpty() ? w : v.charAt(0) + w + v.substring(1);
        };
    }

    private byte[] withNul(byte[] v) {
        int at = r.nextInt(v.length + 1);
        byte[] out = new byte[v.length + 1];
        System.arraycopy(v, 0, out, 0, at);
        System.arraycopy(v, at, out, at + 1, v.length - at);
        return out;
    }

    private byte[] longPayload() {
        int n = Math.min(maxLength, LONG[r.nextInt(LONG.length)]);
        byte[] b = new byte[n];
        if (r.nextBoolean()) {
            Arrays.fill(b, (byte) "019 ab".charAt(r.nextInt(6)));
        } else {
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (' ' + r.nextInt(95));
            }
        }
        return b;
    }

    private byte[] mutate(byte[] v) {
        byte[] out = v.length == 0 ? new byte[1] : v.clone();
        int at = r.nextInt(out.length);
        switch (r.nextInt(3)) {
            case 0 -> out[at] = (byte) r.nextInt(256);
            case 1 -> out[at] ^= (byte) (1 << r.nextInt(8));
            default -> {
                return concat(Arrays.copyOfRange(out, 0, at), Arrays.copyOfRange(out, Math.min(out.length, at + 1), out.length));
            }
        }
        return out;
    }

    /** A spelling of {@code path} the kernel's path walk takes to the same file. */
    String spelling(String path) {
        return switch (r.nextInt(10)) {
            case 0 -> path.replace("/cpu/", "//cpu/./");
            case 1 -> path.replace("/devices/", "/devices/../devices/");
            default -> path;
        };
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Bytes shown printable: \n, \t, \r and \xNN escapes, cut after {@code max} with the length said. */
    static String escape(byte[] b, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length && i < max; i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case 0 -> sb.append("\\x00");
                case '\\' -> sb.append("\\\\");
                default -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        return b.length > max ? sb + "...(" + b.length + " bytes)" : sb.toString();
    }

    static String escape(String s, int max) {
        return escape(s.getBytes(StandardCharsets.ISO_8859_1), max);
    }
}
