package dev.cpuhp.platform;

import dev.cpuhp.machine.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a machine is and what each step costs on it: a data file a user can copy and edit.
 *
 * <pre>
 * # comment
 * name = skl-2s-112t
 * topology = 2x28x2                 # sockets x cores per socket x threads per core
 * topology.numbering = primaries-first   # or siblings-adjacent (QEMU, many AMD systems)
 * states = linux-6.12               # the kernel's state table: built-in name or states listing
 * ap.alive_us = uniform(350, 3500)  # INIT/SIPI to "alive", every thread
 * ap.core_start_us = 2000           # more for the first thread of a powered-down core
 * ap.microcode_us = 8000            # the update, once per core (until a reset)
 * state.threads:prepare = 98        # startup cost of a state, in microseconds
 * state.sched:active = 30 / 20      # startup / teardown
 * state.trace/RB:prepare[1] = 7800  # one instance of a multi-instance state (0 = called first)
 * </pre>
 * Durations are microseconds, written as a number, {@code uniform(lo, hi)} or
 * {@code normal(mean, sd)}. Unknown keys are errors, so a typo does not silently cost zero.
 */
public final class HardwareProfile {
    /** The built-in profiles, by name. */
    public static final List<String> BUILTIN = List.of("skl-2s-112t", "laptop-4t", "spr-16s-1920t", "x86-8192",
            "arm64-80c", "qemu-6.12");
    public static final String DEFAULT = "skl-2s-112t";

    private static final Set<String> SCALARS = Set.of(
            "name", "description", "calibration", "topology", "topology.numbering", "states", "platform.parallel_bringup", "ap.tsc_sync",
            "cpu.vendor_id", "cpu.model_name", "cpu.family", "cpu.model", "cpu.stepping", "cpu.mhz",
            "cpu.cache_size", "cpu.bogomips", "cpu.flags",
            "published.source", "published.serial_ms", "published.parallel_ms", "published.parallel_prepare_ms",
            "published.parallel_online_ms");
    private static final Set<String> DURATIONS = Set.of(
            "ap.alive_us", "ap.core_start_us", "ap.microcode_us", "ap.microcode_sibling_us", "ap.starting_us", "ap.tsc_sync_us",
            "ipi.wakeup_us", "rcu.grace_period_us", "rcu.grace_period_per_cpu_us", "cpu.die_us");

    /** Cost of one state's callbacks. */
    public record StateCost(Distribution up, Distribution down) {
    }

    private final String origin;
    private final Map<String, String> scalars;
    private final Map<String, Distribution> durations;
    private final Map<String, StateCost> states;
    private final Map<String, Distribution> named;
    private final Topology topology;

    private HardwareProfile(String origin, Map<String, String> scalars, Map<String, Distribution> durations,
                            Map<String, StateCost> states, Map<String, Distribution> named) {
        this.origin = origin;
        this.scalars = Collections.unmodifiableMap(scalars);
        this.durations = Collections.unmodifiableMap(durations);
        this.states = Collections.unmodifiableMap(states);
        this.named = Collections.unmodifiableMap(named);
        this.topology = parseTopology(scalars.getOrDefault("topology", "1x1x1"),
                scalars.getOrDefault("topology.numbering", Topology.Numbering.PRIMARIES_FIRST.key()), origin);
    }

    // ------------------------------------------------------------------ loading

