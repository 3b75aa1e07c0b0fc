package dev.cpuhp.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.boot.BootExperiment;
import dev.cpuhp.boot.BootRun;
import dev.cpuhp.boot.BootSpec;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.state.Linux618;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Decodes the binary trace with an independent reader of the wire format and checks it says
 * what the Chrome JSON of the same run says: the same slices (name, track, start, duration)
 * and the same instants, with every interned reference defined before use.
 */
class PerfettoProtoWriterTest {
    @Test
    void theBinaryTraceHoldsTheSameSlicesAsTheJson() throws Exception {
        BootRun run = boot("laptop-4t", Strategy.SERIAL, 2);
        Decoded d = decode(proto(run));
        List<String> expected = jsonSlices(run);
        d.slices.sort(null);
        assertTrue(expected.size() > 100, "a boot has many steps");
        assertEquals(expected, d.slices);
        assertEquals("serial", d.processName);
        assertTrue(d.instants.contains("kick") && d.instants.contains("alive"), d.instants.toString());
        assertTrue(d.threadNames.contains("CPU 3"), d.threadNames.toString());
    }

    /**
     * Trace processor sorts a trace's events by timestamp, equal ones in file order, and pairs
     * each slice end with the innermost open slice of its track. Paired that way, the slices
     * must still be the JSON's: a step that begins at the same instant as a step it encloses
     * (the control CPU's kick and the AP's first step) must come first in the file.
     */
    @ParameterizedTest
    @EnumSource(Strategy.class)
    void slicesPairedAsTraceProcessorPairsThemAreTheJsons(Strategy strategy) throws Exception {
        BootRun run = boot("skl-2s-112t", strategy, 4);
        Decoded d = decode(proto(run));
        List<long[]> order = new ArrayList<>(d.events);
        order.sort(java.util.Comparator.comparingLong(e -> e[0])); // stable: ties stay in file order
        Map<Long, ArrayDeque<long[]>> open = new HashMap<>();
        List<String> paired = new ArrayList<>();
        int deepest = 0;
        for (long[] e : order) {
            if (e[1] == 1) {
                ArrayDeque<long[]> stack = open.computeIfAbsent(e[2], k -> new ArrayDeque<>());
                stack.push(e);
                deepest = Math.max(deepest, stack.size());
            } else if (e[1] == 2) {
                ArrayDeque<long[]> stack = open.get(e[2]);
                assertTrue(stack != null && !stack.isEmpty(), "a slice end with no slice open on its track");
                long[] b = stack.pop();
                paired.add(slice(d.names.get(b[3]), d.trackCpu.get(e[2]), b[0], e[0]));
            }
        }
        assertTrue(open.values().stream().allMatch(ArrayDeque::isEmpty), "slices left open");
        assertTrue(deepest >= 2, "no slice nested in another: the pairing was not put to the test");
        paired.sort(null);
        assertEquals(jsonSlices(run), paired);
    }

    private static BootRun boot(String profile, Strategy strategy, long seed) {
        return BootExperiment.run(BootSpec.of(HardwareProfile.resolve(profile), strategy).withSeed(seed));
    }

