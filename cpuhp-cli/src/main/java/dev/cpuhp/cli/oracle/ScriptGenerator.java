package dev.cpuhp.cli.oracle;

import dev.cpuhp.state.KernelTable;
import dev.cpuhp.state.Layout;
import dev.cpuhp.state.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random hotplug script from a seed: CPUs taken online and offline (also ones already so),
 * failures injected at random states and then the operation they should break, {@code target}
 * writes, SMT control, the values the kernel's parsers refuse or accept oddly, writes to
 * read-only files, and reads of every hotplug file. CPU 0 is only read and armed, never sent
 * down with {@code target}: the guest would lose its only writer's CPU.
 */
public final class ScriptGenerator {
    private static final String[] BOOLS = {"2", "-1", "abc", "", " 1", "1x", "0x1", "yes", "on", "n", "off", "no", "Y",
        "maybe", "t", "F"};
    private static final String[] INTS = {"-5", "99999999999", "abc", " 5", "0x10", "", "-2", "300", "237"};
    private static final String[] SMT = {"on", "off", "1", "2", "bogus", "", "0", "3", "On"};
    private static final String[] READ_ONLY = {"online", "offline", "possible", "present", "kernel_max",
        "hotplug/states", "smt/active"};

    private final SplittableRandom rng;
    private final int cpus;
    private final Layout layout;
    private final List<Integer> named = new ArrayList<>();
    private final List<Op> ops = new ArrayList<>();
    /** Which CPUs the script last sent offline: most online writes then change something. */
    private final java.util.Set<Integer> down = new java.util.HashSet<>();

    private ScriptGenerator(long seed, int cpus, KernelTable table) {
        this.rng = new SplittableRandom(seed);
        this.cpus = cpus;
        this.layout = table.layout();
        table.rows().stream().map(Row::state).forEach(named::add);
    }

    /** At least {@code count} operations (a failure injection brings the operation it arms). */
    public static List<Op> generate(long seed, int count, int cpus, KernelTable table) {
        ScriptGenerator g = new ScriptGenerator(seed, cpus, table);
        while (g.ops.size() < count) {
            g.next();
        }
        return List.copyOf(g.ops);
    }

    private void next() {
        int cpu = 1 + rng.nextInt(cpus - 1);
        int pick = rng.nextInt(100);
        if (pick < 30) {
            toggle(cpu);
        } else if (pick < 45) {
            read(anyFile());
        } else if (pick < 57) {
            int state = rng.nextInt(4) == 0 ? rng.nextInt(-2, layout.online() + 3) : named.get(rng.nextInt(named.size()));
            write("cpu" + cpu + "/hotplug/fail", String.valueOf(state));
            if (rng.nextInt(4) > 0) {
                toggle(cpu);
            } else {
                write("cpu" + cpu + "/hotplug/target", rng.nextBoolean() ? "0" : String.valueOf(layout.online()));
            }
        } else if (pick < 67) {
            int r = rng.nextInt(4);
            String v = r == 0 ? "0" : r == 1 ? String.valueOf(layout.online())
                    : String.valueOf(named.get(rng.nextInt(named.size())));
            write("cpu" + cpu + "/hotplug/target", v);
        } else if (pick < 74) {
            write("smt/control", SMT[rng.nextInt(SMT.length)]);
        } else if (pick < 90) {
            switch (rng.nextInt(3)) {
                case 0 -> write("cpu" + cpu + "/online", BOOLS[rng.nextInt(BOOLS.length)]);
                case 1 -> write("cpu" + rng.nextInt(cpus) + "/hotplug/fail", INTS[rng.nextInt(INTS.length)]);
                default -> write("cpu" + cpu + "/hotplug/target", INTS[rng.nextInt(INTS.length)]);
            }
        } else if (pick < 95) {
            write(rng.nextBoolean() ? READ_ONLY[rng.nextInt(READ_ONLY.length)] : "cpu" + rng.nextInt(cpus) + "/hotplug/state",
                    "0");
        } else {
            write("cpu0/online", "0");
        }
    }

    /** Mostly the other way than the script last sent {@code cpu}; now and then the same way. */
    private void toggle(int cpu) {
        boolean off = down.contains(cpu) == (rng.nextInt(4) == 0);
        write("cpu" + cpu + "/online", off ? "0" : "1");
        if (off) {
            down.add(cpu);
        } else {
            down.remove(cpu);
        }
    }

    private String anyFile() {
        int cpu = rng.nextInt(cpus);
        return switch (rng.nextInt(6)) {
            case 0 -> READ_ONLY[rng.nextInt(READ_ONLY.length)];
            case 1 -> "smt/control";
            case 2 -> "cpu" + cpu + "/online";
            case 3 -> "cpu" + cpu + "/hotplug/state";
            case 4 -> "cpu" + cpu + "/hotplug/target";
            default -> "cpu" + cpu + "/hotplug/fail";
        };
    }

    /** As {@code echo}: with a newline, now and then without one ({@code echo -n}). */
    private void write(String file, String value) {
        ops.add(Op.write(ops.size() + 1, file, rng.nextInt(8) == 0 && !value.isEmpty() ? value : value + "\n"));
    }

    private void read(String file) {
        ops.add(Op.read(ops.size() + 1, file));
    }
}