    /** A built-in profile by name. */
    public static HardwareProfile builtin(String name) {
        String resource = "/dev/cpuhp/profiles/" + name + ".profile";
        try (InputStream in = HardwareProfile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no built-in profile \"" + name + "\"; built-in: "
                        + String.join(", ", BUILTIN));
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A profile file of the user's. */
    public static HardwareProfile load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profile " + file, e);
        }
    }

    /** A built-in name, or else a path to a profile file. */
    public static HardwareProfile resolve(String nameOrPath) {
        if (BUILTIN.contains(nameOrPath)) {
            return builtin(nameOrPath);
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no built-in profile \"" + nameOrPath + "\" and no such file; built-in: "
                    + String.join(", ", BUILTIN));
        }
        return load(file);
    }

    /** A machine of this topology where nothing costs any time: for tests of ordering rules. */
    public static HardwareProfile ideal(Topology topology) {
        return parse("name = ideal-" + topology + "\ntopology = " + topology + "\ntopology.numbering = "
                + topology.numbering().key() + "\n", "ideal");
    }

    /**
     * Parses profile text.
     *
     * @throws IllegalArgumentException with the origin, line number and what was wrong
     */
    public static HardwareProfile parse(String text, String origin) {
        Map<String, String> scalars = new LinkedHashMap<>();
        Map<String, Distribution> durations = new LinkedHashMap<>();
        Map<String, StateCost> states = new LinkedHashMap<>();
        Map<String, Distribution> named = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = origin + ":" + (i + 1) + ": ";
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + "expected \"key = value\", got \"" + line + "\"");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            try {
                put(key, value, scalars, durations, states, named);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        return new HardwareProfile(origin, scalars, durations, states, named);
    }

    /** Files one {@code key = value} line into the map it belongs to; throws for an unknown key or a bad value. */
    private static void put(String key, String value, Map<String, String> scalars, Map<String, Distribution> durations,
                            Map<String, StateCost> states, Map<String, Distribution> named) {
        if (SCALARS.contains(key) || key.startsWith("published.") && key.length() > 10) {
            scalars.put(key, value);
        } else if (DURATIONS.contains(key)) {
            durations.put(key, Distribution.parse(value));
        } else if (key.startsWith("state.") && key.length() > 6) {
            states.put(key.substring(6), stateCost(value));
        } else if (key.startsWith("cost.") && key.endsWith("_us") && key.length() > 8) {
            named.put(key.substring(5, key.length() - 3), Distribution.parse(value));
        } else {
            throw new IllegalArgumentException("unknown key \"" + key + "\"");
        }
    }

    /**
     * This profile with one line overridden, as if {@code key = value} were its last line: a
     * what-if variant of the machine.
     *
     * @throws IllegalArgumentException for an unknown key or a value that does not parse
     */
    public HardwareProfile with(String key, String value) {
        Map<String, String> sc = new LinkedHashMap<>(scalars);
        Map<String, Distribution> du = new LinkedHashMap<>(durations);
        Map<String, StateCost> st = new LinkedHashMap<>(states);
        Map<String, Distribution> na = new LinkedHashMap<>(named);
        put(key.strip(), value.strip(), sc, du, st, na);
        return new HardwareProfile(origin, sc, du, st, na);
    }

    /**
     * This profile with each {@code KEY=VALUE} of {@code settings} applied in order, as the
     * command line's {@code --set} gives them.
     *
     * @throws IllegalArgumentException naming the setting that is wrong and why
     */
    public HardwareProfile withSettings(List<String> settings) {
        HardwareProfile p = this;
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            try {
                if (eq <= 0) {
                    throw new IllegalArgumentException("expected KEY=VALUE, e.g. ap.microcode_us=2000");
                }
                p = p.with(setting.substring(0, eq), setting.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--set " + setting + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    /**
     * The cost lines a what-if may vary in one direction: {@code ap.*} and {@code ipi.*}
     * durations and {@code cost.*_us} (both directions), and {@code state.NAME} for that
     * direction; only those with a non-zero mean.
     */
    public List<String> costKeys(boolean bringup) {
        List<String> out = new ArrayList<>();
        durations.forEach((k, d) -> {
            if (d.mean() > 0) {
                out.add(k);
            }
        });
        named.forEach((k, d) -> {
            if (d.mean() > 0) {
                out.add("cost." + k + "_us");
            }
        });
        states.forEach((k, c) -> {
            if ((bringup ? c.up() : c.down()).mean() > 0) {
                out.add("state." + k);
            }
        });
        return out;
    }

    /** The profile's value of a cost key of {@link #costKeys}, in that direction. */
    public Distribution cost(String key, boolean bringup) {
        if (key.startsWith("state.")) {
            return stateCost(key.substring(6), bringup);
        }
        if (key.startsWith("cost.") && key.endsWith("_us")) {
            return named(key.substring(5, key.length() - 3));
        }
        return duration(key);
    }

    /**
     * This profile with one cost of {@link #costKeys} times {@code factor}; a state's cost is
     * scaled in the one direction only.
     */
    public HardwareProfile scaled(String key, double factor, boolean bringup) {
        Distribution d = cost(key, bringup).scaled(factor);
        Map<String, Distribution> du = new LinkedHashMap<>(durations);
        Map<String, StateCost> st = new LinkedHashMap<>(states);
        Map<String, Distribution> na = new LinkedHashMap<>(named);
        if (key.startsWith("state.")) {
            StateCost c = st.get(key.substring(6));
            st.put(key.substring(6), bringup ? new StateCost(d, c.down()) : new StateCost(c.up(), d));
        } else if (key.startsWith("cost.")) {
            na.put(key.substring(5, key.length() - 3), d);
        } else {
            du.put(key, d);
        }
        return new HardwareProfile(origin, new LinkedHashMap<>(scalars), du, st, na);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static StateCost stateCost(String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            return new StateCost(Distribution.parse(value), Distribution.ZERO);
        }
        return new StateCost(Distribution.parse(value.substring(0, slash)), Distribution.parse(value.substring(slash + 1)));
    }

    private static Topology parseTopology(String text, String numbering, String origin) {
        String[] p = text.strip().split("x");
        Topology.Numbering order;
        try {
            order = Topology.Numbering.parse(numbering);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
        try {
            if (p.length != 3) {
                throw new NumberFormatException();
            }
            return new Topology(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), order);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(origin + ": topology must be SOCKETSxCORESxTHREADS, e.g. 2x28x2, got \""
                    + text + "\"");
        }
    }

    // ------------------------------------------------------------------ reading

    public String name() {
        return scalars.getOrDefault("name", origin);
    }

    public String description() {
        return scalars.getOrDefault("description", "");
    }

    /** What the profile was calibrated against, if it says. */
    public String calibration() {
        return scalars.getOrDefault("calibration", "");
    }

    public Topology topology() {
        return topology;
    }

    /**
     * The kernel's state table ({@code states}): a built-in name ({@code linux-6.12}) or a
     * {@code hotplug/states} listing; a relative path is the profile file's sibling.
     */
    public java.util.Optional<String> states() {
        String v = scalars.get("states");
        if (v == null || !v.contains("/") || Path.of(v).isAbsolute() || !Files.isRegularFile(Path.of(origin))) {
            return java.util.Optional.ofNullable(v);
        }
        return java.util.Optional.of(Path.of(origin).resolveSibling(v).toString());
    }

    /**
     * The state table {@link #states()} names, else Linux 6.18's.
     *
     * @throws IllegalArgumentException if the named table or listing cannot be read
     */
    public dev.cpuhp.state.KernelTable kernelTable() {
        return states().map(dev.cpuhp.state.KernelTable::resolve).orElseGet(dev.cpuhp.state.KernelTable::linux618);
    }

    /** A free-form value ({@code cpu.*}), or {@code fallback}. */
    public String get(String key, String fallback) {
        return scalars.getOrDefault(key, fallback);
    }

    /**
     * A published measurement the profile was calibrated to ({@code published.KEY_ms}), in
     * milliseconds, if the profile has it.
     */
    public java.util.OptionalDouble published(String key) {
        String v = scalars.get("published." + key + "_ms");
        if (v == null) {
            return java.util.OptionalDouble.empty();
        }
        try {
            return java.util.OptionalDouble.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(origin + ": published." + key + "_ms is not a number: \"" + v + "\"");
        }
    }

    /** {@code arch_cpuhp_init_parallel_bringup()}: false for e.g. SEV-ES/TDX guests. */
    public boolean parallelBringup() {
        return !"false".equalsIgnoreCase(scalars.getOrDefault("platform.parallel_bringup", "true"));
    }

    /** Which CPUs run the TSC sync test: "first-of-socket" (default), "all" or "none". */
    public String tscSync() {
        return scalars.getOrDefault("ap.tsc_sync", "first-of-socket");
    }

    /** A named duration ({@code ap.alive_us}, ...); zero if the profile does not set it. */
    public Distribution duration(String key) {
        if (!DURATIONS.contains(key)) {
            throw new IllegalArgumentException("not a profile duration: " + key);
        }
        return durations.getOrDefault(key, Distribution.ZERO);
    }

    /**
     * The cost of a state's callback in one direction; zero if the profile does not list it.
     * For one instance of a multi-instance state ({@link #instanceKey}), the instance's own
     * line if there is one, else the state's.
     */
    public Distribution stateCost(String stateName, boolean bringup) {
        StateCost c = states.get(stateName);
        if (c == null && instanceOf(stateName) != null) {
            c = states.get(instanceOf(stateName));
        }
        return c == null ? Distribution.ZERO : bringup ? c.up() : c.down();
    }

    /**
     * {@code NAME[I]}: the key of the {@code i}-th instance of a multi-instance state, which
     * {@code state.NAME[I] = ...} prices on its own (instances of one state are often unrelated
     * subsystems: a trace showed one of three ring-buffer instances costing 100 times the others).
     */
    public static String instanceKey(String stateName, int instance) {
        return stateName + "[" + instance + "]";
    }

    /** The state of an {@link #instanceKey}, or null if {@code key} is not one. */
    private static String instanceOf(String key) {
        int open = key.lastIndexOf('[');
        return open > 0 && key.endsWith("]") && key.substring(open + 1, key.length() - 1).chars().allMatch(Character::isDigit)
                && key.length() > open + 2 ? key.substring(0, open) : null;
    }

    /** Every state name the profile prices, for validation against the state table. */
    public Set<String> pricedStates() {
        return states.keySet();
    }

    /** A named cost ({@code cost.NAME_us}); zero if absent. */
    public Distribution named(String what) {
        return named.getOrDefault(what, Distribution.ZERO);
    }

    /** The keys of the profile that look wrong against a state table's names. */
    public List<String> unknownStates(Set<String> tableNames) {
        List<String> out = new ArrayList<>();
        for (String s : states.keySet()) {
            if (!tableNames.contains(s) && !tableNames.contains(String.valueOf(instanceOf(s)))) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return name() + " (" + topology + ")";
    }
}
