package dev.cpuhp.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kernel's state table before it is bound to a machine: where its core states are
 * ({@link Layout}) and its rows. Either the built-in 6.18 table ({@link Linux618}) or one
 * imported from a {@code /sys/devices/system/cpu/hotplug/states} listing: the listing gives
 * numbers and names; the kernel version is recognised from where the core's states stand in
 * it; the callbacks come from what is known of that version's states by name
 * ({@code linux-VERSION.callbacks}, then 6.18's rows).
 *
 * @param origin where the table came from, for messages
 */
public record KernelTable(Layout layout, List<Row> rows, String origin) {
    /** Built-in tables by name. */
    public static final List<String> BUILTIN = List.of("linux-6.18", "linux-6.12");

    public KernelTable {
        rows = List.copyOf(rows);
    }

    /** The default: Linux 6.18. */
    public static KernelTable linux618() {
        return new KernelTable(Layout.LINUX_6_18, Linux618.ROWS, "linux-6.18");
    }

    /** A built-in table by name, else a listing file. */
    public static KernelTable resolve(String nameOrPath) {
        if (nameOrPath.equals("linux-6.18")) {
            return linux618();
        }
        if (BUILTIN.contains(nameOrPath)) {
            return fromListing(resource(nameOrPath + ".states").orElseThrow(), nameOrPath);
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no built-in state table \"" + nameOrPath
                    + "\" and no such file; built-in: " + String.join(", ", BUILTIN));
        }
        try {
            return fromListing(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read states listing " + file, e);
        }
    }

    /**
     * Imports a {@code hotplug/states} listing ({@code "%3d: %s\n"} per named state).
     *
     * @throws IllegalArgumentException naming the line, or the core states no known kernel has
     *                                  where the listing has them
     */
    public static KernelTable fromListing(String text, String origin) {
        Map<String, Integer> byName = new HashMap<>();
        List<String[]> entries = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(": ");
            int number;
            try {
                number = colon < 0 ? -1 : Integer.parseInt(line.substring(0, colon));
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 0) {
                throw new IllegalArgumentException(origin + ":" + (i + 1) + ": expected \"NUMBER: NAME\", got \"" + line + "\"");
            }
            String name = line.substring(colon + 2);
            if (byName.putIfAbsent(name, number) != null) {
                throw new IllegalArgumentException(origin + ":" + (i + 1) + ": \"" + name + "\" listed twice");
            }
            entries.add(new String[] {String.valueOf(number), name});
        }
        Layout layout = recognise(byName, origin);
        Map<String, Row> known = callbacks(layout.kernel());
        List<Row> rows = new ArrayList<>();
        int last = -1;
        for (String[] e : entries) {
            int n = Integer.parseInt(e[0]);
            if (n <= last || n > layout.online()) {
                throw new IllegalArgumentException(origin + ": state " + n + " (" + e[1] + ") out of order or past "
                        + layout.online());
            }
            last = n;
            boolean cantStop = n == CpuhpState.CREATE_THREADS || n == layout.bringupCpu() || n == layout.apOffline()
                    || n == layout.teardownCpu();
            Row row = Optional.ofNullable(known.get(e[1])).or(() -> Linux618.byName(e[1]))
                    .orElseGet(() -> unknown(e[1]));
            rows.add(row.at(n, cantStop));
        }
        return new KernelTable(layout, rows, origin);
    }

    /** The names the core's states have in every kernel, and where each layout puts them. */
    private static Layout recognise(Map<String, Integer> byName, String origin) {
        for (Layout l : Layout.KNOWN) {
            if (at(byName, "offline", 0) && at(byName, "cpu:kick_ap", l.bpKickAp())
                    && at(byName, "cpu:bringup", l.bringupCpu()) && at(byName, "ap:online", l.apOnline())
                    && at(byName, "cpu:teardown", l.teardownCpu()) && at(byName, "sched:active", l.apActive())
                    && at(byName, "online", l.online())) {
                return l;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Layout l : Layout.KNOWN) {
            known.append(known.isEmpty() ? "" : "; ").append(l.kernel()).append(": ").append(l.bpKickAp()).append('/')
                    .append(l.teardownCpu()).append('/').append(l.online());
        }
        throw new IllegalArgumentException(origin + ": no known kernel has cpu:kick_ap/cpu:teardown/online at "
                + byName.get("cpu:kick_ap") + "/" + byName.get("cpu:teardown") + "/" + byName.get("online")
                + " (known: " + known + ")");
    }

    private static boolean at(Map<String, Integer> byName, String name, int number) {
        Integer n = byName.get(name);
        return n != null && n == number;
    }

    /** A state nothing is known of: it calls something both ways, named after itself. */
    private static Row unknown(String name) {
        String base = name.replaceAll("[^A-Za-z0-9]+", "_");
        return new Row(0, name, base + "_startup", base + "_teardown", false, Row.SINGLE);
    }

    /** {@code linux-VERSION.callbacks}: "NAME | STARTUP | TEARDOWN [| multi N]" per line. */
    static Map<String, Row> callbacks(String kernel) {
        Map<String, Row> out = new HashMap<>();
        String text = resource("linux-" + kernel + ".callbacks").orElse("");
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s*\\|\\s*");
            int instances = f.length > 3 ? Integer.parseInt(f[3].substring("multi ".length())) : Row.SINGLE;
            out.put(f[0], new Row(0, f[0], symbol(f[1]), symbol(f[2]), false, instances));
        }
        return out;
    }

    private static String symbol(String s) {
        return s.equals("-") ? null : s;
    }

    private static Optional<String> resource(String name) {
        try (InputStream in = KernelTable.class.getResourceAsStream("/dev/cpuhp/kernels/" + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