    private static byte[] proto(BootRun run) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PerfettoProtoWriter w = new PerfettoProtoWriter(bytes, Linux618::name)) {
            Consumer<TraceEvent> sink = w.run(run.spec().strategy().name().toLowerCase(java.util.Locale.ROOT));
            run.events().forEach(sink);
        }
        return bytes.toByteArray();
    }

    /** The run's slices as the Chrome JSON writer draws them, sorted. */
    private static List<String> jsonSlices(BootRun run) {
        StringWriter json = new StringWriter();
        PerfettoWriter.write(List.of(new PerfettoWriter.Run("run", run.events())), Linux618::name,
                dev.cpuhp.state.Layout.LINUX_6_18, json);
        List<String> expected = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "\\{\"ph\":\"X\",\"pid\":\\d+,\"tid\":(\\d+),\"ts\":([0-9.]+),\"dur\":([0-9.]+),\"name\":\"([^\"]*)\"")
                .matcher(json.toString());
        while (m.find()) {
            expected.add(String.format("%s cpu%d %.3f+%.3f", m.group(4), Integer.parseInt(m.group(1)) - 1,
                    Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))));
        }
        expected.sort(null);
        return expected;
    }

    private static String slice(String name, long cpu, long begin, long end) {
        return String.format("%s cpu%d %.3f+%.3f", name, cpu, begin / 1000.0, (end - begin) / 1000.0);
    }

    @Test
    void theEncoderWritesVarintsAndRedundantLengthsAsTheWireFormatSays() {
        var b = new dev.cpuhp.trace.proto.ProtoBuffer();
        b.varint(1, 300);
        int m = b.begin(2);
        b.string(3, "hi");
        b.end(m);
        b.int64(4, -1);
        byte[] out = b.toByteArray();
        byte[] expected = {0x08, (byte) 0xac, 0x02, 0x12, (byte) 0x84, (byte) 0x80, (byte) 0x80, 0x00, 0x1a, 0x02, 'h', 'i',
                0x20, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01};
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(out));
    }

    // ------------------------------------------------------------------ an independent decoder

    private static final class Decoded {
        final List<String> slices = new ArrayList<>();
        final List<String> instants = new ArrayList<>();
        final List<String> threadNames = new ArrayList<>();
        /** Slice begins, ends and instants in file order: [ts, type, track, name iid]. */
        final List<long[]> events = new ArrayList<>();
        final Map<Long, String> names = new HashMap<>();
        final Map<Long, Long> trackCpu = new HashMap<>();
        String processName;
    }

    private static final class Reader {
        final byte[] b;
        int at;
        final int end;

        Reader(byte[] b, int from, int end) {
            this.b = b;
            this.at = from;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = b[at++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
            }
        }

        /** Next field: [number, wire type, value or offset, length]. */
        long[] field() {
            long tag = varint();
            int wire = (int) (tag & 7);
            if (wire == 0) {
                return new long[] {tag >>> 3, 0, varint(), 0};
            }
            if (wire == 2) {
                int len = (int) varint();
                long[] f = {tag >>> 3, 2, at, len};
                at += len;
                return f;
            }
            throw new AssertionError("unexpected wire type " + wire + " at " + at);
        }

        Reader sub(long[] f) {
            return new Reader(b, (int) f[2], (int) (f[2] + f[3]));
        }

        String string(long[] f) {
            return new String(b, (int) f[2], (int) f[3], java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static Decoded decode(byte[] trace) {
        Decoded d = new Decoded();
        Map<Long, String> names = d.names;
        Map<Long, Long> trackCpu = d.trackCpu;
        Map<Long, long[]> open = new HashMap<>(); // track -> [ts, name iid]
        Reader r = new Reader(trace, 0, trace.length);
        boolean cleared = false;
        while (r.more()) {
            long[] pf = r.field();
            assertEquals(1, pf[0], "a Trace holds packets only");
            Reader p = r.sub(pf);
            long ts = -1;
            long[] event = null;
            while (p.more()) {
                long[] f = p.field();
                switch ((int) f[0]) {
                    case 8 -> ts = f[2];
                    case 13 -> cleared |= (f[2] & 1) != 0;
                    case 12 -> {
                        Reader in = p.sub(f);
                        while (in.more()) {
                            long[] entry = in.field();
                            long iid = 0;
                            String name = null;
                            for (Reader e = in.sub(entry); e.more(); ) {
                                long[] g = e.field();
                                if (g[0] == 1) {
                                    iid = g[2];
                                } else if (g[0] == 2) {
                                    name = e.string(g);
                                }
                            }
                            if (entry[0] == 2) {
                                names.put(iid, name);
                            }
                        }
                    }
                    case 11 -> event = f;
                    case 60 -> {
                        long uuid = 0;
                        for (Reader td = p.sub(f); td.more(); ) {
                            long[] g = td.field();
                            if (g[0] == 1) {
                                uuid = g[2];
                            } else if (g[0] == 3 || g[0] == 4) {
                                for (Reader desc = td.sub(g); desc.more(); ) {
                                    long[] h = desc.field();
                                    if (g[0] == 3 && h[0] == 6) {
                                        d.processName = desc.string(h);
                                    } else if (g[0] == 4 && h[0] == 5) {
                                        String n = desc.string(h);
                                        d.threadNames.add(n);
                                        trackCpu.put(uuid, Long.parseLong(n.substring(4)));
                                    }
                                }
                            }
                        }
                    }
                    default -> { }
                }
            }
            if (event != null) {
                assertTrue(cleared, "incremental state cleared before it is used");
                long type = 0;
                long track = 0;
                long name = 0;
                for (Reader e = p.sub(event); e.more(); ) {
                    long[] g = e.field();
                    switch ((int) g[0]) {
                        case 9 -> type = g[2];
                        case 11 -> track = g[2];
                        case 10 -> name = g[2];
                        default -> { }
                    }
                }
                assertTrue(trackCpu.containsKey(track) || type == 3, "track described before use: " + track);
                if (name != 0) {
                    assertTrue(names.containsKey(name), "name interned before use: " + name);
                }
                d.events.add(new long[] {ts, type, track, name});
                if (type == 1) {
                    open.put(track, new long[] {ts, name});
                } else if (type == 2) {
                    long[] b = open.remove(track);
                    d.slices.add(slice(names.get(b[1]), trackCpu.get(track), b[0], ts));
                } else if (type == 3) {
                    d.instants.add(names.get(name));
                }
            }
        }
        return d;
    }
}
