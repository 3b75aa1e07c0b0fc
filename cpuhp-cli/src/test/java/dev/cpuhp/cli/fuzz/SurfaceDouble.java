package dev.cpuhp.cli.fuzz;

import dev.cpuhp.Machine;
import dev.cpuhp.sysfs.SysfsTree;

/**
 * A surface for the fuzzer's own tests: writes go straight to an in-process tree, and
 * {@link #answer} may twist what the fuzzer is told, to show each rule catching a break.
 */
abstract class SurfaceDouble implements Surface {
    Machine machine;
    SysfsTree tree;

    SurfaceDouble() {
        restart();
    }

    /** What the fuzzer hears for {@code t}, given what the tree really answered. */
    abstract Result answer(Target t, Result real);

    @Override
    public String name() {
        return "double";
    }

    @Override
    public Result write(Inputs in, Target t, byte[] payload) {
        int ret = tree.write(t.path(), payload, "fuzz");
        Result real = ret >= 0 ? Result.accepted(t.path())
                : Result.errno(dev.cpuhp.errno.Errno.of(ret).orElseThrow(), "errno " + ret, t.path());
        return answer(t, real);
    }

    @Override
    public Result other(Inputs in) {
        return answer(new Target("", Target.Kind.OTHER), Result.refused("other", "not taken", "other"));
    }

    @Override
    public Snapshot snapshot() {
        return Snapshot.of(tree);
    }

    @Override
    public void restart() {
        close();
        machine = Machine.builder().ideal(1, 2, 2).boot();
        tree = new SysfsTree(machine);
    }

    @Override
    public void close() {
        if (machine != null) {
            machine.close();
        }
    }
}
